--TEST--
Deviation T3, T11-T14: TLS failures give PHP's warnings, and the cause in $error_message (PHP: empty) or, where PHP's enable_crypto warning does not name it, in a warning of its own; enable_crypto on a listener fails at once; a failed STARTTLS leaves the stream unusable; $session_stream is checked but not resumed
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../tls_helpers.inc';

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
[$otherCa] = tls_cert($dir, 'other');
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key]]));
$addr = stream_socket_get_name($server, false);

echo "-- client: certificate not signed by cafile, then a name mismatch\n";
foreach ([['cafile' => $otherCa, 'peer_name' => 'localhost'], ['cafile' => $cert, 'peer_name' => 'wrong.name']] as $ssl) {
    $c = stream_socket_client("ssl://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create(['ssl' => $ssl]));
    var_dump($c, $errno, $errstr);
}

echo "-- enable_crypto: the cause follows PHP's warning where PHP's does not name it (OpenSSL's queue; nothing when the peer closes)\n";
$c = stream_socket_client("tcp://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create(['ssl' => ['cafile' => $otherCa, 'peer_name' => 'localhost']]));
var_dump(stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
$closing = stream_socket_server('tcp://127.0.0.1:0');
$c = stream_socket_client('tcp://' . stream_socket_get_name($closing, false), $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create(['ssl' => ['cafile' => $cert]]));
$conn = stream_socket_accept($closing, 5);
stream_set_blocking($c, false);
var_dump(stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
$r = [$conn];
$w = $e = null;
stream_select($r, $w, $e, 5);
fread($conn, 65536); // the ClientHello: closing with it unread would reset the connection
fclose($conn);
for ($end = microtime(true) + 5; ($done = stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT)) === 0 && microtime(true) < $end;) {
    usleep(1000);
}
var_dump($done);

echo "-- a plaintext client is dropped by the listener without a warning; the next one is accepted\n";
$plain = stream_socket_client("tcp://$addr");
fwrite($plain, "GET / HTTP/1.0\r\n\r\n");
var_dump(@stream_socket_accept($server, 0.5));
$good = stream_socket_client("ssl://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create(['ssl' => ['cafile' => $cert, 'peer_name' => 'localhost']]));
var_dump(is_resource(stream_socket_accept($server, 5)));

echo "-- enable_crypto on a listener: at once (PHP waits for the timeout, then SSL: Handshake timed out)\n";
$t = microtime(true);
var_dump(stream_socket_enable_crypto($server, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
var_dump(microtime(true) - $t < 1);

echo "-- session_stream: checked as PHP checks it, a TLS stream is taken without a warning\n";
$tcp = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key]]));
$c = stream_socket_client('tcp://' . stream_socket_get_name($tcp, false), $errno, $errstr, 5, STREAM_CLIENT_CONNECT,
    stream_context_create(['ssl' => ['cafile' => $cert, 'peer_name' => 'localhost']]));
$conn = stream_socket_accept($tcp, 5);
stream_set_blocking($c, false);
var_dump(stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT, $good));
$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER, $pair[0]));
for ($i = 0; $i < 1000 && stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT) === 0; $i++) {
    usleep(1000);
}
echo stream_get_meta_data($c)['crypto']['protocol'], "\n";

echo "-- a failed STARTTLS: PHP's warning and the cause; the stream then fails reads and writes (PHP goes on in plaintext)\n";
$c = stream_socket_client('tcp://' . stream_socket_get_name($tcp, false));
$conn = stream_socket_accept($tcp, 5);
stream_set_timeout($c, 2);
fwrite($conn, "this is not TLS\n");
var_dump(stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT, $conn));
var_dump(fwrite($c, "plain?\n"));
var_dump(fread($c, 10));
?>
--EXPECTF--
-- client: certificate not signed by cafile, then a name mismatch

Warning: stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000086:SSL routines::certificate verify failed in %s on line %d

Warning: stream_socket_client(): Failed to enable crypto in %s on line %d

Warning: stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error) in %s on line %d
bool(false)
int(0)
string(67) "SSL: Could not verify peer: certificate signed by unknown authority"

Warning: stream_socket_client(): Peer certificate CN=`localhost' did not match expected CN=`wrong.name' in %s on line %d

Warning: stream_socket_client(): Failed to enable crypto in %s on line %d

Warning: stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error) in %s on line %d
bool(false)
int(0)
string(75) "SSL: Peer certificate CN=`localhost' did not match expected CN=`wrong.name'"
-- enable_crypto: the cause follows PHP's warning where PHP's does not name it (OpenSSL's queue; nothing when the peer closes)

Warning: stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000086:SSL routines::certificate verify failed in %s on line %d

Warning: stream_socket_enable_crypto(): SSL: Could not verify peer: certificate signed by unknown authority in %s on line %d
bool(false)
int(0)

Warning: stream_socket_enable_crypto(): SSL: EOF in %s on line %d
bool(false)
-- a plaintext client is dropped by the listener without a warning; the next one is accepted
bool(false)
bool(true)
-- enable_crypto on a listener: at once (PHP waits for the timeout, then SSL: Handshake timed out)

Warning: stream_socket_enable_crypto(): This stream does not support SSL/crypto in %s on line %d
bool(false)
bool(true)
-- session_stream: checked as PHP checks it, a TLS stream is taken without a warning
int(0)

Warning: stream_socket_enable_crypto(): Supplied session stream must be an SSL enabled stream in %s on line %d
bool(true)
TLSv1.3
-- a failed STARTTLS: PHP's warning and the cause; the stream then fails reads and writes (PHP goes on in plaintext)

Warning: stream_socket_enable_crypto(): Supplied SSL session stream is not initialized in %s on line %d

Warning: stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A00010B:SSL routines::wrong version number in %s on line %d

Warning: stream_socket_enable_crypto(): SSL: tls: first record does not look like a TLS handshake in %s on line %d
bool(false)

Notice: fwrite(): Send of 7 bytes failed with errno=%d %s in %s on line %d
bool(false)
bool(false)
