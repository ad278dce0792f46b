--TEST--
tcp IPv4: server on port 0, client, accept with $peer_name, data both ways
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$errno = 'unset';
$errstr = 'unset';
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
var_dump(get_resource_type($server), $errno, $errstr);

$name = stream_socket_get_name($server, false);
var_dump(preg_match('/^127\.0\.0\.1:(\d+)$/', $name, $m), (int) $m[1] > 0);
var_dump(stream_socket_get_name($server, true));

$client = stream_socket_client("tcp://$name", $errno, $errstr, 5);
var_dump(get_resource_type($client), $errno, $errstr);

$peer = 'unset';
$conn = stream_socket_accept($server, 5, $peer);
var_dump(get_resource_type($conn));
var_dump($peer === stream_socket_get_name($client, false));
var_dump(stream_socket_get_name($conn, false) === $name);
var_dump(stream_socket_get_name($conn, true) === $peer);
var_dump(stream_socket_get_name($client, true) === $name);

var_dump(fwrite($client, "ping\n"));
var_dump(fgets($conn));
var_dump(fwrite($conn, "pong"));
var_dump(fread($client, 100));

// Distinct resources, usable as array keys.
$clients = [(int) $conn => $conn];
var_dump(isset($clients[(int) $conn]), (int) $conn !== (int) $client, is_resource($conn));

var_dump(fclose($client), fclose($conn), fclose($server));
var_dump(is_resource($conn), get_resource_type($conn));
?>
--EXPECT--
string(6) "stream"
int(0)
string(0) ""
int(1)
bool(true)
bool(false)
string(6) "stream"
int(0)
string(0) ""
string(6) "stream"
bool(true)
bool(true)
bool(true)
bool(true)
int(5)
string(5) "ping
"
int(4)
string(4) "pong"
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
string(7) "Unknown"
