--TEST--
stream_socket_enable_crypto: non-blocking handshakes answer 0 until done, then true (stream_select between calls), then false without a warning
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/tls_helpers.inc';

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key]]));

// Both roles run the same loop: call, wait until readable, call again.
$code = <<<'CODE'
    function handshake($stream, int $method): string
    {
        $results = [];
        // Bounded by time, not rounds: a wake-up may come before the handshake has ended.
        for ($end = microtime(true) + 10; microtime(true) < $end;) {
            $r = stream_socket_enable_crypto($stream, true, $method);
            if ($results === [] || end($results) !== $r) {
                $results[] = $r;
            }
            if ($r !== 0) {
                break;
            }
            $read = [$stream];
            $write = $except = null;
            stream_select($read, $write, $except, 1);
        }
        return implode(', ', array_map(fn ($r) => var_export($r, true), $results));
    }
    CODE;
eval('namespace GoStream; ' . $code);

[$proc, $pipes] = tls_child($code . <<<'CHILD'

    $ctx = stream_context_create(['ssl' => ['cafile' => getenv('CERT'), 'peer_name' => 'localhost']]);
    $c = stream_socket_client('tcp://' . getenv('ADDR'), $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    fwrite($c, "go\n");
    fgets($c);
    stream_set_blocking($c, false);
    // Either role may finish in its first call: the client when the server's flight is already there; the
    // server when the client's Finished arrives before its first call reads (its thread preempted after writing).
    $seq = handshake($c, STREAM_CRYPTO_METHOD_TLS_CLIENT);
    echo 'client: ', preg_match('/^(0, )?true$/', $seq) ? '(0, )true' : $seq, "\n";
    echo 'client again: ', var_export(stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT), true), "\n";
    $got = '';
    for ($i = 0; $i < 100 && strlen($got) < 11; $i++) {
        $read = [$c];
        $write = $except = null;
        if (stream_select($read, $write, $except, 1) > 0) {
            $got .= fread($c, 100);
        }
    }
    echo "client got $got\n";
    CHILD, ['ADDR' => stream_socket_get_name($server, false), 'CERT' => $cert]);

$conn = stream_socket_accept($server, 5);
stream_set_timeout($conn, 5);
echo fgets($conn);
fwrite($conn, "ok\n");
stream_set_blocking($conn, false);
$seq = handshake($conn, STREAM_CRYPTO_METHOD_TLS_SERVER);
echo 'server: ', preg_match('/^(0, )?true$/', $seq) ? '(0, )true' : $seq, "\n";
echo 'server again: ', var_export(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER), true), "\n";
var_dump(stream_get_meta_data($conn)['crypto']['protocol']);
var_dump(fwrite($conn, "hello world"));
echo t_line($pipes[1], 10), t_line($pipes[1], 10), t_line($pipes[1], 10);
echo t_stop($proc, $pipes);
?>
--EXPECT--
go
server: (0, )true
server again: false
string(7) "TLSv1.3"
int(11)
client: (0, )true
client again: false
client got hello world
