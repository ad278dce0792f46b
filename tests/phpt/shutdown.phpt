--TEST--
stream_socket_shutdown: half-close reaches the peer as EOF; bad modes throw; listeners and unconnected udp
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);

fwrite($client, 'bye');
var_dump(stream_socket_shutdown($client, STREAM_SHUT_WR));
var_dump(fread($conn, 10), fread($conn, 10), feof($conn));
// The other direction still works.
var_dump(fwrite($conn, 'still here'), fread($client, 100));
var_dump(stream_socket_shutdown($client, STREAM_SHUT_WR));   // again: fine
var_dump(stream_socket_shutdown($conn, STREAM_SHUT_RDWR));
var_dump(fread($client, 10), feof($client));

try {
    stream_socket_shutdown($conn, 3);
} catch (\ValueError $e) {
    echo $e->getMessage(), "\n";
}
try {
    stream_socket_shutdown($conn, -1);
} catch (\ValueError $e) {
    echo $e->getMessage(), "\n";
}

var_dump(stream_socket_shutdown($server, STREAM_SHUT_RD));
$udp = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
var_dump(stream_socket_shutdown($udp, STREAM_SHUT_RDWR));
?>
--EXPECT--
bool(true)
string(3) "bye"
string(0) ""
bool(true)
int(10)
string(10) "still here"
bool(true)
bool(true)
string(0) ""
bool(true)
stream_socket_shutdown(): Argument #2 ($mode) must be one of STREAM_SHUT_RD, STREAM_SHUT_WR, or STREAM_SHUT_RDWR
stream_socket_shutdown(): Argument #2 ($mode) must be one of STREAM_SHUT_RD, STREAM_SHUT_WR, or STREAM_SHUT_RDWR
bool(true)
bool(false)
