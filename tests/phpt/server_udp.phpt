--TEST--
udp: STREAM_SERVER_BIND, recvfrom with the peer address, sendto back
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
var_dump(get_resource_type($server), $errno, $errstr);
$name = stream_socket_get_name($server, false);
var_dump(preg_match('/^127\.0\.0\.1:\d+$/', $name));
var_dump(stream_socket_get_name($server, true));
var_dump(stream_get_meta_data($server)['stream_type']);

$client = stream_socket_client("udp://$name", $errno, $errstr);
var_dump(stream_socket_get_name($client, true) === $name);
var_dump(fwrite($client, 'ping'));

$from = 'unset';
var_dump(stream_socket_recvfrom($server, 100, 0, $from));
var_dump($from === stream_socket_get_name($client, false));
var_dump(stream_socket_sendto($server, 'pong', 0, $from));
var_dump(fread($client, 100));

// A datagram longer than $length is cut; the rest is gone.
fwrite($client, 'abcdefgh');
var_dump(stream_socket_recvfrom($server, 3, 0, $from));
fwrite($client, 'next');
var_dump(stream_socket_recvfrom($server, 100));

// STREAM_PEEK leaves the datagram queued.
fwrite($client, 'peek');
var_dump(stream_socket_recvfrom($server, 100, STREAM_PEEK));
var_dump(stream_socket_recvfrom($server, 100));

// Nothing queued on a non-blocking socket: false, $address set to null.
stream_set_blocking($server, false);
$from = 'unset';
var_dump(stream_socket_recvfrom($server, 100, 0, $from), $from);

// A second client: replies go to whoever sent.
$other = stream_socket_client("udp://$name");
fwrite($other, 'two');
stream_set_blocking($server, true);
var_dump(stream_socket_recvfrom($server, 100, 0, $from));
var_dump($from === stream_socket_get_name($other, false));
stream_socket_sendto($server, 'reply-two', 0, $from);
var_dump(fread($other, 100));
?>
--EXPECT--
string(6) "stream"
int(0)
string(0) ""
int(1)
bool(false)
string(10) "udp_socket"
bool(true)
int(4)
string(4) "ping"
bool(true)
int(4)
string(4) "pong"
string(3) "abc"
string(4) "next"
string(4) "peek"
string(4) "peek"
bool(false)
NULL
string(3) "two"
bool(true)
string(9) "reply-two"
