--TEST--
A connection reset seen by stream_select is not swallowed: the next fread returns false, not "" (the shim's select fetched the reset and dropped it)
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$addr = stream_socket_get_name($srv, false);
// The peer is an ext/sockets socket in every mode: SO_LINGER 0 makes its
// close a reset (RST) instead of an end of stream (FIN).
[$host, $port] = explode(':', $addr);
$sock = \socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
\socket_connect($sock, $host, (int) $port);
$conn = stream_socket_accept($srv, 5);
\socket_set_option($sock, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
\socket_close($sock);

$r = [$conn];
$w = $e = null;
var_dump(stream_select($r, $w, $e, 5));
var_dump(@fread($conn, 100));
var_dump(fread($conn, 100), feof($conn));
?>
--EXPECT--
int(1)
bool(false)
string(0) ""
bool(true)
