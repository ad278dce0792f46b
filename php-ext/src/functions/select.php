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
    // The fast path: the common loop calls again with equal arrays and
    // timeout, while no stream holds fetched or PHP-buffered bytes (which
    // the general path marks in the block). The general path (Select::run) would then find the kept request and send
    // the block of the last call unchanged: this sends it at once, and
    // answers itself, with Select::merge for ready streams of the kept
    // request (which has no PHP streams or errors), and an empty result
    // inline. An error is answered by Select::run from $k. Here, not in
    // Select::run, to save PHP calls (about 250 instructions each).
    $f = SelectWait::$primed;
    if ($f !== null && $read === $f->read && $write === $f->write && $except === $f->except
        && $seconds === $f->seconds && $microseconds === $f->microseconds
        && !Stream::$fetchedAhead && !Stream::$phpBuffered) {
        $k = $f->ffi->gs_select_fetch_args($f->args);
        if ($k > 0) {
            return Select::merge($f->q, SelectWait::bits($f->q, $k), SelectReady::NO_HITS, 0, $read, $write, $except);
        }
        if ($k < 0) {
            return Select::run($read, $write, $except, $seconds, $microseconds, $k);
        }
        // Nothing ready: PHP empties every array given (Select::merge's
        // answer for no ready streams, inlined for the idle loop's sake).
        if ($read !== null) {
            $read = [];
        }
        if ($write !== null) {
            $write = [];
        }
        if ($except !== null) {
            $except = [];
        }
        return 0;
    }
    return Select::run($read, $write, $except, $seconds, $microseconds);
}
