<?php

namespace GoStream;

/**
 * stream_select() over gostream streams, with PHP 8.2's semantics: by-ref
 * arrays rebuilt with their keys, in order, duplicates kept; the count of
 * ready (stream, set) pairs; the buffered-data shortcut; PHP's exception
 * texts, chained as PHP chains them.
 *
 * This class runs a call and merges what the wait found into PHP's answer.
 * By concern: SelectArguments (PHP's argument checks and errors),
 * SelectRequest (the request read from the arrays, and its cache),
 * SelectDelta (the cache updated by what changed in the arrays),
 * SelectWait (the wait, in the library or mixed with PHP's streams). Arrays
 * holding only PHP's own streams go to PHP's stream_select().
 *
 * SelectForeign and NativeFd put PHP's streams into the library's wait;
 * arrays of PHP's streams alone go there too when one is numbered past
 * PHP's 1024-descriptor limit (SelectRequest::pastFdSetsize).
 *
 * @internal
 */
final class Select
{
    /** Ready bits (GS_READ|GS_WRITE|GS_EXCEPT, one per set) => how many sets they count in. */
    public const POPCOUNT = [0, 1, 1, 2, 1, 2, 2, 3];

    /**
     * The last timeout arguments that passed SelectArguments::timeoutUs, and
     * its answer for them (it depends on them alone when it returns): a loop
     * calling with the same timeout makes no call for it. The hot path of
     * run() makes as few PHP calls as it can: each costs about 250
     * instructions, as much as the rest of a call on one idle stream's work.
     */
    private static ?int $seconds = null;
    private static ?int $microseconds = null;
    private static int $timeout = -1;

    /**
     * stream_select(), after its fast path (in GoStream\stream_select, to
     * save a PHP call): $k is gs_select_fetch_args's error when the fast
     * path sent the kept block (it answers other results itself), null
     * otherwise.
     */
    public static function run(&$read, &$write, &$except, ?int $seconds, ?int $microseconds, ?int $k = null): int|false
    {
        if ($k === null) {
            // The general path may change the kept request (SelectRequest::of) before the block follows it.
            SelectWait::$primed = null;
            if (($read !== null && !\is_array($read)) || ($write !== null && !\is_array($write)) || ($except !== null && !\is_array($except))) {
                return Native::stream_select($read, $write, $except, $seconds, $microseconds); // PHP's TypeError
            }
        }
        for ($attempt = 0; ; $attempt++) {
            $q = SelectRequest::of($read, $write, $except);
            if ($q === null) {
                return Native::stream_select($read, $write, $except, $seconds, $microseconds); // no gostream stream at all
            }
            if ($seconds === self::$seconds && $microseconds === self::$microseconds) {
                $timeout = self::$timeout;
            } else {
                $timeout = self::$timeout = SelectArguments::timeoutUs($q, $seconds, $microseconds);
                self::$seconds = $seconds;
                self::$microseconds = $microseconds;
            }

            $buffered = $q->natives === [] && Stream::$phpBuffered === [] ? null : self::shortcut($q, $read);
            if ($buffered !== null) {
                return self::bufferedAlone($q, $read, $write, $except, $buffered);
            }

            if ($q->natives === []) {
                // gostream streams alone (the common loop): one gs_select_fetch, no objects made.
                if ($k === null) {
                    $k = SelectWait::call($q, $timeout);
                    if ($q->isCached() && !$q->readTwice && Stream::$fetchedAhead === [] && Stream::$phpBuffered === []) {
                        SelectWait::prime($q, $read, $write, $except, $seconds, $microseconds);
                    }
                }
                if ($k >= 0) {
                    // Nothing ready (0) empties every array given, as PHP does.
                    return self::merge($q, SelectWait::bits($q, $k), SelectReady::NO_HITS, 0, $read, $write, $except);
                }
                if ($k === -Abi::EBADF && $q->isCached()) {
                    if ($attempt === 0) {
                        // A stream of the kept request was closed since: read the arrays again (PHP's TypeError follows).
                        SelectRequest::forget();
                        $k = null;
                        continue;
                    }
                } else {
                    SelectWait::failed($q, $k);
                }
                SelectArguments::throwPending($q, [0]);
                return false;
            }

            $got = SelectWait::mixed($q, $timeout);
            if ($got instanceof SelectFailure) {
                SelectArguments::throwPending($q, [0]);
                return false;
            }
            return self::merge($q, $got->bits, $got->hits, $got->count, $read, $write, $except);
        }
    }

    /**
     * PHP's answer from what the wait found: the arrays cut to the ready
     * entries, and their count. Called by stream_select's fast path too,
     * for $k ready streams of the kept request (run() would find that
     * request again, with no PHP streams, errors or timeout to see to).
     *
     * @param array<int,int> $bits ready bits by gs_select position
     * @param array{0:array,1:array,2:array} $hits ready PHP streams' keys by set, $count of them
     */
    public static function merge(SelectRequest $q, array $bits, array $hits, int $count, &$read, &$write, &$except): int
    {
        if ($q->readTwice && $bits !== [] && self::libraryShortcut($q, $bits)) {
            // PHP counts each read element with buffered bytes, duplicates included.
            $handles = [];
            foreach ($bits as $i => $_) {
                $handles[] = $q->handles[$i];
            }
            return self::bufferedAlone($q, $read, $write, $except, $q->keysIn(0, $handles));
        }
        // Per ready stream, the cost of a call: the request's arrays in locals.
        $handles = $q->handles;
        $firstSet = $q->firstSet;
        $firstKey = $q->firstKey;
        $more = $q->more;
        foreach ($bits as $i => $b) {
            $count += self::POPCOUNT[$b];
            $h = $handles[$i];
            $set = $firstSet[$h];
            if ($b & SelectRequest::SET_BITS[$set]) {
                $hits[$set][$firstKey[$h]] = true;
            }
            if (isset($more[$h])) {
                foreach ($more[$h] as [$set, $key]) {
                    if ($b & SelectRequest::SET_BITS[$set]) {
                        $hits[$set][$key] = true;
                    }
                }
            }
        }
        // array_intersect_key keeps the original order and keys, duplicates included.
        if ($read !== null) {
            $read = \array_intersect_key($read, $hits[0]);
        }
        if ($write !== null) {
            $write = \array_intersect_key($write, $hits[1]);
        }
        if ($except !== null) {
            $except = \array_intersect_key($except, $hits[2]);
        }
        if ($q->errors !== []) {
            SelectArguments::throwPending($q, [0, 0, 1, 2]);
        }
        return $count;
    }

    /**
     * PHP's answer when streams have buffered bytes: those read-array entries
     * alone, the other arrays emptied, no wait.
     *
     * @param array<int|string,true> $keys
     */
    private static function bufferedAlone(SelectRequest $q, &$read, &$write, &$except, array $keys): int
    {
        $read = \array_intersect_key($read, $keys);
        if ($write !== null) {
            $write = [];
        }
        if ($except !== null) {
            $except = [];
        }
        SelectArguments::throwPending($q, [0]);
        return \count($read);
    }

    /**
     * PHP's buffered-data shortcut for data the library's select cannot see:
     * bytes in PHP's own buffers (PHP streams, or gostream streams read with
     * the global fgets). If there are any, every read-array stream with
     * buffered bytes anywhere is reported, alone. In a mixed wait the
     * library's buffers are checked here too, since its own shortcut in
     * gs_select would not keep PHP's streams out. Returns read-array keys,
     * or null to go on and wait.
     *
     * @return array<int|string,true>|null
     */
    private static function shortcut(SelectRequest $q, ?array $read): ?array
    {
        $mixed = $q->natives !== [];
        if ($read === null || (!$mixed && Stream::$phpBuffered === [])) {
            return null;
        }
        $found = [];
        foreach ($q->natives[0] ?? [] as $key => $s) {
            if (Native::stream_get_meta_data($s)['unread_bytes'] > 0) {
                $found[$key] = true;
            }
        }
        $inPhp = [];
        foreach ($q->bits as $h => $b) {
            if ($b & Abi::GS_READ && isset(Stream::$phpBuffered[$h]) && $q->streams[$h]->phpUnread($read[$q->readKey($h)]) > 0) {
                $inPhp[$h] = true;
            }
        }
        if (!$mixed && $found === [] && $inPhp === []) {
            return null;
        }
        $buffered = [];
        foreach ($q->bits as $h => $b) {
            if (!($b & Abi::GS_READ)) {
                continue;
            }
            if (!isset($inPhp[$h])) {
                $info = $q->streams[$h]->info();
                if ($info === null || $info[Abi::GS_INFO_UNREAD] === 0) {
                    continue;
                }
            }
            $buffered[] = $h;
        }
        $found += $q->keysIn(0, $buffered);
        return $found === [] ? null : $found;
    }

    /**
     * Whether gs_select answered with its buffered-data shortcut (it then
     * reports only handles with buffered bytes, for reading). Asked only when
     * a stream is listed twice in $read, where PHP's count differs.
     *
     * @param array<int,int> $bits
     */
    private static function libraryShortcut(SelectRequest $q, array $bits): bool
    {
        $i = \array_key_first($bits);
        if ($bits[$i] !== Abi::GS_READ) {
            return false;
        }
        $info = $q->streams[$q->handles[$i]]->info();
        return $info !== null && $info[Abi::GS_INFO_UNREAD] > 0;
    }
}
