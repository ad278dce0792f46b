<?php

namespace GoStream;

/**
 * The wait of a stream_select() whose arrays hold PHP's own streams as well
 * as gostream streams: one gs_select over both, PHP's streams passed as
 * foreign descriptors (-1 - fd, include/gostream.h). No slicing, and no
 * FD_SETSIZE limit on either kind. Needs NativeFd (SelectWait::mixed falls
 * back to slices without it).
 *
 * PHP's answer is kept: a descriptor counts once per set it is ready in
 * (as select(2) counts it), however many array entries share it; a stream
 * without a descriptor (php://memory) is skipped with PHP's warning, given
 * twice per call as PHP gives it (once when the sets are built, once when
 * they are read back).
 *
 * @internal
 */
final class SelectForeign
{
    public static function wait(SelectRequest $q, int $timeout): SelectReady|SelectFailure
    {
        $wantByFd = [];
        $where = [];
        $skipped = [];
        foreach ($q->natives as $set => $streams) {
            $bit = SelectRequest::SET_BITS[$set];
            foreach ($streams as $key => $s) {
                $fd = NativeFd::of($s);
                if ($fd === null) {
                    $skipped[] = $s;
                    continue;
                }
                $wantByFd[$fd] = ($wantByFd[$fd] ?? 0) | $bit;
                $where[$fd][] = [$set, $key];
            }
        }
        self::warnSkipped($skipped);
        $fds = \array_keys($wantByFd);
        // The wait's view of the request: the descriptors after the handles
        // (positions from $q->n on), as foreign entries -1 - fd.
        $all = clone $q;
        foreach ($fds as $fd) {
            $all->packed .= \pack('q', -1 - $fd);
        }
        $all->want .= \pack('C*', ...\array_values($wantByFd));
        $all->n += \count($fds);
        $k = SelectWait::call($all, $timeout);
        if ($k < 0) {
            SelectWait::failed($q, $k);
            return SelectFailure::Warned;
        }
        self::warnSkipped($skipped);
        $bits = SelectWait::bits($all, $k);
        $hits = SelectReady::NO_HITS;
        $count = 0;
        foreach ($bits as $i => $b) {
            if ($i < $q->n) {
                continue; // a gostream stream: Select::merge
            }
            unset($bits[$i]);
            $fd = $fds[$i - $q->n];
            $count += Select::POPCOUNT[$b];
            foreach ($where[$fd] as [$set, $key]) {
                if ($b & SelectRequest::SET_BITS[$set]) {
                    $hits[$set][$key] = true;
                }
            }
        }
        return new SelectReady($bits, $hits, $count);
    }

    /**
     * PHP's warning for streams it cannot select on.
     *
     * @param list<resource> $streams
     */
    private static function warnSkipped(array $streams): void
    {
        foreach ($streams as $s) {
            Compat::warn('stream_select', \sprintf('Cannot represent a stream of type %s as a select()able descriptor', Native::stream_get_meta_data($s)['stream_type']));
        }
    }
}
