--TEST--
stream_get_transports: an array holding tcp, udp, unix and udg (gostream lists only these until TLS lands: see deviations/)
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$t = stream_get_transports();
var_dump(array_is_list($t));
var_dump(array_values(array_intersect(['tcp', 'udp', 'unix', 'udg'], $t)));
?>
--EXPECT--
bool(true)
array(4) {
  [0]=>
  string(3) "tcp"
  [1]=>
  string(3) "udp"
  [2]=>
  string(4) "unix"
  [3]=>
  string(3) "udg"
}
