--TEST--
Deviation T4: a crypto method or version range that allows only TLS 1.0/1.1 is an error (at stream_socket_server, or from stream_socket_enable_crypto); ranges reaching TLS 1.2 are cut to it
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
$ssl = ['local_cert' => $cert, 'local_pk' => $key];
$old = STREAM_CRYPTO_METHOD_TLSv1_0_SERVER | STREAM_CRYPTO_METHOD_TLSv1_1_SERVER;
var_dump(stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => $ssl + ['crypto_method' => $old]])));
$wide = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => $ssl + ['crypto_method' => $old | STREAM_CRYPTO_METHOD_TLSv1_2_SERVER]]));
var_dump(is_resource($wide));

$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => $ssl]));
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);
var_dump(stream_socket_enable_crypto($client, true, STREAM_CRYPTO_METHOD_TLSv1_0_CLIENT));
var_dump(stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLSv1_1_SERVER));
stream_context_set_option($client, 'ssl', 'max_proto_version', STREAM_CRYPTO_PROTO_TLSv1_1);
var_dump(stream_socket_enable_crypto($client, true, STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT | STREAM_CRYPTO_METHOD_TLSv1_0_CLIENT));
echo "-- the stream is still usable in plaintext\n";
fwrite($client, "plain\n");
echo fgets($conn);
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to ssl://127.0.0.1:0 (crypto_method 24 allows only TLS 1.0 to TLS 1.1, which gostream refuses: TLS 1.2 is the minimum) in %s on line %d
bool(false)
bool(true)

Warning: stream_socket_enable_crypto(): crypto_method 9 allows only TLS 1.0, which gostream refuses: TLS 1.2 is the minimum in %s on line %d
bool(false)

Warning: stream_socket_enable_crypto(): crypto_method 16 allows only TLS 1.1, which gostream refuses: TLS 1.2 is the minimum in %s on line %d
bool(false)

Warning: stream_socket_enable_crypto(): %s with max_proto_version allows only TLS 1.0 to TLS 1.1, which gostream refuses: TLS 1.2 is the minimum in %s on line %d
bool(false)
-- the stream is still usable in plaintext
plain
