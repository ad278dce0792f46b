--TEST--
stream_socket_enable_crypto: blocking STARTTLS between two processes (plaintext command, then TLS on both sides), then crypto disabled
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/tls_helpers.inc';

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir, 'localhost', 'secret');
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key, 'passphrase' => 'secret']]));
$address = stream_socket_get_name($server, false);

[$proc, $pipes] = tls_child(<<<'CHILD'
    $ctx = stream_context_create(['ssl' => ['cafile' => getenv('CERT'), 'peer_name' => 'localhost']]);
    $c = stream_socket_client('tcp://' . getenv('ADDR'), $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    stream_set_timeout($c, 10);
    echo 'client got ', fgets($c);
    fwrite($c, "STARTTLS\r\n");
    echo 'client got ', fgets($c);
    echo 'client enable: ', var_export(stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT), true), "\n";
    echo 'client protocol: ', stream_get_meta_data($c)['crypto']['protocol'], "\n";
    fwrite($c, "EHLO over tls\r\n");
    echo 'client got ', fgets($c);
    echo 'client got ', fread($c, 5), "\n";
    fwrite($c, "QUIT\r\n");
    $rest = fread($c, 100);
    echo 'client after close_notify: ', var_export($rest, true), ' eof=', var_export(feof($c), true), "\n";
    CHILD, ['ADDR' => $address, 'CERT' => $cert]);

$conn = stream_socket_accept($server, 5);
stream_set_timeout($conn, 10);
fwrite($conn, "220 ready\r\n");
echo 'server got ', fgets($conn);
var_dump(stream_get_meta_data($conn)['crypto'] ?? 'no crypto yet');
fwrite($conn, "220 go ahead\r\n");
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
$meta = stream_get_meta_data($conn);
echo 'meta keys: ', implode(' ', array_keys($meta)), "\n";
echo 'crypto keys: ', implode(' ', array_keys($meta['crypto'])), "\n";
echo 'protocol: ', $meta['crypto']['protocol'], ' ', $meta['crypto']['cipher_version'], ' ', gettype($meta['crypto']['cipher_bits']), "\n";
echo 'server got ', fgets($conn);
fwrite($conn, "250 hello\r\n");
fwrite($conn, "12345");
echo 'server got ', fgets($conn);
echo "-- enabling again on a blocking stream\n";
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
echo "-- disabling sends close_notify and answers false\n";
var_dump(stream_socket_enable_crypto($conn, false));
var_dump(isset(stream_get_meta_data($conn)['crypto']));

$out = '';
while (($line = t_line($pipes[1], 10)) !== false) {
    $out .= $line;
}
echo $out, t_stop($proc, $pipes);
?>
--EXPECTF--
server got STARTTLS
string(13) "no crypto yet"
bool(true)
meta keys: crypto timed_out blocked eof stream_type mode unread_bytes seekable
crypto keys: protocol cipher_name cipher_bits cipher_version
protocol: TLSv1.3 TLSv1.3 integer
server got EHLO over tls
server got QUIT
-- enabling again on a blocking stream

Warning: stream_socket_enable_crypto(): SSL/TLS already set-up for this stream in %s on line %d
bool(false)
-- disabling sends close_notify and answers false
bool(false)
bool(false)
client got 220 ready
client got 220 go ahead
client enable: true
client protocol: TLSv1.3
client got 250 hello
client got 12345
client after close_notify: '' eof=true
