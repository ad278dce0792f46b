--TEST--
stream_select: keys kept in order (string and int), duplicates kept, counts per set, null arrays left null
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = stream_socket_get_name($server, false);
$c = [];
$a = [];
for ($i = 0; $i < 4; $i++) {
    $c[$i] = stream_socket_client("tcp://$addr");
    $a[$i] = stream_socket_accept($server, 5);
}
// Data for a[1] and a[3] only.
fwrite($c[1], 'x');
fwrite($c[3], 'y');
usleep(50000);

$read = ['first' => $a[0], 7 => $a[1], 'z' => $a[2], 2 => $a[3], 'again' => $a[1]];
$write = null;
$except = null;
var_dump(stream_select($read, $write, $except, 1));
var_dump($read === [7 => $a[1], 2 => $a[3], 'again' => $a[1]], $write, $except);

// Readable and writable: counted once per set; a duplicate within one set counts once.
$read = [$a[1], $a[1]];
$write = ['w' => $a[1], 'other' => $a[0]];
$except = [];
var_dump(stream_select($read, $write, $except, 1));
var_dump(count($read), array_keys($write), $except);

// Timeout 0 with nothing ready: 0 and the arrays emptied.
$read = [$a[0], $a[2]];
$except = [$a[0]];
$write = null;
var_dump(stream_select($read, $write, $except, 0));
var_dump($read, $except, $write);

// A listener is readable when a connection waits.
$read = ['srv' => $server, 'conn' => $a[0]];
$write = $except = null;
var_dump(stream_select($read, $write, $except, 0));
$late = stream_socket_client("tcp://$addr");
$read = ['srv' => $server, 'conn' => $a[0]];
var_dump(stream_select($read, $write, $except, 1), array_keys($read));
stream_socket_accept($server, 1);

// The same array again (the common loop) keeps working.
$clients = [$a[0], $a[2]];
for ($round = 0; $round < 3; $round++) {
    $read = $clients;
    $n = stream_select($read, $write, $except, 0);
    echo "round $round: $n\n";
    if ($round === 0) {
        fwrite($c[2], 'data');
        usleep(50000);
    }
}
var_dump(array_keys($read));

// A peer that closes makes the stream readable (fread then gives "").
fclose($c[0]);
usleep(50000);
$read = [$a[0]];
var_dump(stream_select($read, $write, $except, 1), fread($a[0], 10), feof($a[0]));
?>
--EXPECT--
int(2)
bool(true)
NULL
NULL
int(3)
int(2)
array(2) {
  [0]=>
  string(1) "w"
  [1]=>
  string(5) "other"
}
array(0) {
}
int(0)
array(0) {
}
array(0) {
}
NULL
int(0)
int(1)
array(1) {
  [0]=>
  string(3) "srv"
}
round 0: 0
round 1: 1
round 2: 1
array(1) {
  [0]=>
  int(1)
}
int(1)
string(0) ""
bool(true)
