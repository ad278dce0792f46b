--TEST--
udp/udg with the default flags (BIND|LISTEN) fail: datagram sockets need STREAM_SERVER_BIND alone
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$errno = 'unset';
$errstr = 'unset';
var_dump(stream_socket_server('udp://127.0.0.1:0', $errno, $errstr));
var_dump(is_int($errno), is_string($errstr));

$dir = t_tmpdir();
var_dump(stream_socket_server("udg://$dir/dg.sock", $errno, $errstr));
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to udp://127.0.0.1:0 (%s) in %s on line %d
bool(false)
bool(true)
bool(true)

Warning: stream_socket_server(): Unable to connect to udg://%s/dg.sock (%s) in %s on line %d
bool(false)
