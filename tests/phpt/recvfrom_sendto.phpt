--TEST--
stream_socket_recvfrom/sendto on tcp and udp: flags, addresses, errors (-1 with "strerror\n")
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);

var_dump(stream_socket_sendto($client, 'hello tcp'));
var_dump(stream_socket_sendto($client, ' ignored address', 0, '127.0.0.1:9'));   // connected: the kernel ignores it
usleep(20000);
$from = 'unset';
var_dump(stream_socket_recvfrom($conn, 5, STREAM_PEEK, $from), $from);
var_dump(stream_socket_recvfrom($conn, 100, 0, $from), $from);

// recvfrom bypasses the buffer fgets() fills: bytes read ahead are not returned.
fwrite($client, "line\nbuffered");
usleep(20000);
var_dump(fgets($conn));
stream_set_blocking($conn, false);
var_dump(stream_socket_recvfrom($conn, 100));
var_dump(fread($conn, 100));

try {
    stream_socket_recvfrom($conn, 0, 0, $from);
} catch (\ValueError $e) {
    echo $e->getMessage(), "\n";
}
var_dump($from);

// udp without a destination: -1 and the error text with a newline.
$udp = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
var_dump(stream_socket_sendto($udp, 'nowhere'));
var_dump(stream_socket_sendto($udp, 'x', 0, 'not an address'));
var_dump(stream_socket_sendto($udp, 'x', 0, '[::1'));
// An IPv6 target from an IPv4 socket.
var_dump(stream_socket_sendto($udp, 'x', 0, '[::1]:9'));
// Sending to ourselves works; recvfrom names us.
$self = stream_socket_get_name($udp, false);
var_dump(stream_socket_sendto($udp, 'me', 0, $self));
var_dump(stream_socket_recvfrom($udp, 10, 0, $from), $from === $self);
?>
--EXPECTF--
int(9)
int(16)
string(5) "hello"
string(0) ""
string(25) "hello tcp ignored address"
string(0) ""
string(5) "line
"
bool(false)
string(8) "buffered"
stream_socket_recvfrom(): Argument #2 ($length) must be greater than 0
NULL

Warning: stream_socket_sendto(): Destination address required
 in %s on line %d
int(-1)

Warning: stream_socket_sendto(): Failed to parse `not an address' into a valid network address in %s on line %d
bool(false)

Warning: stream_socket_sendto(): Failed to parse `[::1' into a valid network address in %s on line %d
bool(false)

Warning: stream_socket_sendto(): %s
 in %s on line %d
int(-1)
int(2)
string(2) "me"
bool(true)
