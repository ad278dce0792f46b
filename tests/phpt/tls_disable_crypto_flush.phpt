--TEST--
stream_socket_enable_crypto($stream, false): bytes written before disabling reach the peer before the close_notify
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
[$proc, $pipes] = tls_child(<<<'CHILD'
    $c = stream_socket_client('tcp://' . getenv('ADDR'), $errno, $errstr, 5, STREAM_CLIENT_CONNECT,
        stream_context_create(['ssl' => ['cafile' => getenv('CERT'), 'peer_name' => 'localhost']]));
    stream_set_timeout($c, 10);
    fgets($c);
    var_dump(stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
    $got = '';
    while (!feof($c) && ($chunk = fread($c, 65536)) !== false && $chunk !== '') {
        $got .= $chunk;
    }
    echo 'client got ', strlen($got), ' bytes, ', str_ends_with($got, "END\n") ? 'ending in END' : 'cut short', ', eof=', var_export(feof($c), true), "\n";
    CHILD, ['ADDR' => stream_socket_get_name($server, false), 'CERT' => $cert]);

$conn = stream_socket_accept($server, 10);
fwrite($conn, "go\n");
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
var_dump(fwrite($conn, "221 closing TLS, bye\r\nEND\n"));
var_dump(stream_socket_enable_crypto($conn, false));
echo t_line($pipes[1], 10), t_line($pipes[1], 10);
echo t_stop($proc, $pipes);
?>
--EXPECT--
bool(true)
int(26)
bool(false)
bool(true)
client got 26 bytes, ending in END, eof=true
