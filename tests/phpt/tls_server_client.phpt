--TEST--
ssl:// server and ssl:// client: self-signed certificate made by PHP with an encrypted key (passphrase), fread/fwrite/fgets/feof, meta crypto
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/tls_helpers.inc';

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir, 'localhost', 'secret');
echo strtok(file_get_contents($key), "\n"), "\n";
$ctx = stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key, 'passphrase' => 'secret']]);
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
var_dump(is_resource($server), $errno, $errstr);
$meta = stream_get_meta_data($server);
var_dump(isset($meta['crypto']), $meta['stream_type']);

[$proc, $pipes] = tls_child(<<<'CHILD'
    $ctx = stream_context_create(['ssl' => ['cafile' => getenv('CERT'), 'peer_name' => 'localhost']]);
    $c = stream_socket_client('ssl://' . getenv('ADDR'), $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    stream_set_timeout($c, 10);
    $crypto = stream_get_meta_data($c)['crypto'];
    echo "client: {$crypto['protocol']} ", implode(',', array_keys($crypto)), "\n";
    var_dump(fwrite($c, "hello server\n"));
    echo 'client got ', fgets($c);
    echo 'client got ', fread($c, 6), "|\n";
    echo 'client got ', fgets($c, 4), "|\n";
    echo 'client got ', json_encode(fgets($c)), "\n";
    echo 'client got ', fgets($c);
    $blob = '';
    while (strlen($blob) < 300000 && !feof($c)) {
        $blob .= fread($c, 1 << 20); // more than the shim's first buffer: it grows
    }
    echo 'client blob ', strlen($blob), ' ', md5($blob) === md5(str_repeat('0123456789abcdef', 18750)) ? 'intact' : 'CORRUPT', "\n";
    echo 'client at end: ', var_export(fread($c, 10), true), ' feof=', var_export(feof($c), true), "\n";
    CHILD, ['ADDR' => stream_socket_get_name($server, false), 'CERT' => $cert]);

$conn = stream_socket_accept($server, 10, $peer);
var_dump(str_starts_with($peer, '127.0.0.1:'));
stream_set_timeout($conn, 10);
$meta = stream_get_meta_data($conn);
echo 'meta keys: ', implode(' ', array_keys($meta)), "\n";
echo 'crypto: ', $meta['crypto']['protocol'], ' ', $meta['crypto']['cipher_version'], ' ', implode(',', array_keys($meta['crypto'])), "\n";
var_dump(is_string($meta['crypto']['cipher_name']), $meta['crypto']['cipher_bits'] >= 128, $meta['stream_type']);
echo 'server got ', fgets($conn);
var_dump(feof($conn));
fwrite($conn, "hello client\n");
fwrite($conn, "abcdefghi\n");
fwrite($conn, "last line\n");
var_dump(fwrite($conn, str_repeat('0123456789abcdef', 18750)));
fclose($conn);
while (($line = t_line($pipes[1], 10)) !== false) {
    echo $line;
}
echo t_stop($proc, $pipes);
?>
--EXPECT--
-----BEGIN ENCRYPTED PRIVATE KEY-----
bool(true)
int(0)
string(0) ""
bool(false)
string(14) "tcp_socket/ssl"
bool(true)
meta keys: crypto timed_out blocked eof stream_type mode unread_bytes seekable
crypto: TLSv1.3 TLSv1.3 protocol,cipher_name,cipher_bits,cipher_version
bool(true)
bool(true)
string(14) "tcp_socket/ssl"
server got hello server
bool(false)
int(300000)
client: TLSv1.3 protocol,cipher_name,cipher_bits,cipher_version
int(13)
client got hello client
client got abcdef|
client got ghi|
client got "\n"
client got last line
client blob 300000 intact
client at end: '' feof=true
