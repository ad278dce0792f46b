--TEST--
stream_select over every kind of stream at once: STDIN (a pipe), a proc_open pipe, a file, a socket from socket_export_stream, a gostream socket
--SKIPIF--
<?php
if (!function_exists('socket_export_stream')) die('skip sockets extension needed');
?>
--STDIN--
hello
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$g = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);   // gostream in shim and whole modes
\socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $sp);
$sock = \socket_export_stream($sp[0]);                             // always PHP's own
$file = fopen(tempnam(sys_get_temp_dir(), 'gs-kinds-'), 'r+');
register_shutdown_function('unlink', stream_get_meta_data($file)['uri']);
[$proc, $pipes] = t_spawn('<?php while (($l = fgets(STDIN)) !== false) { echo $l; }');
$child = $pipes[1];
$w = $e = null;

echo "STDIN has a line\n";
$r = ['stdin' => STDIN, 'child' => $child, 'sock' => $sock, 'g' => $g[0]];
var_dump(stream_select($r, $w, $e, 5), array_keys($r), \fgets(STDIN));

echo "the child answers\n";
\fwrite($pipes[0], "child\n");
$r = ['child' => $child, 'sock' => $sock, 'g' => $g[0]];
var_dump(stream_select($r, $w, $e, 5), array_keys($r), \fgets($child));

echo "the exported socket\n";
\socket_write($sp[1], "sock");
$r = ['child' => $child, 'sock' => $sock, 'g' => $g[0]];
var_dump(stream_select($r, $w, $e, 5), array_keys($r), \fread($sock, 10));

echo "the gostream socket\n";
fwrite($g[1], 'go');
$r = ['child' => $child, 'sock' => $sock, 'g' => $g[0]];
var_dump(stream_select($r, $w, $e, 5), array_keys($r), fread($g[0], 10));

echo "a file is always ready, for reading and writing, never for exceptions\n";
$r = ['child' => $child, 'file' => $file, 'g' => $g[0]];
$w = ['file' => $file, 'sock' => $sock];
$e = ['file' => $file, 'child' => $child];
var_dump(stream_select($r, $w, $e, 5), array_keys($r), array_keys($w), $e);

echo "all at once, STDIN at its end (readable), one stream listed twice\n";
\fwrite($pipes[0], "again\n");
\socket_write($sp[1], "again");
fwrite($g[1], 'again');
usleep(100000);
$r = ['stdin' => STDIN, 'child' => $child, 'file' => $file, 'sock' => $sock, 'g' => $g[0], 'sock2' => $sock];
$w = $e = null;
var_dump(stream_select($r, $w, $e, 5), array_keys($r));

echo "nothing ready: the timeout\n";
\fgets($child);
\fread($sock, 10);
fread($g[0], 10);
$r = ['child' => $child, 'sock' => $sock, 'g' => $g[0]];
$t = microtime(true);
var_dump(stream_select($r, $w, $e, 0, 200000), $r, microtime(true) - $t >= 0.15);
t_stop($proc, $pipes);
?>
--EXPECT--
STDIN has a line
int(1)
array(1) {
  [0]=>
  string(5) "stdin"
}
string(6) "hello
"
the child answers
int(1)
array(1) {
  [0]=>
  string(5) "child"
}
string(6) "child
"
the exported socket
int(1)
array(1) {
  [0]=>
  string(4) "sock"
}
string(4) "sock"
the gostream socket
int(1)
array(1) {
  [0]=>
  string(1) "g"
}
string(2) "go"
a file is always ready, for reading and writing, never for exceptions
int(3)
array(1) {
  [0]=>
  string(4) "file"
}
array(2) {
  [0]=>
  string(4) "file"
  [1]=>
  string(4) "sock"
}
array(0) {
}
all at once, STDIN at its end (readable), one stream listed twice
int(5)
array(6) {
  [0]=>
  string(5) "stdin"
  [1]=>
  string(5) "child"
  [2]=>
  string(4) "file"
  [3]=>
  string(4) "sock"
  [4]=>
  string(1) "g"
  [5]=>
  string(5) "sock2"
}
nothing ready: the timeout
int(0)
array(0) {
}
bool(true)
