--TEST--
stream_select: out-of-band data (stream_socket_sendto with STREAM_OOB) shows in the except array
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);

$r = null;
$w = null;
$e = ['conn' => $conn];
var_dump(stream_select($r, $w, $e, 0), $e);

var_dump(stream_socket_sendto($client, '!', STREAM_OOB));
usleep(50000);
$e = ['conn' => $conn];
var_dump(stream_select($r, $w, $e, 1), array_keys($e));
var_dump(stream_socket_recvfrom($conn, 1, STREAM_OOB));
?>
--EXPECT--
int(0)
array(0) {
}
int(1)
int(1)
array(1) {
  [0]=>
  string(4) "conn"
}
string(1) "!"
