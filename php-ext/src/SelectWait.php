<?php

namespace GoStream;

/**
 * The wait of stream_select(): one gs_select_fetch over the gostream
 * streams. When PHP's own streams are in the arrays too, the same call
 * waits on their descriptors (SelectForeign); where PHP cannot tell them
 * (NativeFd unavailable), slices of at most SLICE_US in the library with
 * PHP's stream_select (not waiting) on PHP's streams between them, so a PHP
 * stream that becomes ready is noticed at most SLICE_US late (plus the time
 * of one round).
 *
 * @internal
 */
final class SelectWait
{
    /** Longest a mixed wait stays in the library before looking at PHP's own streams. */
    public const SLICE_US = 5000;

    /**
     * Room for the bytes gs_select_fetch hands back with the ready streams
     * (at most 64 KiB a stream): their fread() then needs no call into the
     * library. Streams beyond this room are read as usual.
     */
    private const FETCH_SIZE = 1 << 18;

    private static ?\FFI\CData $ready = null;
    private static ?\FFI\CData $lens = null;
    private static int $readySize = 0;
    private static ?\FFI\CData $data = null;

    /**
     * gs_select_fetch_args's block and a pointer to it, with C copies of
     * the request's handles and interest bytes: PHP's FFI costs about 400
     * instructions per argument of every call, so the common call passes
     * one pointer, and a field is written only when its value changed
     * (what the block holds now: the strings and the timeout last copied).
     */
    private static ?\FFI\CData $args = null;
    private static ?\FFI\CData $argsPtr = null;
    /**
     * Set (to the arguments of that call) while the block holds the kept
     * request (SelectRequest's cached one: no PHP streams, no bad
     * elements, no stream twice in $read), its interest bytes without
     * marks, and the timeout of that call: then stream_select's fast path
     * may call gs_select_fetch_args as the block is, for equal arguments,
     * while no stream holds fetched or PHP-buffered bytes (Stream's
     * indexes, which it checks: a loop that reads every byte a select
     * fetched keeps the fast path). Set by Select after its common call
     * (prime()); any other call clears it.
     */
    public static ?SelectFast $primed = null;
    private static ?SelectFast $fast = null;
    private static ?\FFI\CData $handles = null;
    private static ?\FFI\CData $want = null;
    private static ?string $sentHandles = null;
    private static ?string $sentWant = null;
    private static ?int $sentTimeout = null;

    /** Makes the buffers hold $n entries. */
    private static function reserve(int $n): void
    {
        if (self::$readySize < $n || self::$args === null) {
            $ffi = Gateway::$ffi;
            self::$readySize = \max($n, 2 * self::$readySize, 64);
            self::$ready = $ffi->new('uint32_t[' . self::$readySize . ']');
            self::$lens = $ffi->new('uint32_t[' . self::$readySize . ']');
            self::$data ??= $ffi->new('char[' . self::FETCH_SIZE . ']');
            self::$handles = $ffi->new('int64_t[' . self::$readySize . ']');
            self::$want = $ffi->new('char[' . self::$readySize . ']');
            if (self::$args === null) {
                self::$args = $ffi->new('struct gs_select_args');
                self::$argsPtr = \FFI::addr(self::$args);
                self::$args->data = $ffi->cast('char *', self::$data);
                self::$args->datalen = self::FETCH_SIZE;
            }
            $a = self::$args;
            $a->handles = \FFI::addr(self::$handles);
            $a->want = $ffi->cast('char *', self::$want);
            $a->ready = $ffi->cast('uint32_t *', self::$ready);
            $a->lens = $ffi->cast('uint32_t *', self::$lens);
            self::$sentHandles = self::$sentWant = null; // the new buffers hold nothing yet
        }
    }

    /** gostream and PHP streams together: in one wait, or in slices. */
    public static function mixed(SelectRequest $q, int $timeout): SelectReady|SelectFailure
    {
        if (NativeFd::available()) {
            return SelectForeign::wait($q, $timeout);
        }
        $deadline = $timeout < 0 ? null : \hrtime(true) + $timeout * 1000;
        $first = true;
        while (true) {
            $native = self::natives($q, $first);
            $first = false;
            if ($native instanceof SelectFailure) {
                return $native;
            }
            if ($native->count > 0) {
                $slice = 0;
            } else {
                $left = $deadline === null ? -1 : \max(0, \intdiv($deadline - \hrtime(true), 1000));
                $slice = $q->natives === [] ? $left : ($left < 0 ? self::SLICE_US : \min($left, self::SLICE_US));
            }
            $k = self::call($q, $slice);
            if ($k < 0) {
                self::failed($q, $k);
                return SelectFailure::Warned;
            }
            if ($k > 0 && $native->count === 0 && $q->natives !== []) {
                $native = self::natives($q, false);
                if ($native instanceof SelectFailure) {
                    return $native;
                }
            }
            if ($k > 0 || $native->count > 0 || ($deadline !== null && \hrtime(true) >= $deadline)) {
                return new SelectReady(self::bits($q, $k), $native->hits, $native->count);
            }
        }
    }

    /**
     * PHP's stream_select on PHP's streams, without waiting (its failure is
     * warned by PHP). Only the first call may warn (PHP warns about a stream
     * it cannot select on twice per call, and so does this first call);
     * streams PHP cannot select on at all are dropped, as PHP drops them.
     */
    private static function natives(SelectRequest $q, bool $first): SelectReady|SelectFailure
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
            return new SelectReady([]);
        }
        if ($n === false) {
            return SelectFailure::Warned;
        }
        return new SelectReady([], [$r ?? [], $w ?? [], $e ?? []], $n);
    }

    /**
     * One gs_select_fetch, waiting up to $timeout microseconds (-1: no
     * limit): the count of ready handles (see bits()) or the library's
     * negative code. (gs_select when a stream is listed twice for reading,
     * where PHP's count needs the library's own shortcut to show.)
     * Streams whose fetched bytes are still unread are marked GS_BUFFERED:
     * to PHP those bytes are still in the kernel, so the library reports
     * the streams readable at once, together with whatever else is ready.
     */
    public static function call(SelectRequest $q, int $timeout): int
    {
        SelectWait::$primed = null;
        if (self::$readySize < $q->n || self::$args === null) {
            self::reserve($q->n);
        }
        $ffi = Gateway::$ffi;
        $want = $q->want;
        if (Stream::$fetchedAhead !== []) {
            $q->pos ??= \array_flip($q->handles);
            foreach (Stream::$fetchedAhead as $h => $_) {
                if (isset($q->pos[$h]) && ($q->bits[$h] & Abi::GS_READ)) {
                    $want[$q->pos[$h]] = \chr($q->bits[$h] | Abi::GS_BUFFERED);
                }
            }
        }
        if ($q->readTwice) {
            // The marks too: bytes fetched by an earlier call are still unread.
            return $ffi->gs_select($q->packed, $want, $q->n, $timeout, self::$ready);
        }
        // Strings compare by pointer first: an unchanged request costs O(1) here.
        if ($q->packed !== self::$sentHandles) {
            \FFI::memcpy(self::$handles, $q->packed, \strlen($q->packed));
            self::$args->n = $q->n;
            self::$sentHandles = $q->packed;
        }
        if ($want !== self::$sentWant) {
            \FFI::memcpy(self::$want, $want, \strlen($want));
            self::$sentWant = $want;
        }
        if ($timeout !== self::$sentTimeout) {
            self::$args->timeout_us = self::$sentTimeout = $timeout;
        }
        return $ffi->gs_select_fetch_args(self::$argsPtr);
    }

    /** Lets stream_select's fast path repeat the call just made for these arguments. */
    public static function prime(SelectRequest $q, ?array $read, ?array $write, ?array $except, ?int $seconds, ?int $microseconds): void
    {
        $f = self::$fast ??= new SelectFast(Gateway::$ffi, self::$argsPtr);
        $f->q = $q;
        $f->read = $read;
        $f->write = $write;
        $f->except = $except;
        $f->seconds = $seconds;
        $f->microseconds = $microseconds;
        self::$primed = $f;
    }

    /**
     * @return array<int,int> handle index => ready bits. Bytes fetched with
     * the ready streams go to their Stream objects, and so does an end of stream.
     */
    public static function bits(SelectRequest $q, int $k): array
    {
        $bits = [];
        if ($k === 0) {
            return $bits;
        }
        // Entries are read from the C arrays one by one: unpack() costs
        // about three times as much per entry (it makes a key string for each).
        $ready = self::$ready;
        $shift = Abi::GS_READY_SHIFT;
        $mask = Abi::GS_READY_MASK;
        if ($q->readTwice) {
            for ($j = 0; $j < $k; $j++) {
                $v = $ready[$j];
                $bits[$v >> $shift] = $v & $mask;
            }
            return $bits;
        }
        // An entry's data is len - 1 bytes (1 marks an end of stream, 0 none): the blob holds their sum.
        $c = self::$lens;
        $lens = [];
        $total = 0;
        for ($j = 0; $j < $k; $j++) {
            $len = $lens[] = $c[$j];
            if ($len > 1) {
                $total += $len - 1;
            }
        }
        $blob = $total > 0 ? \FFI::string(self::$data, $total) : '';
        $off = 0;
        $streams = $q->list;
        for ($j = 0; $j < $k; $j++) {
            $v = $ready[$j];
            $i = $v >> $shift;
            $bits[$i] = $v & $mask;
            $len = $lens[$j];
            if ($len > 1) {
                $streams[$i]->addFetched($len === $total + 1 ? $blob : \substr($blob, $off, $len - 1));
                $off += $len - 1;
            } elseif ($len === 1) {
                $streams[$i]->markEnded();
            }
        }
        return $bits;
    }

    /** A failed wait: PHP's warning (EINTR: "Unable to select [4]: Interrupted system call"). */
    public static function failed(SelectRequest $q, int $k): void
    {
        Gateway::check($k);
        // There is no descriptor number to show: max_fd is the number of library handles waited on.
        Compat::warn('stream_select', \sprintf('Unable to select [%d]: %s (max_fd=%d)', Abi::errno($k), Gateway::strerror($k), $q->n));
    }
}

/**
 * What a wait found: ready bits by gs_select position for the gostream
 * streams, and PHP's own streams that are ready (keys by set) with their count.
 *
 * @internal
 */
final class SelectReady
{
    /** No PHP stream ready, in each set. */
    public const NO_HITS = [[], [], []];

    /**
     * @param array<int,int> $bits
     * @param array{0:array,1:array,2:array} $hits
     */
    public function __construct(
        public readonly array $bits,
        public readonly array $hits = self::NO_HITS,
        public readonly int $count = 0,
    ) {
    }
}

/**
 * What stream_select's fast path compares and calls, in one object: one
 * static property read, then object properties, which cost PHP less than
 * half as much as static ones.
 *
 * @internal
 */
final class SelectFast
{
    public ?array $read = null;
    public ?array $write = null;
    public ?array $except = null;
    public ?int $seconds = null;
    public ?int $microseconds = null;
    /** The kept request the block holds. */
    public ?SelectRequest $q = null;

    public function __construct(
        public readonly \FFI $ffi,
        public readonly \FFI\CData $args,
    ) {
    }
}

/**
 * How a wait ended without a result.
 *
 * @internal
 */
enum SelectFailure
{
    /** The wait failed and PHP's warning was given. */
    case Warned;
}
