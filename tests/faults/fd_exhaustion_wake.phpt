--TEST--
Issue 8 item 6: after a select that ran with a single free descriptor, a non-blocking TLS handshake driven by stream_select still ends as soon as it can (the library's wake-up descriptor was never retried: each select waited its full timeout: 2,003 ms instead of 3 ms with a 2 s timeout)
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
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key]]));
[$proc, $pipes] = tls_child(<<<'CHILD'
    $ctx = stream_context_create(['ssl' => ['cafile' => getenv('CERT'), 'peer_name' => 'localhost']]);
    $c = stream_socket_client('tcp://' . getenv('ADDR'), $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    stream_set_timeout($c, 10);
    fwrite($c, "go\n");
    fgets($c);
    var_dump(stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
    echo fgets($c);
    CHILD, ['ADDR' => stream_socket_get_name($server, false), 'CERT' => $cert]);
$conn = stream_socket_accept($server, 5);
stream_set_timeout($conn, 5);
echo fgets($conn);

// The first select runs with one descriptor free: it takes it.
$held = fd_exhaust();
fd_release($held, 1);
$r = [$conn];
$w = $e = null;
var_dump(stream_select($r, $w, $e, 0));
fd_release($held);

fwrite($conn, "ok\n");
stream_set_blocking($conn, false);
$start = microtime(true);
$results = [];
$slowest = 0.0;
while (microtime(true) - $start < 10) {
    $results[] = var_export(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER), true);
    if (end($results) !== '0') {
        break;
    }
    $r = [$conn];
    $w = $e = null;
    $t = microtime(true);
    stream_select($r, $w, $e, 5);
    $slowest = max($slowest, microtime(true) - $t);
}
echo 'server: ', implode(', ', array_unique($results)), "\n";
// The handshake takes milliseconds; a select missing the wake-up waits its whole 5 s.
echo $slowest < 3.0 ? "no select waited for its timeout\n" : sprintf("a select waited %.3f s\n", $slowest);
fwrite($conn, "done\n");
echo t_line($pipes[1], 10), t_line($pipes[1], 10);
echo t_stop($proc, $pipes);
?>
--EXPECT--
go
int(0)
server: 0, true
no select waited for its timeout
bool(true)
done
