--TEST--
Issue 8 item 6: a process whose first gostream calls come while only 1 to 8 descriptors are free never dies (Go's runtime aborted it, "fatal error: runtime: netpollinit failed", when it could not make its netpoller); each call works or fails with "Too many open files", and all work once descriptors are free (deviation T16)
--SKIPIF--
<?php if (getenv('GOSTREAM_TEST_MODE') !== 'shim') die('skip gostream deviation: native PHP needs fewer descriptors and loads no runtime'); ?>
--EXTENSIONS--
openssl
posix
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../phpt/tls_helpers.inc';

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
$listener = \stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(\stream_socket_get_name($listener, false), strlen('127.0.0.1:'));

// Each child lowers its hard limit too: Go's runtime raises the soft limit
// to the hard one when the library loads. It prints one line per call.
$child = <<<'CHILD'
    <?php
    namespace GoStream;
    require getenv('FAULTS') . '/bootstrap.inc';
    require getenv('FAULTS') . '/fd_helpers.inc';
    $ctx = \stream_context_create(['ssl' => ['local_cert' => getenv('CERT'), 'local_pk' => getenv('KEY')]]);
    $calls = [
        'client' => fn (&$err) => stream_socket_client('tcp://localhost:' . getenv('PORT'), $errno, $err, 5),
        'ssl server' => fn (&$err) => stream_socket_server('ssl://127.0.0.1:0', $errno, $err, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx),
    ];
    $held = fd_exhaust(256, true);
    fd_release($held, (int) $argv[1]);
    foreach (['exhausted', 'released'] as $phase) {
        foreach ($calls as $name => $call) {
            $err = '';
            try {
                $r = @$call($err);
            } catch (LibraryException $e) {
                [$r, $err] = [false, $e->getMessage()];
            }
            echo "$phase $name: ", $r !== false ? 'ok' : $err, "\n";
        }
        fd_release($held);
    }
    CHILD;
for ($free = 1; $free <= 8; $free++) {
    [$proc, $pipes] = t_spawn($child, ['FAULTS' => __DIR__, 'CERT' => $cert, 'KEY' => $key, 'PORT' => $port], [(string) $free]);
    $lines = [];
    while (($line = t_line($pipes[1], 10)) !== false) {
        $lines[] = rtrim($line);
    }
    $stderr = t_stop($proc, $pipes);
    // "exhausted" calls may fail, with the cause; "released" ones work.
    $bad = array_filter($lines, fn ($l) => !preg_match('/^(exhausted [a-z ]+: (ok|.*too many open files.*)|released [a-z ]+: ok)$/i', $l));
    echo "$free free: ", count($lines) === 4 && $bad === [] && $stderr === '' ? 'ok' : implode(' | ', $lines) . " | stderr: $stderr", "\n";
}
?>
--EXPECT--
1 free: ok
2 free: ok
3 free: ok
4 free: ok
5 free: ok
6 free: ok
7 free: ok
8 free: ok
