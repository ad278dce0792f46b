--TEST--
stream_socket_enable_crypto: argument errors, streams without crypto support, disabling a plain stream
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

function attempt(callable $f): void
{
    try {
        var_dump($f());
    } catch (\Throwable $t) {
        t_throwable($t);
    }
}

$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);

echo "-- no method, no ssl.crypto_method\n";
attempt(fn () => stream_socket_enable_crypto($client, true));
attempt(fn () => stream_socket_enable_crypto($client, true, null));
echo "-- disabling a stream that never had TLS\n";
attempt(fn () => stream_socket_enable_crypto($client, false));
attempt(fn () => stream_socket_enable_crypto($client, false, STREAM_CRYPTO_METHOD_TLS_CLIENT));

echo "-- streams that cannot do TLS\n";
$udp = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$dir = t_tmpdir();
$unix = stream_socket_server("unix://$dir/s.sock");
attempt(fn () => stream_socket_enable_crypto($udp, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
attempt(fn () => stream_socket_enable_crypto($pair[0], true, STREAM_CRYPTO_METHOD_TLS_SERVER));
attempt(fn () => stream_socket_enable_crypto($unix, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
echo "-- disabling them warns and answers true, as PHP does\n";
attempt(fn () => stream_socket_enable_crypto($udp, false));
attempt(fn () => stream_socket_enable_crypto($pair[1], false));

echo "-- not streams\n";
$closed = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
fclose($closed);
attempt(fn () => stream_socket_enable_crypto($closed, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
attempt(fn () => stream_socket_enable_crypto(stream_context_create(), true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
attempt(fn () => stream_socket_enable_crypto($client, true, STREAM_CRYPTO_METHOD_TLS_CLIENT, stream_context_create()));
attempt(fn () => stream_socket_enable_crypto($client, true, STREAM_CRYPTO_METHOD_TLS_CLIENT, 'session'));

echo "-- ordinary PHP streams go to PHP's function\n";
$mem = fopen('php://memory', 'r+');
attempt(fn () => stream_socket_enable_crypto($mem, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
attempt(fn () => stream_socket_enable_crypto($mem, true));

echo "-- the stream still works in plaintext\n";
fwrite($client, "still plain\n");
echo fgets($conn);
?>
--EXPECTF--
-- no method, no ssl.crypto_method
ValueError: stream_socket_enable_crypto(): Argument #3 ($crypto_method) must be specified when enabling encryption
ValueError: stream_socket_enable_crypto(): Argument #3 ($crypto_method) must be specified when enabling encryption
-- disabling a stream that never had TLS
bool(false)
bool(false)
-- streams that cannot do TLS

Warning: stream_socket_enable_crypto(): This stream does not support SSL/crypto in %s on line %d
bool(false)

Warning: stream_socket_enable_crypto(): This stream does not support SSL/crypto in %s on line %d
bool(false)

Warning: stream_socket_enable_crypto(): This stream does not support SSL/crypto in %s on line %d
bool(false)
-- disabling them warns and answers true, as PHP does

Warning: stream_socket_enable_crypto(): This stream does not support SSL/crypto in %s on line %d
bool(true)

Warning: stream_socket_enable_crypto(): This stream does not support SSL/crypto in %s on line %d
bool(true)
-- not streams
TypeError: stream_socket_enable_crypto(): supplied resource is not a valid stream resource
TypeError: stream_socket_enable_crypto(): supplied resource is not a valid stream resource
TypeError: stream_socket_enable_crypto(): supplied resource is not a valid stream resource
TypeError: stream_socket_enable_crypto(): Argument #4 ($session_stream) must be of type resource or null, string given
-- ordinary PHP streams go to PHP's function

Warning: stream_socket_enable_crypto(): This stream does not support SSL/crypto in %s on line %d
bool(false)
ValueError: stream_socket_enable_crypto(): Argument #3 ($crypto_method) must be specified when enabling encryption
-- the stream still works in plaintext
still plain
