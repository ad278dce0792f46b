<?php

namespace GoStream\Command;

use GoStream\Environment;
use GoStream\Gateway;
use GoStream\LibraryException;
use GoStream\LibraryPath;
use GoStream\NativeFd;

/*
 * One line per check: "ok", "info", "warn" (works, with a limit worth
 * knowing) or "FAIL" (gostream would not work), each with its fix. Settings are this
 * PHP's: for php-fpm, run `php -c /etc/php/8.2/fpm/php.ini vendor/bin/gostream doctor`.
 */

/**
 * Whole-process mode, tried in a child PHP with the launcher's settings (the
 * swap must come before any file is compiled, so not in this process).
 *
 * @return array{0:string,1:string} status and text
 */
function wholeProcess(): array
{
    $prepend = \realpath(__DIR__ . '/../../whole-process.php');
    $probe = \tempnam(\sys_get_temp_dir(), 'gs-doctor-');
    \file_put_contents($probe, '<?php echo \\count(GoStream\\WholeProcess::replaced()), " ", (new ReflectionFunction("stream_select"))->getName();');
    $proc = \proc_open([\PHP_BINARY, '-d', 'ffi.enable=' . \ini_get('ffi.enable'), '-d', "auto_prepend_file=$prepend", $probe], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $out = \stream_get_contents($pipes[1]);
    $err = \trim((string) \stream_get_contents($pipes[2]));
    $rc = \proc_close($proc);
    \unlink($probe);
    if ($rc !== 0 || !\preg_match('/^(\d+) GoStream\\\\stream_select$/', $out, $m)) {
        return ['FAIL', 'cannot start: ' . ($err !== '' ? $err : "exit status $rc, output \"$out\"")];
    }
    $on = \realpath((string) \ini_get('auto_prepend_file')) === $prepend ? 'on in this configuration' : 'available';
    return ['ok', "$on: $m[1] of PHP's functions become gostream's (start with php-ext/bin/gostream-php, or `gostream-php --ini` for the php.ini lines)"];
}

/** Connections the README promises per process, and the descriptors they need. */
const CONNECTIONS = 10000;
const DESCRIPTORS_SPARE = 100;

return ['check this machine and PHP for what gostream needs; exit 1 when something would fail', static function (array $args): int {
    $failed = false;
    $report = static function (string $status, string $check, string $text) use (&$failed): void {
        $failed = $failed || $status === 'FAIL';
        \printf("%-4s  %-13s %s\n", $status, $check, $text);
    };

    $report(\PHP_VERSION_ID >= 80200 ? 'ok' : 'FAIL', 'php', \PHP_VERSION_ID >= 80200
        ? \PHP_VERSION . ' (' . \PHP_SAPI . ')'
        : \PHP_VERSION . ': gostream needs PHP 8.2 or newer');

    $ffi = Environment::ffiProblem();
    $report($ffi === null ? 'ok' : 'FAIL', 'ffi', $ffi ?? 'loaded, ffi.enable=' . \ini_get('ffi.enable')
        . ' (enough for the CLI; php-fpm and other SAPIs need ffi.enable=true)');

    $glibc = \trim((string) \shell_exec('getconf GNU_LIBC_VERSION 2>/dev/null'));
    $report($glibc !== '' ? 'ok' : 'FAIL', 'libc', $glibc !== '' ? $glibc
        : 'not glibc (musl/Alpine?): a Go shared library cannot be loaded there; use a glibc distribution (Debian, Ubuntu, RHEL)');

    $go = Environment::goVariableProblems();
    foreach ($go as $problem) {
        $report('FAIL', 'go-env', $problem);
    }
    if ($go === []) {
        $report('ok', 'go-env', 'no Go variable (GODEBUG, GOMEMLIMIT, GOMAXPROCS) that would stop PHP at load');
    }

    $preload = Environment::preloadProblems();
    foreach ($preload as $problem) {
        $report('warn', 'preload', $problem);
    }
    if ($preload === []) {
        $report('ok', 'preload', 'neither ffi.preload nor opcache.preload loads gostream before fork');
    }

    if ($ffi !== null || $go !== []) {
        $report('FAIL', 'library', 'not loaded: fix the problems above first');
    } else {
        try {
            $lib = LibraryPath::library();
            $abi = Gateway::ffi()->gs_abi_version();
            $report('ok', 'library', "$lib (ABI version $abi" . (\getenv('GOSTREAM_LIB') ? ', from GOSTREAM_LIB' : '') . ')');
        } catch (LibraryException $e) {
            $report('FAIL', 'library', $e->getMessage());
        }
    }

    if ($ffi !== null) {
        $report('info', 'mixed-select', 'not checked: it needs FFI');
    } else {
        $mixed = NativeFd::problem();
        $report($mixed === null ? 'ok' : 'warn', 'mixed-select', $mixed === null
            ? 'stream_select waits on gostream and PHP\'s own streams together in one epoll wait, with no 1024-descriptor limit'
            : "stream_select with gostream and PHP's own streams together waits in 5 ms slices, and those PHP streams keep PHP's 1024-descriptor limit: $mixed");
    }

    $limits = \function_exists('posix_getrlimit') ? \posix_getrlimit() : [];
    $soft = $limits['soft openfiles'] ?? null;
    $hard = $limits['hard openfiles'] ?? null;
    $need = CONNECTIONS + DESCRIPTORS_SPARE;
    if ($soft === null) {
        $report('warn', 'ulimit -n', 'unknown (PHP\'s posix extension is missing); ' . \number_format(CONNECTIONS) . " connections need about $need descriptors");
    } elseif ($soft === 'unlimited' || (int) $soft >= $need) {
        $report('ok', 'ulimit -n', "$soft (hard $hard): room for " . \number_format(CONNECTIONS) . ' connections in one process');
    } else {
        $raise = $hard === 'unlimited' || (int) $hard >= $need
            ? "run `ulimit -n $need` (or more) before starting PHP"
            : 'raise the hard limit: LimitNOFILE=65536 in its systemd unit, or nofile in /etc/security/limits.conf';
        $report('warn', 'ulimit -n', \sprintf(
            '%s (hard %s): one process holds at most about %d connections; %s need %d descriptors: %s',
            $soft,
            $hard,
            \max(0, (int) $soft - DESCRIPTORS_SPARE),
            \number_format(CONNECTIONS),
            $need,
            $raise
        ));
    }

    [$status, $text] = wholeProcess();
    $report($status, 'whole-process', $text);
    return $failed ? 1 : 0;
}];
