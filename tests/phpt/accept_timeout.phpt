--TEST--
stream_socket_accept: timeout warning, bounded wait, non-listening streams time out too
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$peer = 'untouched';
$t = microtime(true);
var_dump(stream_socket_accept($server, 0.3, $peer));
$took = microtime(true) - $t;
var_dump($took >= 0.28 && $took < 2.0, $peer);

// Timeout 0 checks once.
$t = microtime(true);
var_dump(stream_socket_accept($server, 0));
var_dump(microtime(true) - $t < 0.5);

// A non-blocking listener still waits up to $timeout.
stream_set_blocking($server, false);
$t = microtime(true);
var_dump(stream_socket_accept($server, 0.2));
var_dump(microtime(true) - $t >= 0.18);

// A pending connection is taken at once, timeout 0 included.
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
usleep(50000);
$conn = stream_socket_accept($server, 0, $peer);
var_dump(is_resource($conn), $peer === stream_socket_get_name($client, false));
var_dump(stream_get_meta_data($conn)['blocked']);

// Accept on a connected stream behaves like a timeout.
var_dump(stream_socket_accept($client, 0.1));

// A socket-less server stream (flags without BIND) too.
$none = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, 0);
var_dump(stream_socket_accept($none, 0.1));
?>
--EXPECTF--
Warning: stream_socket_accept(): Accept failed: Connection timed out in %s on line %d
bool(false)
bool(true)
string(9) "untouched"

Warning: stream_socket_accept(): Accept failed: Connection timed out in %s on line %d
bool(false)
bool(true)

Warning: stream_socket_accept(): Accept failed: Connection timed out in %s on line %d
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)

Warning: stream_socket_accept(): Accept failed: Connection timed out in %s on line %d
bool(false)

Warning: stream_socket_accept(): Accept failed: Connection timed out in %s on line %d
bool(false)
