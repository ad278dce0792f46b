--TEST--
stream_socket_get_name: formats; false (no warning) where there is no name
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$any = stream_socket_server('tcp://0.0.0.0:0');
var_dump(preg_match('/^0\.0\.0\.0:\d+$/', stream_socket_get_name($any, false)));
var_dump(stream_socket_get_name($any, true));

$port = substr(strrchr(stream_socket_get_name($any, false), ':'), 1);
$client = stream_socket_client("tcp://127.0.0.1:$port");
var_dump(stream_socket_get_name($client, true) === "127.0.0.1:$port");

$udp = stream_socket_server('udp://127.0.0.1:0', $e, $s, STREAM_SERVER_BIND);
var_dump(stream_socket_get_name($udp, true));
$udpClient = stream_socket_client('udp://' . stream_socket_get_name($udp, false));
var_dump(stream_socket_get_name($udpClient, true) === stream_socket_get_name($udp, false));
var_dump(preg_match('/^127\.0\.0\.1:\d+$/', stream_socket_get_name($udpClient, false)));

$none = stream_socket_server('tcp://127.0.0.1:0', $e, $s, 0);
var_dump(stream_socket_get_name($none, false), stream_socket_get_name($none, true));

$file = fopen('php://memory', 'r+');
var_dump(stream_socket_get_name($file, false));

fclose($client);
try {
    stream_socket_get_name($client, false);
} catch (\TypeError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECT--
int(1)
bool(false)
bool(true)
bool(false)
bool(true)
int(1)
bool(false)
bool(false)
bool(false)
stream_socket_get_name(): supplied resource is not a valid stream resource
