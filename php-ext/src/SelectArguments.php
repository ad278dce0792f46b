<?php

namespace GoStream;

/**
 * stream_select()'s argument checks and errors, worded and ordered as PHP
 * 8.2's: the TypeErrors for bad array elements, chained as PHP chains them,
 * and the ValueErrors for a bad timeout.
 *
 * @internal
 */
final class SelectArguments
{
    private const ERR_ARGUMENT = 'stream_select(): supplied argument is not a valid stream resource';
    private const ERR_RESOURCE = 'stream_select(): supplied resource is not a valid stream resource';

    /** PHP's TypeError text for an array element it cannot select on. */
    public static function elementError(mixed $v): string
    {
        return \is_resource($v) || \gettype($v) === 'resource (closed)' ? self::ERR_RESOURCE : self::ERR_ARGUMENT;
    }

    /**
     * The timeout in microseconds, -1 for none, after PHP's checks in PHP's
     * order. PHP skips argument errors while an exception is pending: a bad
     * element then wins over a bad timeout.
     */
    public static function timeoutUs(SelectRequest $q, ?int $seconds, ?int $microseconds): int
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
     * Throws the chain of TypeErrors PHP would have pending after its walks:
     * PHP raises one per bad element each time it walks an array (to build
     * the sets, then as listed in $more: to look for buffered data in $read,
     * to rebuild the sets), each chained to the one before.
     *
     * @param list<int> $more the sets walked after the first walk of all three
     */
    public static function throwPending(SelectRequest $q, array $more): void
    {
        if ($q->errors !== []) {
            throw self::chain($q, $more, self::chain($q, [0, 1, 2]));
        }
    }

    /** @param list<int> $walks */
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
}
