--TEST--
A connection reset seen by stream_select is not swallowed: the next fread returns false, not "" (the shim's select fetched the reset and dropped it)
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$addr = stream_socket_get_name($srv, false);
// The peer is PHP's own stream in both modes: SO_LINGER 0 makes its close
// a reset (RST) instead of an end of stream (FIN).
$peer = \stream_socket_client("tcp://$addr", $errno, $errstr, 5);
$conn = stream_socket_accept($srv, 5);
$sock = \socket_import_stream($peer);
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
