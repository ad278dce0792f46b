--TEST--
stream_select: bytes already buffered (after fgets) make a stream readable at once, reported alone
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = stream_socket_get_name($server, false);
$c1 = stream_socket_client("tcp://$addr");
$a1 = stream_socket_accept($server, 5);
$c2 = stream_socket_client("tcp://$addr");
$a2 = stream_socket_accept($server, 5);

fwrite($c1, "one\ntwo\n");
fwrite($c2, "ready too\n");
usleep(50000);
var_dump(fgets($a1));                      // "two\n" now waits in the buffer
var_dump(stream_get_meta_data($a1)['unread_bytes']);

// a2 is readable too, and both are writable, but only the buffered stream is reported.
$read = ['a2' => $a2, 'a1' => $a1];
$write = [$a1, $a2];
$except = [$a2];
var_dump(stream_select($read, $write, $except, 5));
var_dump(array_keys($read), $write, $except);

var_dump(fgets($a1));
$read = ['a2' => $a2, 'a1' => $a1];
$write = null;
var_dump(stream_select($read, $write, $except, 5), array_keys($read));

// The shortcut counts elements: a stream listed twice counts twice.
fwrite($c1, "three
four
");
usleep(50000);
fgets($a1);
$read = ['x' => $a1, 'y' => $a1];
$write = [$a1];
var_dump(stream_select($read, $write, $except, 5), array_keys($read), $write);
?>
--EXPECT--
string(4) "one
"
int(4)
int(1)
array(1) {
  [0]=>
  string(2) "a1"
}
array(0) {
}
array(0) {
}
string(4) "two
"
int(1)
array(1) {
  [0]=>
  string(2) "a2"
}
int(2)
array(2) {
  [0]=>
  string(1) "x"
  [1]=>
  string(1) "y"
}
array(0) {
}
