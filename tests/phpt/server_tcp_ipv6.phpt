--TEST--
tcp IPv6: [::1]:0, real port from get_name, [addr]:port formats
--SKIPIF--
<?php
if (@stream_socket_server('tcp://[::1]:0') === false) die('skip no IPv6 loopback');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://[::1]:0', $errno, $errstr);
$name = stream_socket_get_name($server, false);
var_dump(preg_match('/^\[::1\]:(\d+)$/', $name, $m), (int) $m[1] > 0);

$client = stream_socket_client("tcp://$name", $errno, $errstr, 5);
$conn = stream_socket_accept($server, 5, $peer);
var_dump(preg_match('/^\[::1\]:\d+$/', $peer));
var_dump($peer === stream_socket_get_name($client, false));
var_dump(stream_socket_get_name($client, true) === $name);
var_dump(stream_get_meta_data($conn)['stream_type']);

fwrite($client, "v6\n");
var_dump(fgets($conn));

// A dual-stack listener on [::] accepts IPv4 clients as v4-mapped peers.
$any = stream_socket_server('tcp://[::]:0');
$port = (int) substr(strrchr(stream_socket_get_name($any, false), ':'), 1);
var_dump(stream_socket_get_name($any, false) === "[::]:$port");
$c4 = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5);
$a4 = stream_socket_accept($any, 5, $peer4);
var_dump(preg_match('/^\[::ffff:127\.0\.0\.1\]:\d+$/', $peer4));
?>
--EXPECT--
int(1)
bool(true)
int(1)
bool(true)
bool(true)
string(14) "tcp_socket/ssl"
string(3) "v6
"
bool(true)
int(1)
