<?php

namespace GoStream;

/**
 * stream_select() over gostream streams, with PHP 8.2's semantics: by-ref
 * arrays rebuilt with their keys, in order, duplicates kept; the count of
 * ready (stream, set) pairs; the buffered-data shortcut; PHP's exception
 * texts, chained as PHP chains them.
 *
 * Arrays holding only ordinary PHP streams go to PHP's stream_select(). Arrays
 * that mix both are waited on in slices: the library for at most SLICE_US,
 * then PHP's streams without waiting, and again, so a PHP stream that becomes
 * ready is noticed at most SLICE_US late (plus the time of one round).
 *
 * The arrays of the last call are kept to recognise the common loop: while
 * the same arrays come back, the request is not built again (an unchanged
 * array compares in O(1), an equal one in one C loop). They also keep their
 * streams alive until the next call, so a stream dropped from a client list
 * without fclose() is closed at the next stream_select() rather than at once.
 *
 * @internal
 */
final class Select
{
    /** Longest a mixed wait stays in the library before looking at PHP's own streams. */
    public const SLICE_US = 5000;

    private const ERR_ARGUMENT = 'stream_select(): supplied argument is not a valid stream resource';
    private const ERR_RESOURCE = 'stream_select(): supplied resource is not a valid stream resource';

    /** Ready bits (GS_READ|GS_WRITE|GS_EXCEPT, one per set) => how many sets they count in. */
    private const POPCOUNT = [0, 1, 1, 2, 1, 2, 2, 3];

    /** The interest bit of each array: $read, $write, $except. */
    private const SET_BITS = [Abi::GS_READ, Abi::GS_WRITE, Abi::GS_EXCEPT];

    /** The last request without PHP streams or bad elements, reused while the same arrays come back. */
    private static ?SelectRequest $cached = null;
    private static ?array $lastRead = null;
    private static ?array $lastWrite = null;
    private static ?array $lastExcept = null;

    private static ?\FFI\CData $ready = null;
    private static ?\FFI\CData $lens = null;
    private static int $readySize = 0;

    /**
     * Room for the bytes gs_select_fetch hands back with the ready streams
     * (at most 64 KiB a stream): their fread() then needs no call into the
     * library. Streams beyond this room are read as usual.
     */
    private const FETCH_SIZE = 1 << 18;
    private static ?\FFI\CData $data = null;

    public static function run(&$read, &$write, &$except, ?int $seconds, ?int $microseconds): int|false
    {
        if (($read !== null && !\is_array($read)) || ($write !== null && !\is_array($write)) || ($except !== null && !\is_array($except))) {
            return Native::stream_select($read, $write, $except, $seconds, $microseconds); // PHP's TypeError
        }
        for ($attempt = 0; ; $attempt++) {
            // Arrays compare by pointer first: an unchanged array costs O(1) here.
            $q = self::$cached;
            if ($q === null || $read !== self::$lastRead || $write !== self::$lastWrite || $except !== self::$lastExcept) {
                $q = self::build($read, $write, $except);
                if ($q === null) {
                    return Native::stream_select($read, $write, $except, $seconds, $microseconds); // no gostream stream at all
                }
            }
            $timeout = self::timeout($q, $seconds, $microseconds);

            $buffered = self::shortcut($q, $read);
            if ($buffered !== null) {
                return self::bufferedAlone($q, $read, $write, $except, $buffered);
            }

            $got = $q->natives === [] ? self::wait($q, $timeout) : self::waitMixed($q, $timeout);
            if ($got === null && $attempt === 0) {
                // A stream of the cached request was closed since: read the arrays again (PHP's TypeError follows).
                self::$cached = null;
                continue;
            }
            if ($got === false || $got === null) {
                self::throwPending($q, [0]);
                return false;
            }
            break;
        }
        [$bits, $hits, $count] = $got;
        if ($q->readTwice && $bits !== [] && self::libraryShortcut($q, $bits)) {
            // PHP counts each read element with buffered bytes, duplicates included.
            return self::bufferedAlone($q, $read, $write, $except, self::readHits($q, $bits));
        }
        foreach ($bits as $i => $b) {
            $count += self::POPCOUNT[$b];
            $h = $q->handles[$i];
            $set = $q->firstSet[$h];
            if ($b & self::SET_BITS[$set]) {
                $hits[$set][$q->firstKey[$h]] = true;
            }
            foreach ($q->more[$h] ?? [] as [$set, $key]) {
                if ($b & self::SET_BITS[$set]) {
                    $hits[$set][$key] = true;
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
        self::throwPending($q, [0, 0, 1, 2]);
        return $count;
    }

    /**
     * PHP's answer when streams have buffered bytes: those read-array entries
     * alone, the other arrays emptied, no wait.
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
        self::throwPending($q, [0]);
        return \count($read);
    }

    /**
     * Reads the arrays once: distinct handles with OR-ed interest bits, where
     * each one appears, PHP streams apart, bad elements as PHP's errors. Null
     * when no gostream stream is present. (This loop is the cost of a call
     * with new arrays: keep it lean.)
     */
    private static function build(?array $read, ?array $write, ?array $except): ?SelectRequest
    {
        $q = new SelectRequest();
        $open = Stream::$open;
        $streams = [];
        $want = [];
        $firstKey = [];
        $firstSet = [];
        $more = [];
        $readTwice = false;
        foreach ([$read, $write, $except] as $set => $array) {
            if ($array === null) {
                continue;
            }
            $bit = self::SET_BITS[$set];
            foreach ($array as $key => $v) {
                if (\is_resource($v) && ($s = $open[(int) $v] ?? null) !== null) {
                    $h = $s->h;
                    if (isset($want[$h])) {
                        $readTwice = $readTwice || ($want[$h] & $bit & Abi::GS_READ) !== 0;
                        $want[$h] |= $bit;
                        $more[$h][] = [$set, $key];
                    } else {
                        $streams[$h] = $s;
                        $want[$h] = $bit;
                        $firstKey[$h] = $key;
                        $firstSet[$h] = $set;
                    }
                } elseif (!\is_resource($v)) {
                    $q->errors[$set][] = \gettype($v) === 'resource (closed)' ? self::ERR_RESOURCE : self::ERR_ARGUMENT;
                } elseif (\in_array(\get_resource_type($v), ['stream', 'persistent stream'], true)) {
                    $q->natives[$set][$key] = $v;
                } else {
                    $q->errors[$set][] = self::ERR_RESOURCE;
                }
            }
        }
        if ($want === []) {
            return null;
        }
        $q->handles = \array_keys($want);
        $q->n = \count($want);
        $q->bits = $want;
        $q->streams = $streams;
        $q->firstKey = $firstKey;
        $q->firstSet = $firstSet;
        $q->more = $more;
        $q->readTwice = $readTwice;
        $q->packed = \pack('q*', ...$q->handles);
        $q->want = \pack('C*', ...$want);
        if ($q->natives === [] && $q->errors === []) {
            self::$cached = $q;
            self::$lastRead = $read;
            self::$lastWrite = $write;
            self::$lastExcept = $except;
        } else {
            self::$cached = self::$lastRead = self::$lastWrite = self::$lastExcept = null;
        }
        if (self::$readySize < $q->n) {
            self::$readySize = \max($q->n, 2 * self::$readySize, 64);
            self::$ready = Gateway::$ffi->new('uint32_t[' . self::$readySize . ']');
            self::$lens = Gateway::$ffi->new('uint32_t[' . self::$readySize . ']');
            self::$data ??= Gateway::$ffi->new('char[' . self::FETCH_SIZE . ']');
        }
        return $q;
    }

    /**
     * PHP's argument checks on the timeout, in PHP's order; microseconds, -1
     * for none. PHP skips argument errors while an exception is pending: a
     * bad element then wins over a bad timeout.
     */
    private static function timeout(SelectRequest $q, ?int $seconds, ?int $microseconds): int
    {
        $error = null;
        if ($seconds === null) {
            if ($microseconds !== null && $microseconds !== 0) {
                $error = 'stream_select(): Argument #5 ($microseconds) must be null when argument #4 ($seconds) is null';
            }
        } elseif ($seconds < 0) {
            $error = 'stream_select(): Argument #4 ($seconds) must be greater than or equal to 0';
        } elseif ($microseconds !== null && $microseconds < 0) {
            $error = 'stream_select(): Argument #5 ($microseconds) must be greater than or equal to 0';
        }
        if ($error !== null) {
            throw self::chain($q, [0, 1, 2]) ?? new \ValueError($error);
        }
        if ($seconds === null) {
            return -1;
        }
        $microseconds ??= 0;
        if ($seconds > \intdiv(\PHP_INT_MAX - $microseconds, 1000000)) {
            return -1;
        }
        return $seconds * 1000000 + $microseconds;
    }

    /**
     * PHP's buffered-data shortcut for data the library's select cannot see:
     * bytes in PHP's own buffers (PHP streams, or gostream streams read with
     * the global fgets). If there are any, every read-array stream with
     * buffered bytes anywhere is reported, alone. In a mixed wait the
     * library's buffers are checked here too, since its own shortcut in
     * gs_select would not keep PHP's streams out. Returns read-array positions,
     * or null to go on and wait.
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
            if ($b & Abi::GS_READ && isset(Stream::$phpBuffered[$h]) && $q->streams[$h]->phpUnread($read[self::readKey($q, $h)]) > 0) {
                $inPhp[$h] = true;
            }
        }
        if (!$mixed && $found === [] && $inPhp === []) {
            return null;
        }
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
            if ($q->firstSet[$h] === 0) {
                $found[$q->firstKey[$h]] = true;
            }
            foreach ($q->more[$h] ?? [] as [$set, $key]) {
                if ($set === 0) {
                    $found[$key] = true;
                }
            }
        }
        return $found === [] ? null : $found;
    }

    /**
     * Whether gs_select answered with its buffered-data shortcut (it then
     * reports only handles with buffered bytes, for reading). Asked only when
     * a stream is listed twice in $read, where PHP's count differs.
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

    /** @return array<int|string,true> the read-array keys of the handles in $bits */
    private static function readHits(SelectRequest $q, array $bits): array
    {
        $hits = [];
        foreach ($bits as $i => $_) {
            $h = $q->handles[$i];
            if ($q->firstSet[$h] === 0) {
                $hits[$q->firstKey[$h]] = true;
            }
            foreach ($q->more[$h] ?? [] as [$set, $key]) {
                if ($set === 0) {
                    $hits[$key] = true;
                }
            }
        }
        return $hits;
    }

    /** A key under which handle $h appears in the read array (it is asked for reading). */
    private static function readKey(SelectRequest $q, int $h): int|string
    {
        if ($q->firstSet[$h] === 0) {
            return $q->firstKey[$h];
        }
        foreach ($q->more[$h] as [$set, $key]) {
            if ($set === 0) {
                return $key;
            }
        }
        throw new \LogicException('gostream: handle not in the read array');
    }

    /**
     * One gs_select. Returns [bits by handle index, PHP-stream hits, PHP-stream
     * count], false after a failure (warned), null when a cached handle is gone.
     */
    private static function wait(SelectRequest $q, int $timeout): array|false|null
    {
        $k = self::call($q, $timeout);
        if ($k >= 0) {
            return [self::bits($q, $k), [[], [], []], 0];
        }
        if ($k === -Abi::EBADF && $q === self::$cached) {
            return null;
        }
        self::failed($q, $k);
        return false;
    }

    /** Waits on gostream and PHP streams together, in slices. */
    private static function waitMixed(SelectRequest $q, int $timeout): array|false
    {
        $ffi = Gateway::$ffi;
        $deadline = $timeout < 0 ? null : \hrtime(true) + $timeout * 1000;
        $first = true;
        while (true) {
            $native = self::natives($q, $first);
            $first = false;
            if ($native === false) {
                return false;
            }
            if ($native[1] > 0) {
                $slice = 0;
            } else {
                $left = $deadline === null ? -1 : \max(0, \intdiv($deadline - \hrtime(true), 1000));
                $slice = $q->natives === [] ? $left : ($left < 0 ? self::SLICE_US : \min($left, self::SLICE_US));
            }
            $k = self::call($q, $slice);
            if ($k < 0) {
                self::failed($q, $k);
                return false;
            }
            if ($k > 0 && $native[1] === 0 && $q->natives !== []) {
                $native = self::natives($q, false);
                if ($native === false) {
                    return false;
                }
            }
            if ($k > 0 || $native[1] > 0 || ($deadline !== null && \hrtime(true) >= $deadline)) {
                return [self::bits($q, $k), $native[0], $native[1]];
            }
        }
    }

    /**
     * PHP's stream_select on the PHP streams, without waiting. Only the first
     * call may warn (PHP warns about a stream it cannot select on twice per
     * call, and so does this first call); streams PHP cannot select on at all
     * are dropped, as PHP drops them.
     */
    private static function natives(SelectRequest $q, bool $first): array|false
    {
        $r = $q->natives[0] ?? null;
        $w = $q->natives[1] ?? null;
        $e = $q->natives[2] ?? null;
        try {
            $n = $first ? Native::stream_select($r, $w, $e, 0, 0) : @Native::stream_select($r, $w, $e, 0, 0);
        } catch (\ValueError $ex) {
            // None could be selected on. PHP, having other streams to wait for,
            // would warn again when reading the sets back: so do we.
            foreach ($q->natives as $streams) {
                foreach ($streams as $s) {
                    Compat::warn('stream_select', \sprintf('Cannot represent a stream of type %s as a select()able descriptor', Native::stream_get_meta_data($s)['stream_type']));
                }
            }
            $q->natives = [];
            return [[[], [], []], 0];
        }
        if ($n === false) {
            return false;
        }
        return [[$r ?? [], $w ?? [], $e ?? []], $n];
    }

    /**
     * One gs_select_fetch (gs_select when a stream is listed twice for
     * reading, where PHP's count needs the library's own shortcut to show).
     * Streams whose fetched bytes are still unread are marked GS_BUFFERED:
     * to PHP those bytes are still in the kernel, so the library reports
     * the streams readable at once, together with whatever else is ready.
     */
    private static function call(SelectRequest $q, int $timeout): int
    {
        $ffi = Gateway::$ffi;
        if ($q->readTwice) {
            return $ffi->gs_select($q->packed, $q->want, $q->n, $timeout, self::$ready);
        }
        $want = $q->want;
        if (Stream::$fetchedAhead !== []) {
            $q->pos ??= \array_flip($q->handles);
            foreach (Stream::$fetchedAhead as $h => $_) {
                if (isset($q->pos[$h]) && ($q->bits[$h] & Abi::GS_READ)) {
                    $want[$q->pos[$h]] = \chr($q->bits[$h] | Abi::GS_BUFFERED);
                }
            }
        }
        return $ffi->gs_select_fetch($q->packed, $want, $q->n, $timeout, self::$ready, self::$data, self::FETCH_SIZE, self::$lens);
    }

    /**
     * @return array<int,int> handle index => ready bits. Bytes fetched with
     * the ready streams go to their Stream objects, and so does an end of stream.
     */
    private static function bits(SelectRequest $q, int $k): array
    {
        $bits = [];
        if ($k === 0) {
            return $bits;
        }
        $ready = \unpack('V*', \FFI::string(self::$ready, 4 * $k));
        if ($q->readTwice) {
            foreach ($ready as $v) {
                $bits[$v >> Abi::GS_READY_SHIFT] = $v & Abi::GS_READY_MASK;
            }
            return $bits;
        }
        $lens = \unpack('V*', \FFI::string(self::$lens, 4 * $k));
        $total = 0;
        foreach ($lens as $len) {
            if ($len > 1) {
                $total += $len - 1;
            }
        }
        $blob = $total > 0 ? \FFI::string(self::$data, $total) : '';
        $off = 0;
        foreach ($ready as $j => $v) {
            $i = $v >> Abi::GS_READY_SHIFT;
            $bits[$i] = $v & Abi::GS_READY_MASK;
            $len = $lens[$j];
            if ($len > 1) {
                $q->streams[$q->handles[$i]]->fetched($len === $total + 1 ? $blob : \substr($blob, $off, $len - 1));
                $off += $len - 1;
            } elseif ($len === 1) {
                $q->streams[$q->handles[$i]]->ended();
            }
        }
        return $bits;
    }

    /** A failed wait: PHP's warning (EINTR: "Unable to select [4]: Interrupted system call"). */
    private static function failed(SelectRequest $q, int $k): void
    {
        Gateway::check($k);
        // There is no descriptor number to show: max_fd is the number of library handles waited on.
        Compat::warn('stream_select', \sprintf('Unable to select [%d]: %s (max_fd=%d)', Abi::errno($k), Gateway::strerror($k), $q->n));
    }

    /**
     * PHP raises one TypeError per bad element each time it walks an array
     * (to build the sets, to look for buffered data in $read, to rebuild the
     * sets), each chained to the one before: replay that chain.
     */
    private static function chain(SelectRequest $q, array $walks, ?\Throwable $prev = null): ?\Throwable
    {
        if ($q->errors === []) {
            return $prev;
        }
        foreach ($walks as $set) {
            foreach ($q->errors[$set] ?? [] as $message) {
                $prev = new \TypeError($message, 0, $prev);
            }
        }
        return $prev;
    }

    /** Throws the chain of TypeErrors PHP would have pending after its walks (sets, then $read again, then more). */
    private static function throwPending(SelectRequest $q, array $more): void
    {
        if ($q->errors !== []) {
            throw self::chain($q, $more, self::chain($q, [0, 1, 2]));
        }
    }
}

/**
 * One stream_select call, read from its arrays.
 *
 * @internal
 */
final class SelectRequest
{
    /** Number of distinct gostream handles. */
    public int $n = 0;
    /** @var list<int> the distinct handles, in gs_select order */
    public array $handles = [];
    /** @var array<int,Stream> handle => its stream */
    public array $streams = [];
    /** @var array<int,int> handle => GS_READ|GS_WRITE|GS_EXCEPT asked for it */
    public array $bits = [];
    /** @var array<int,int|string> handle => the key of its first appearance */
    public array $firstKey = [];
    /** @var array<int,int> handle => the set (0 read, 1 write, 2 except) of its first appearance */
    public array $firstSet = [];
    /** @var array<int,list<array{0:int,1:int|string}>> handle => [set, key] of its other appearances */
    public array $more = [];
    /** Some stream is listed twice in the read array. */
    public bool $readTwice = false;
    /** @var array<int,array<int|string,resource>> set => key => PHP stream */
    public array $natives = [];
    /** @var array<int,list<string>> set => TypeError messages for bad elements */
    public array $errors = [];
    public string $packed = '';
    public string $want = '';
    /** @var array<int,int>|null handle => its index in $handles, made when first needed */
    public ?array $pos = null;
}
