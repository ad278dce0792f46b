--TEST--
stream_select: a stream listed twice in $read is readable while its bytes are unread, after a select that listed it once
--DESCRIPTION--
Regression: through gostream the first select fetched the bytes ahead, and a
following select listing the stream twice for reading waited in the library
without saying that those bytes were waiting: it reported nothing readable.
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = stream_socket_get_name($server, false);
$c = stream_socket_client("tcp://$addr");
$a = stream_socket_accept($server, 5);
$idle = stream_socket_client("tcp://$addr");
$b = stream_socket_accept($server, 5);
fwrite($c, 'hello');
usleep(50000);
$w = $e = null;

$read = [$a, $b];
var_dump(stream_select($read, $w, $e, 1), $read === [$a]);
// Nothing was read: the bytes are still waiting, whatever the arrays hold.
$read = ['x' => $a, 'idle' => $b, 'y' => $a];
var_dump(stream_select($read, $w, $e, 0), array_keys($read));
$read = [$a, $a];
$write = [$a];
var_dump(stream_select($read, $write, $e, 0), count($read), count($write));
$read = [$a];
$write = null;
var_dump(stream_select($read, $write, $e, 0), fread($a, 100));
?>
--EXPECT--
int(1)
bool(true)
int(1)
array(2) {
  [0]=>
  string(1) "x"
  [1]=>
  string(1) "y"
}
int(2)
int(2)
int(1)
int(1)
string(5) "hello"
