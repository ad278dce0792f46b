--TEST--
Issue 8 item 6: accept with no descriptor free warns "Accept failed: Too many open files" as PHP does, on ssl:// (it waited the whole timeout and said "Connection timed out") and tcp:// listeners; the connection waits in the backlog and is accepted once descriptors are free
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

echo "== ssl://\n";
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key]]));
// The child connects when told to, once the server has no descriptor left.
[$proc, $pipes] = tls_child(<<<'CHILD'
    fgets(STDIN);
    $ctx = stream_context_create(['ssl' => ['cafile' => getenv('CERT'), 'peer_name' => 'localhost']]);
    $c = stream_socket_client('ssl://' . getenv('ADDR'), $errno, $errstr, 10, STREAM_CLIENT_CONNECT, $ctx);
    echo $c === false ? "client: $errstr\n" : "client: connected\n";
    fwrite($c, "hello\n");
    echo fgets($c);
    CHILD, ['ADDR' => stream_socket_get_name($server, false), 'CERT' => $cert]);
$held = fd_exhaust();
fwrite($pipes[0], "go\n");
$start = microtime(true);
var_dump(stream_socket_accept($server, 10));
// At once: as soon as the child has connected (its start may take a while under load).
echo microtime(true) - $start < 8 ? "failed at once\n" : "failed after the timeout\n";
fd_release($held);
$conn = stream_socket_accept($server, 5);
var_dump(\is_resource($conn));
echo t_line($pipes[1], 10);
stream_set_timeout($conn, 5);
echo fgets($conn);
fwrite($conn, "bye\n");
echo t_line($pipes[1], 10);
echo t_stop($proc, $pipes);

echo "== tcp://\n";
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $errno, $errstr, 5);
$held = fd_exhaust();
var_dump(stream_socket_accept($server, 5));
fd_release($held);
var_dump(\is_resource(stream_socket_accept($server, 5)));
?>
--EXPECTF--
== ssl://

Warning: stream_socket_accept(): Accept failed: Too many open files in %s on line %d
bool(false)
failed at once
bool(true)
client: connected
hello
bye
== tcp://

Warning: stream_socket_accept(): Accept failed: Too many open files in %s on line %d
bool(false)
bool(true)
