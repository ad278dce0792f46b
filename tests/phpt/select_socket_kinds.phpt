--TEST--
stream_select readiness for every kind: a tcp and a unix listener with a pending connection, a udp and a udg socket with a datagram waiting, a unix stream with data; nothing ready before
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$dir = sys_get_temp_dir() . '/gs-select-kinds-' . getmypid();
@mkdir($dir);
$tcp = stream_socket_server('tcp://127.0.0.1:0');
$unix = stream_socket_server("unix://$dir/s.sock");
$udp = stream_socket_server('udp://127.0.0.1:0', $e, $es, STREAM_SERVER_BIND);
$udg = stream_socket_server("udg://$dir/d.sock", $e, $es, STREAM_SERVER_BIND);
$all = ['tcp' => $tcp, 'unix' => $unix, 'udp' => $udp, 'udg' => $udg];

$r = $all;
$w = $x = null;
var_dump(stream_select($r, $w, $x, 0, 200000), $r);

$c1 = \stream_socket_client('tcp://' . stream_socket_get_name($tcp, false));
$c2 = \stream_socket_client("unix://$dir/s.sock");
$c3 = \stream_socket_client('udp://' . stream_socket_get_name($udp, false));
\fwrite($c3, 'dgram');
$c4 = \stream_socket_client("udg://$dir/d.sock");
\fwrite($c4, 'unixgram');
usleep(50000);

$r = $all;
var_dump(stream_select($r, $w, $x, 1), array_keys($r));
var_dump(stream_socket_recvfrom($udp, 100), stream_socket_recvfrom($udg, 100));

// An accepted unix stream: readable once its peer writes.
$a = stream_socket_accept($unix, 1);
$r = [$a];
var_dump(stream_select($r, $w, $x, 0));
\fwrite($c2, 'hello');
$r = [$a];
var_dump(stream_select($r, $w, $x, 1), fread($a, 10));

fclose($unix);
fclose($udg);
@unlink("$dir/s.sock");
@unlink("$dir/d.sock");
@rmdir($dir);
?>
--EXPECT--
int(0)
array(0) {
}
int(4)
array(4) {
  [0]=>
  string(3) "tcp"
  [1]=>
  string(4) "unix"
  [2]=>
  string(3) "udp"
  [3]=>
  string(3) "udg"
}
string(5) "dgram"
string(8) "unixgram"
int(0)
int(1)
string(5) "hello"
