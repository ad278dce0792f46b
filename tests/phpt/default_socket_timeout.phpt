--TEST--
default_socket_timeout: read when accept() has no timeout; captured at creation for a stream's read timeout
--INI--
default_socket_timeout=1
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
ini_set('default_socket_timeout', '0');
// Read at call time: 0 now.
$t = microtime(true);
var_dump(stream_socket_accept($server));
var_dump(microtime(true) - $t < 0.5);

// The server captured 1 s at creation: accepted streams inherit it.
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);
$t = microtime(true);
var_dump(fread($conn, 1));
$took = microtime(true) - $t;
var_dump($took > 0.9 && $took < 2.5);

// A client made now has timeout 0: reads give up at once.
ini_set('default_socket_timeout', '0');
$c0 = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$t = microtime(true);
var_dump(fread($c0, 1), stream_get_meta_data($c0)['timed_out']);
var_dump(microtime(true) - $t < 0.5);
?>
--EXPECTF--
Warning: stream_socket_accept(): Accept failed: Connection timed out in %s on line %d
bool(false)
bool(true)
bool(false)
bool(true)
bool(false)
bool(true)
bool(true)
