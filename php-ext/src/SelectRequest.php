<?php

namespace GoStream;

/**
 * One stream_select call, read from its arrays: the distinct gostream
 * streams with OR-ed interest bits, where each one appears, PHP's own
 * streams apart, bad elements as PHP's error texts.
 *
 * The last request is kept to recognise the common loop: while the same
 * arrays come back, it is not built again (an unchanged array compares in
 * O(1), an equal one in one C loop). Keeping the arrays keeps their streams
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

    /** The last request without PHP streams or bad elements, and the arrays it was read from. */
    private static ?self $cached = null;
    private static ?array $lastRead = null;
    private static ?array $lastWrite = null;
    private static ?array $lastExcept = null;

    /** The request for these arrays: the cached one while they come back unchanged; null without a gostream stream. */
    public static function of(?array $read, ?array $write, ?array $except): ?self
    {
        // Arrays compare by pointer first: an unchanged array costs O(1) here.
        $q = self::$cached;
        if ($q !== null && $read === self::$lastRead && $write === self::$lastWrite && $except === self::$lastExcept) {
            return $q;
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
    }

    /** Reads the arrays once. (This loop is the cost of a call with new arrays: keep it lean.) */
    private static function build(?array $read, ?array $write, ?array $except): ?self
    {
        $q = new self();
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
        if ($want === []) {
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
