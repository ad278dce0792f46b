<?php

namespace GoStream;

/**
 * PHP 8.2's stream_select() for gostream streams, PHP streams, or both (see
 * Select). Arrays without a gostream stream go to PHP's own function.
 *
 * @param ?array $read
 * @param ?array $write
 * @param ?array $except
 * @param ?int $seconds
 * @param ?int $microseconds
 * @return int|false
 */
function stream_select(&$read, &$write, &$except, ?int $seconds, ?int $microseconds = null): int|false
{
    return Select::run($read, $write, $except, $seconds, $microseconds);
}
