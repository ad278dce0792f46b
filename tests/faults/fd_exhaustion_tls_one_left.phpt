--TEST--
Issue 8 item 6, deviation T16: with one descriptor free an ssl:// accept warns "Accept failed: Too many open files" at once (a TLS connection holds two; native PHP accepts, then cannot open its certificate file and warns "Accept failed: Success"); the client is dropped, and the next one is accepted once descriptors are free
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: native PHP fails differently (cannot open local_cert, "Accept failed: Success")'); ?>
--EXTENSIONS--
openssl
posix
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../phpt/tls_helpers.inc';
require __DIR__ . '/fd_helpers.inc';

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key]]));
// Each line on stdin makes the child connect once and say how it went.
[$proc, $pipes] = tls_child(<<<'CHILD'
    $ctx = stream_context_create(['ssl' => ['cafile' => getenv('CERT'), 'peer_name' => 'localhost']]);
    while (fgets(STDIN) !== false) {
        $c = @stream_socket_client('ssl://' . getenv('ADDR'), $errno, $errstr, 10, STREAM_CLIENT_CONNECT, $ctx);
        echo $c === false ? "client: failed\n" : "client: connected\n";
    }
    CHILD, ['ADDR' => stream_socket_get_name($server, false), 'CERT' => $cert]);

$held = fd_exhaust();
fd_release($held, 1);
fwrite($pipes[0], "connect\n");
$start = microtime(true);
var_dump(stream_socket_accept($server, 10));
// At once: as soon as the child has connected (its start may take a while under load).
echo microtime(true) - $start < 8 ? "failed at once\n" : "failed after the timeout\n";
echo t_line($pipes[1], 10);

fd_release($held);
fwrite($pipes[0], "connect\n");
var_dump(\is_resource(stream_socket_accept($server, 5)));
echo t_line($pipes[1], 10);
echo t_stop($proc, $pipes);
?>
--EXPECTF--
Warning: stream_socket_accept(): Accept failed: Too many open files in %s on line %d
bool(false)
failed at once
client: failed
bool(true)
client: connected
