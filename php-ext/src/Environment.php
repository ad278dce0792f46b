<?php

namespace GoStream;

/**
 * Settings of this process that would make loading libgostream.so kill or
 * harm PHP. Gateway::load() checks them before loading the library, and
 * `gostream doctor` reports them: one implementation for both. Each check
 * answers with messages that name the setting and its fix (empty: all well).
 *
 * The Go variables checked are those found to kill or harm PHP at load with
 * the built library (Go 1.26); other values and other variables (GOGC,
 * GOTRACEBACK, other GODEBUG keys, asyncpreemptoff=0 too: the library's
 * waits block SIGURG) load and run fine and are left to the user.
 *
 * @internal
 */
final class Environment
{
    /**
     * GOMAXPROCS above this makes the runtime set up that many processors at
     * load: measured 1.8 s and 300 MB at 10,000, over a minute at 100,000.
     */
    public const GOMAXPROCS_MAX = 1024;

    /** When preloading gostream fails, and what to do instead. */
    private const PRELOAD_FIX = 'a Go runtime does not survive fork(), so php-fpm workers (or pcntl_fork() children) cannot use gostream once a call started Go before they were forked (loading it and creating sockets do not; an accept, read, write, select or handshake does): make no such call in opcache.preload or before pcntl_fork(), or remove gostream from ffi.preload and opcache.preload, set ffi.enable=true, and let each process load gostream on its first call';
    private const INT32_MAX = 2147483647;
    private const UNITS = ['' => 1, 'B' => 1, 'KiB' => 1 << 10, 'MiB' => 1 << 20, 'GiB' => 1 << 30, 'TiB' => 1 << 40];

    /** Why PHP's FFI cannot be used in this SAPI, or null. */
    public static function ffiProblem(): ?string
    {
        if (!\extension_loaded('ffi')) {
            return 'PHP\'s FFI extension is not loaded: install it and enable it (extension=ffi)';
        }
        $enable = \strtolower((string) \ini_get('ffi.enable'));
        if ($enable === 'preload' && \PHP_SAPI !== 'cli' && \PHP_SAPI !== 'phpdbg') {
            return 'ffi.enable=preload allows FFI only in preloaded code under ' . \PHP_SAPI
                . '. Set ffi.enable=true; do not preload gostream: a Go runtime started before fork() does not survive it';
        }
        if (!\in_array($enable, ['1', 'on', 'true', 'yes', 'preload'], true)) {
            return "FFI is disabled (ffi.enable=$enable). Set ffi.enable=true (the CLI also works with the default, preload)";
        }
        return null;
    }

    /**
     * Go variables that would kill PHP, or harm it, the moment the library
     * is loaded. Go reads the environment the process was started with, not
     * what putenv() changed since, so that is what is checked by default.
     *
     * @param array<string,string>|null $env
     * @return list<string>
     */
    public static function goVariableProblems(?array $env = null): array
    {
        $env ??= self::startEnvironment();
        $where = 'in the environment PHP is started with (putenv() cannot change what Go reads)';
        $problems = [];
        $debug = self::godebug($env['GODEBUG'] ?? '');
        if (($debug['cgocheck'] ?? 0) > 1) {
            $problems[] = "GODEBUG=cgocheck={$debug['cgocheck']} makes the Go runtime end PHP at load (exit 2, \"cgocheck > 1 mode is no longer supported at runtime\"): remove cgocheck from GODEBUG $where";
        }
        $limit = $env['GOMEMLIMIT'] ?? '';
        if ($limit !== '' && $limit !== 'off' && self::byteCount($limit) === null) {
            $problems[] = "GOMEMLIMIT=$limit is malformed: the Go runtime aborts PHP at load (exit 134). Set a byte count such as 512MiB or 2GiB, or off, or nothing, $where";
        }
        $procs = self::goInt($env['GOMAXPROCS'] ?? '', self::INT32_MAX);
        if ($procs !== null && $procs > self::GOMAXPROCS_MAX) {
            $problems[] = \sprintf(
                'GOMAXPROCS=%d makes the Go runtime set up that many processors at load (10,000 take 2 s and 300 MB, 100,000 over a minute): set at most %d, or nothing (Go then uses the number of CPUs), %s',
                $procs,
                self::GOMAXPROCS_MAX,
                $where
            );
        }
        return $problems;
    }

    /**
     * ffi.preload and opcache.preload entries that load gostream when PHP
     * starts, before php-fpm forks its workers: harmless unless preloaded
     * code starts Go.
     *
     * @return list<string>
     */
    public static function preloadProblems(): array
    {
        return \array_map(static fn (string $cause) => "$cause: " . self::PRELOAD_FIX, self::preloadCauses());
    }

    /** The message for a library that started Go before this process was forked (gs_abi_version() said GS_EFORKED). */
    public static function loadedBeforeForkMessage(string $lib): string
    {
        $causes = self::preloadCauses();
        return "$lib started Go before this process was forked from its parent"
            . (\PHP_SAPI === 'fpm-fcgi' ? ' (in the php-fpm master, before it forked this worker)' : '')
            . ($causes !== [] ? ': ' . \implode('; ', $causes) : ' (by a gostream call in opcache.preload or before pcntl_fork())')
            . '. ' . \ucfirst(self::PRELOAD_FIX);
    }

    /** @return list<string> */
    private static function preloadCauses(): array
    {
        $causes = [];
        $ffi = (string) \ini_get('ffi.preload');
        foreach ($ffi === '' ? [] : \explode(\PATH_SEPARATOR, $ffi) as $pattern) {
            foreach (\glob($pattern) ?: [] as $file) {
                if (self::mentionsGostream($file)) {
                    $causes[] = "ffi.preload loads $file, which names gostream";
                }
            }
        }
        $opcache = (string) \ini_get('opcache.preload');
        if ($opcache !== '' && self::mentionsGostream($opcache)) {
            $causes[] = "opcache.preload runs $opcache, which names gostream";
        }
        return $causes;
    }

    /** @return array<string,string> the environment this process was started with */
    private static function startEnvironment(): array
    {
        $raw = @\file_get_contents('/proc/self/environ');
        if ($raw === false) {
            return \getenv();
        }
        $env = [];
        foreach (\explode("\0", $raw) as $entry) {
            $eq = \strpos($entry, '=');
            if ($eq !== false) {
                // Go's getenv takes the first of duplicate names.
                $env[\substr($entry, 0, $eq)] ??= \substr($entry, $eq + 1);
            }
        }
        return $env;
    }

    /**
     * GODEBUG's integer settings as the runtime reads them at startup: fields
     * left to right, a later one overriding, values that do not parse ignored.
     *
     * @return array<string,int>
     */
    private static function godebug(string $godebug): array
    {
        $settings = [];
        foreach (\explode(',', $godebug) as $field) {
            $eq = \strpos($field, '=');
            $value = $eq === false ? null : self::goInt(\substr($field, $eq + 1), self::INT32_MAX);
            if ($value !== null) {
                $settings[\substr($field, 0, $eq)] = $value;
            }
        }
        return $settings;
    }

    /** A byte count as GOMEMLIMIT takes it (digits with an optional B, KiB, MiB, GiB or TiB), or null. */
    private static function byteCount(string $s): ?int
    {
        if (!\preg_match('/^([+-]?\d+)(B|[KMGT]iB)?$/D', $s, $m)) {
            return null;
        }
        $unit = self::UNITS[$m[2] ?? ''];
        $n = self::goInt($m[1], \PHP_INT_MAX);
        return $n === null || $n < 0 || $n > \intdiv(\PHP_INT_MAX, $unit) ? null : $n * $unit;
    }

    /** Go's strconv.ParseInt(s, 10, bits) for a limit of 2^(bits-1)-1: null when it fails. */
    private static function goInt(string $s, int $max): ?int
    {
        if (!\preg_match('/^([+-]?)0*(\d+)$/D', $s, $m)) {
            return null;
        }
        $digits = $m[2];
        $limit = (string) $max;
        if (\strlen($digits) > \strlen($limit) || (\strlen($digits) === \strlen($limit) && \strcmp($digits, $limit) > 0)) {
            return null;  // out of range (ignoring the one extra negative value Go accepts)
        }
        return $m[1] === '-' ? -(int) $digits : (int) $digits;
    }

    private static function mentionsGostream(string $file): bool
    {
        $text = @\file_get_contents($file);
        return $text !== false && \stripos($text, 'gostream') !== false;
    }
}
