<?php

namespace GoStream;

if (\function_exists('pcntl_signal')) {
    /**
     * PHP's pcntl_signal(), then SA_ONSTACK added to the new handler: Go
     * requires it of every handler that may run on one of its threads, and
     * PHP 8.2 installs handlers without it. Use this one (or call it again)
     * whenever a handler is installed after gostream was loaded.
     *
     * @param int $signal
     * @param callable|int $handler
     * @param bool $restart_syscalls
     */
    function pcntl_signal(int $signal, $handler, bool $restart_syscalls = true): bool
    {
        $ok = Native::pcntl_signal($signal, $handler, $restart_syscalls);
        Gateway::$ffi?->gs_signals_onstack();
        return $ok;
    }
}
