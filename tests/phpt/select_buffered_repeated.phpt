--TEST--
stream_select: bytes buffered by fgets keep the stream reported alone at every call until they are read, not only at the first
--DESCRIPTION--
Regression: through gostream the first select took the library's buffered
bytes along with its answer (gs_select_fetch), and from then on the shim
held them as bytes still in the kernel: the next select reported the stream
together with every other ready one, and unread_bytes fell to 0.
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

for ($call = 0; $call < 3; $call++) {
    $read = ['a2' => $a2, 'a1' => $a1];
    $write = [$a2];
    $except = null;
    echo stream_select($read, $write, $except, 5), ' ', implode(',', array_keys($read)), ' ', \count($write), ' ', stream_get_meta_data($a1)['unread_bytes'], "\n";
}
$read = ['x' => $a1, 'a2' => $a2, 'y' => $a1];
$write = null;
echo stream_select($read, $write, $except, 5), ' ', implode(',', array_keys($read)), "\n";
var_dump(fgets($a1));
$read = ['a2' => $a2, 'a1' => $a1];
echo stream_select($read, $write, $except, 5), ' ', implode(',', array_keys($read)), "\n";
var_dump(fgets($a2));
?>
--EXPECT--
string(4) "one
"
1 a1 0 4
1 a1 0 4
1 a1 0 4
2 x,y
string(4) "two
"
1 a2
string(10) "ready too
"
