<?php

namespace GoStream;

/**
 * One stream_select call, read from its arrays: the distinct gostream
 * streams with OR-ed interest bits, where each one appears, PHP's own
 * streams apart, bad elements as PHP's error texts.
 *
 * The last request is kept to recognise the common loop: while the same
 * arrays come back, it is not built again (an unchanged array compares in
 * O(1), an equal one in one C loop), and arrays that changed by a few
 * entries update it (SelectDelta, through add() and remove()). Keeping the arrays keeps their streams
 * alive until the next call: a gostream stream dropped from the arrays
 * without fclose() is closed at the next stream_select, not at once
 * (DEVIATIONS.md P5).
 *
 * @internal
 */
final class SelectRequest
{
    /** The interest bit of each array: $read, $write, $except. */
    public const SET_BITS = [Abi::GS_READ, Abi::GS_WRITE, Abi::GS_EXCEPT];
    /** select(2)'s descriptor limit, compiled into PHP's stream_select. */
    private const FD_SETSIZE = 1024;
    /** How many stream ids belowFdSetsize remembers before it starts again. */
    private const BELOW_FD_SETSIZE_MAX = 65536;

    /** Number of distinct gostream handles. */
    public int $n = 0;
    /** @var list<int> the distinct handles, in gs_select order */
    public array $handles = [];
    /** @var array<int,Stream> handle => its stream */
    public array $streams = [];
    /** @var list<Stream> the streams in gs_select order (as $handles) */
    public array $list = [];
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
    /** The handles packed for gs_select, and their interest bits. */
    public string $packed = '';
    public string $want = '';
    /** @var array<int,int>|null handle => its index in $handles, made when first needed */
    public ?array $pos = null;
    /** @var array<int,int>|null resource id => handle, made when first needed (a removed entry's stream may be closed) */
    public ?array $byId = null;

    /** Array entries read by PHP code to make and update requests, all calls together: what a test measures the work per call by. */
    public static int $entriesRead = 0;

    /**
     * @var array<int,true> ids of PHP streams whose descriptor was found
     * below FD_SETSIZE: a stream keeps its descriptor, and a request never
     * reuses an id, so each stream is looked up once, not on every call.
     */
    private static array $belowFdSetsize = [];

    /** The last request without PHP streams or bad elements, and the arrays it was read from. */
    private static ?self $cached = null;
    private static ?array $lastRead = null;
    private static ?array $lastWrite = null;
    private static ?array $lastExcept = null;

    /** The request for these arrays: the cached one while they come back unchanged; null without a gostream stream (unless a PHP stream is past FD_SETSIZE). */
    public static function of(?array $read, ?array $write, ?array $except): ?self
    {
        // Arrays compare by pointer first: an unchanged array costs O(1) here.
        $q = self::$cached;
        if ($q !== null) {
            if ($read === self::$lastRead && $write === self::$lastWrite && $except === self::$lastExcept) {
                return $q;
            }
            if (SelectDelta::apply($q, [self::$lastRead, self::$lastWrite, self::$lastExcept], [$read, $write, $except])) {
                if ($q->n > 0) {
                    self::$lastRead = $read;
                    self::$lastWrite = $write;
                    self::$lastExcept = $except;
                    return $q;
                }
                self::forget(); // no gostream stream left: the rebuild answers null
            }
        }
        return self::build($read, $write, $except);
    }

    /** Whether this is the request kept for the next call (its handles were valid when it was made). */
    public function isCached(): bool
    {
        return $this === self::$cached;
    }

    /** Forgets the kept request and its arrays: a stream of it was closed since. */
    public static function forget(): void
    {
        self::$cached = self::$lastRead = self::$lastWrite = self::$lastExcept = null;
        SelectWait::$primed = null;
    }

    /**
     * Whether one of these PHP streams is numbered at or past select(2)'s
     * FD_SETSIZE, which PHP's own stream_select refuses (with its warning),
     * and their descriptors can join a gostream wait: then arrays of PHP's
     * streams alone take that wait too.
     *
     * @param array<int,array<int|string,resource>> $natives
     */
    private static function pastFdSetsize(array $natives): bool
    {
        if ($natives === [] || NativeFd::problem() !== null) {
            return false;
        }
        if (\count(self::$belowFdSetsize) > self::BELOW_FD_SETSIZE_MAX) {
            self::$belowFdSetsize = [];
        }
        foreach ($natives as $streams) {
            foreach ($streams as $s) {
                if (isset(self::$belowFdSetsize[$id = (int) $s])) {
                    continue;
                }
                if ((NativeFd::of($s) ?? -1) >= self::FD_SETSIZE) {
                    return true;
                }
                self::$belowFdSetsize[$id] = true;
            }
        }
        return false;
    }

    /** Reads the arrays once. (This loop is the cost of a call with new arrays: keep it lean.) */
    private static function build(?array $read, ?array $write, ?array $except): ?self
    {
        $q = new self();
        self::$entriesRead += \count($read ?? []) + \count($write ?? []) + \count($except ?? []);
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
                } elseif (\is_resource($v) && \in_array(\get_resource_type($v), ['stream', 'persistent stream'], true)) {
                    $q->natives[$set][$key] = $v;
                } else {
                    $q->errors[$set][] = SelectArguments::elementError($v);
                }
            }
        }
        if ($want === [] && !self::pastFdSetsize($q->natives)) {
            return null;
        }
        $q->handles = \array_keys($want);
        $q->n = \count($want);
        $q->bits = $want;
        $q->streams = $streams;
        $q->list = \array_values($streams);
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
            self::forget();
        }
        return $q;
    }

    // --- updates (SelectDelta): the rules of build(), one entry at a time --

    /** Adds entry $key of the array of $set, holding open gostream stream $s. */
    public function add(int $set, int|string $key, Stream $s): void
    {
        $h = $s->h;
        $bit = self::SET_BITS[$set];
        if (!isset($this->bits[$h])) {
            // The indexes made when first needed are kept up to date once made.
            if ($this->pos !== null) {
                $this->pos[$h] = $this->n;
            }
            if ($this->byId !== null) {
                $this->byId[$s->id] = $h;
            }
            $this->n++;
            $this->handles[] = $h;
            $this->list[] = $s;
            $this->streams[$h] = $s;
            $this->bits[$h] = $bit;
            $this->firstKey[$h] = $key;
            $this->firstSet[$h] = $set;
            $this->packed .= \pack('q', $h);
            $this->want .= \chr($bit);
            return;
        }
        $this->readTwice = $this->readTwice || ($this->bits[$h] & $bit & Abi::GS_READ) !== 0;
        $this->more[$h][] = [$set, $key];
        $this->setBits($h, $this->bits[$h] | $bit);
    }

    /** Removes entry $key of the array of $set, which held handle $h. */
    public function remove(int $set, int|string $key, int $h): void
    {
        if (!isset($this->more[$h])) {
            $this->drop($h); // its only entry
            return;
        }
        $more = $this->more[$h];
        if ($this->firstSet[$h] === $set && $this->firstKey[$h] === $key) {
            [$this->firstSet[$h], $this->firstKey[$h]] = \array_shift($more);
        } else {
            $j = \array_search([$set, $key], $more, true);
            if ($j === false) {
                throw new \LogicException('gostream: select entry not in the request');
            }
            \array_splice($more, $j, 1);
        }
        $bits = self::SET_BITS[$this->firstSet[$h]];
        foreach ($more as [$other]) {
            $bits |= self::SET_BITS[$other];
        }
        if ($more === []) {
            unset($this->more[$h]);
        } else {
            $this->more[$h] = $more;
        }
        $this->setBits($h, $bits);
        if ($set === 0 && $this->readTwice) {
            $this->readTwice = $this->someReadTwice();
        }
    }

    /** Forgets handle $h: the last handle takes its place in the gs_select list. */
    private function drop(int $h): void
    {
        $this->pos ??= \array_flip($this->handles);
        $i = $this->pos[$h];
        $last = --$this->n;
        if ($i !== $last) {
            $moved = $this->handles[$last];
            $this->handles[$i] = $moved;
            $this->list[$i] = $this->list[$last];
            $this->pos[$moved] = $i;
            $this->packed = \substr_replace($this->packed, \substr($this->packed, $last * 8, 8), $i * 8, 8);
            $this->want[$i] = $this->want[$last];
        }
        \array_pop($this->handles);
        \array_pop($this->list);
        $this->packed = \substr($this->packed, 0, $last * 8);
        $this->want = \substr($this->want, 0, $last);
        unset($this->byId[$this->streams[$h]->id], $this->streams[$h], $this->bits[$h], $this->firstKey[$h], $this->firstSet[$h], $this->pos[$h]);
    }

    private function setBits(int $h, int $bits): void
    {
        $this->pos ??= \array_flip($this->handles);
        $this->bits[$h] = $bits;
        $this->want[$this->pos[$h]] = \chr($bits);
    }

    /** Whether some handle is still listed twice in the read array (only handles in $more can be). */
    private function someReadTwice(): bool
    {
        foreach ($this->more as $h => $entries) {
            $reads = $this->firstSet[$h] === 0 ? 1 : 0;
            foreach ($entries as [$set]) {
                if ($set === 0 && ++$reads > 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The keys under which these handles appear in the array of $set.
     *
     * @param list<int> $handles
     * @return array<int|string,true>
     */
    public function keysIn(int $set, array $handles): array
    {
        $keys = [];
        foreach ($handles as $h) {
            if ($this->firstSet[$h] === $set) {
                $keys[$this->firstKey[$h]] = true;
            }
            foreach ($this->more[$h] ?? [] as [$s, $key]) {
                if ($s === $set) {
                    $keys[$key] = true;
                }
            }
        }
        return $keys;
    }

    /** A key under which handle $h appears in the read array (it is asked for reading). */
    public function readKey(int $h): int|string
    {
        if ($this->firstSet[$h] === 0) {
            return $this->firstKey[$h];
        }
        foreach ($this->more[$h] as [$set, $key]) {
            if ($set === 0) {
                return $key;
            }
        }
        throw new \LogicException('gostream: handle not in the read array');
    }
}
