--TEST--
Issue 8 item 6: a process never dies for want of descriptors (Go's runtime aborted it, "fatal error: runtime: netpollinit failed", when it could not make its netpoller), whether the library loads while only 1 to 8 descriptors are free or loaded before and its first TLS server or host-name lookup comes then; each call works or fails with "Too many open files", and all work once descriptors are free (deviation T16)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: native PHP needs fewer descriptors and loads no runtime'); ?>
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
    if ($argv[2] === 'loaded') {
        stream_socket_server('tcp://127.0.0.1:0'); // loads the library
    }
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
foreach (['loading', 'loaded'] as $when) {
    for ($free = 1; $free <= 8; $free++) {
        [$proc, $pipes] = t_spawn($child, ['FAULTS' => __DIR__, 'CERT' => $cert, 'KEY' => $key, 'PORT' => $port], [(string) $free, $when]);
        $lines = [];
        while (($line = t_line($pipes[1], 10)) !== false) {
            $lines[] = rtrim($line);
        }
        $stderr = t_stop($proc, $pipes);
        // "exhausted" calls may fail, with the cause; "released" ones work.
        $bad = array_filter($lines, fn ($l) => !preg_match('/^(exhausted [a-z ]+: (ok|.*too many open files.*)|released [a-z ]+: ok)$/i', $l));
        echo "$when, $free free: ", count($lines) === 4 && $bad === [] && $stderr === '' ? 'ok' : implode(' | ', $lines) . " | stderr: $stderr", "\n";
    }
}
?>
--EXPECT--
loading, 1 free: ok
loading, 2 free: ok
loading, 3 free: ok
loading, 4 free: ok
loading, 5 free: ok
loading, 6 free: ok
loading, 7 free: ok
loading, 8 free: ok
loaded, 1 free: ok
loaded, 2 free: ok
loaded, 3 free: ok
loaded, 4 free: ok
loaded, 5 free: ok
loaded, 6 free: ok
loaded, 7 free: ok
loaded, 8 free: ok
