<?php

namespace GoStream;

/**
 * The kept stream_select request brought up to date with arrays that differ
 * from the last call's by a few entries, in work proportional to the change.
 * Event loops change their arrays a little on every call (Revolt turns a
 * read watcher off and on around each read: the stream leaves the array and
 * comes back at its end), and a rebuild reads every entry of every array.
 *
 * The change is found by PHP's C functions (array_diff_key, ===,
 * array_replace), which pass over the arrays many times faster than a PHP
 * loop; PHP code then runs once per added or removed entry. Anything this
 * does not handle leaves the request untouched and asks for a rebuild: an
 * array that came or went (null), a kept key now holding another value, an
 * added entry that is not an open gostream stream (PHP's own streams and
 * bad elements are the rebuild's business), or a change too large to pay.
 *
 * @internal
 */
final class SelectDelta
{
    /** A rebuild costs less once more than 1/REBUILD_SHARE of the streams (plus REBUILD_MIN) change. */
    private const REBUILD_SHARE = 4;
    private const REBUILD_MIN = 8;

    /**
     * Applies the change from $olds to $news ([read, write, except]) to $q.
     * Returns false, $q untouched, when it must be built again instead.
     *
     * @param array{0:?array,1:?array,2:?array} $olds the arrays $q was made for
     * @param array{0:?array,1:?array,2:?array} $news this call's arrays
     */
    public static function apply(SelectRequest $q, array $olds, array $news): bool
    {
        $limit = \intdiv($q->n, self::REBUILD_SHARE) + self::REBUILD_MIN;
        $count = 0;
        $open = Stream::$open;
        $byId = $q->byId ??= \array_column($q->list, 'h', 'id');
        $removes = [];
        $adds = [];
        foreach ($news as $set => $new) {
            $old = $olds[$set];
            if ($new === $old) {
                continue;
            }
            if ($new === null || $old === null) {
                return false;
            }
            $added = \array_diff_key($new, $old);
            $gone = \count($old) + \count($added) - \count($new);
            $count += \count($added) + $gone;
            if ($count > $limit) {
                return false;
            }
            $removed = $gone === 0 ? [] : \array_diff_key($old, $new);
            // The kept keys must hold the same values: the old array changed
            // so must be the new one, in the same order or (a stream taken
            // out and put back) in another.
            $expect = $old;
            foreach ($removed as $key => $_) {
                unset($expect[$key]);
            }
            $expect += $added;
            if ($expect !== $new && \array_replace($expect, $new) !== $expect) {
                return false;
            }
            foreach ($removed as $key => $v) {
                $removes[] = [$set, $key, $byId[(int) $v]];
            }
            foreach ($added as $key => $v) {
                if (!\is_resource($v) || ($s = $open[(int) $v] ?? null) === null) {
                    return false;
                }
                $adds[] = [$set, $key, $s];
            }
        }
        SelectRequest::$entriesRead += $count;
        foreach ($removes as [$set, $key, $h]) {
            $q->remove($set, $key, $h);
        }
        foreach ($adds as [$set, $key, $s]) {
            $q->add($set, $key, $s);
        }
        return true;
    }
}
