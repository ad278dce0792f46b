--TEST--
stream_socket_pair: two connected generic_socket streams; failures warn with errno and text
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
var_dump(array_keys($pair), get_resource_type($pair[0]), get_resource_type($pair[1]));
var_dump(fwrite($pair[0], "left to right\n"), fgets($pair[1]));
var_dump(fwrite($pair[1], 'right to left'), fread($pair[0], 100));
$meta = stream_get_meta_data($pair[0]);
var_dump($meta['stream_type'], $meta['mode'], $meta['blocked']);
var_dump(stream_socket_get_name($pair[0], false), stream_socket_get_name($pair[0], true));

fclose($pair[0]);
var_dump(fread($pair[1], 100), feof($pair[1]));

// Datagram pairs keep message boundaries.
$dg = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_DGRAM, 0);
fwrite($dg[0], 'one');
fwrite($dg[0], 'two');
var_dump(fread($dg[1], 100), fread($dg[1], 100));

var_dump(stream_socket_pair(STREAM_PF_INET, STREAM_SOCK_STREAM, 0));
var_dump(stream_socket_pair(99, STREAM_SOCK_STREAM, 0));
?>
--EXPECTF--
array(2) {
  [0]=>
  int(0)
  [1]=>
  int(1)
}
string(6) "stream"
string(6) "stream"
int(14)
string(14) "left to right
"
int(13)
string(13) "right to left"
string(14) "generic_socket"
string(2) "r+"
bool(true)
bool(false)
bool(false)
string(0) ""
bool(true)
string(3) "one"
string(3) "two"

Warning: stream_socket_pair(): Failed to create sockets: [95]: Operation not supported in %s on line %d
bool(false)

Warning: stream_socket_pair(): Failed to create sockets: [97]: Address family not supported by protocol in %s on line %d
bool(false)
