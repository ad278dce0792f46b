--TEST--
stream_set_timeout: a blocking read gives up after the timeout with timed_out set; the next read clears it
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);

var_dump(stream_set_timeout($conn, 0, 300000));
$t = microtime(true);
var_dump(fread($conn, 10));
$took = microtime(true) - $t;
var_dump($took >= 0.28 && $took < 2);
var_dump(stream_get_meta_data($conn)['timed_out']);

var_dump(fgets($conn));
var_dump(stream_get_meta_data($conn)['timed_out']);

fwrite($client, "data\n");
var_dump(fgets($conn));
var_dump(stream_get_meta_data($conn)['timed_out']);

// Setting a timeout clears the flag; microseconds >= 1e6 carry into seconds.
fread($conn, 1);
var_dump(stream_get_meta_data($conn)['timed_out']);
var_dump(stream_set_timeout($conn, 0, 1200000));
var_dump(stream_get_meta_data($conn)['timed_out']);

// Accepted streams inherit the listener's timeout.
stream_set_timeout($server, 0, 200000);
$c2 = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$a2 = stream_socket_accept($server, 5);
$t = microtime(true);
var_dump(fread($a2, 1));
$took = microtime(true) - $t;
var_dump($took >= 0.18 && $took < 2);
?>
--EXPECT--
bool(true)
bool(false)
bool(true)
bool(true)
bool(false)
bool(true)
string(5) "data
"
bool(false)
bool(true)
bool(true)
bool(false)
bool(false)
bool(true)
