--TEST--
stream_select over gostream streams and PHP's own streams together (pipes, PHP sockets, memory)
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$g = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);    // gostream in shim mode
$n = \stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);   // always PHP's own
$w = $e = null;

$r = ['g' => $g[0], 'n' => $n[0]];
$t = microtime(true);
var_dump(stream_select($r, $w, $e, 0, 300000), $r);
var_dump(microtime(true) - $t >= 0.28);

\fwrite($n[1], 'native');
$r = ['g' => $g[0], 'n' => $n[0]];
var_dump(stream_select($r, $w, $e, 1), array_keys($r));
\fread($n[0], 100);

fwrite($g[1], 'go');
$r = ['g' => $g[0], 'n' => $n[0]];
var_dump(stream_select($r, $w, $e, 1), array_keys($r));

\fwrite($n[1], 'both');
$r = ['g' => $g[0], 'n' => $n[0]];
$w = ['gw' => $g[0], 'nw' => $n[0]];
var_dump(stream_select($r, $w, $e, 1), array_keys($r), array_keys($w));
fread($g[0], 100);
\fread($n[0], 100);

// A PHP stream that becomes ready while waiting is seen promptly.
[$proc, $pipes] = t_spawn('<?php usleep(300000); echo "late\n";');
$r = ['g' => $g[0], 'pipe' => $pipes[1]];
$w = null;
$t = microtime(true);
var_dump(stream_select($r, $w, $e, 5), array_keys($r));
$took = microtime(true) - $t;
var_dump($took >= 0.2 && $took < 2);
t_stop($proc, $pipes);

// Data in a PHP stream's own buffer: that stream alone, at once.
\fwrite($n[1], "a\nb\n");
usleep(20000);
\fgets($n[0]);
fwrite($g[1], 'ready');
$r = ['g' => $g[0], 'n' => $n[0]];
$w = ['gw' => $g[0]];
var_dump(stream_select($r, $w, $e, 1), array_keys($r), $w);

// Streams without a descriptor are skipped with PHP's warning.
$mem = fopen('php://memory', 'r+');
$r = ['mem' => $mem, 'g' => $g[0]];
$w = null;
var_dump(stream_select($r, $w, $e, 1), array_keys($r));
?>
--EXPECTF--
int(0)
array(0) {
}
bool(true)
int(1)
array(1) {
  [0]=>
  string(1) "n"
}
int(1)
array(1) {
  [0]=>
  string(1) "g"
}
int(4)
array(2) {
  [0]=>
  string(1) "g"
  [1]=>
  string(1) "n"
}
array(2) {
  [0]=>
  string(2) "gw"
  [1]=>
  string(2) "nw"
}
int(1)
array(1) {
  [0]=>
  string(4) "pipe"
}
bool(true)
int(1)
array(1) {
  [0]=>
  string(1) "n"
}
array(0) {
}

Warning: stream_select(): Cannot represent a stream of type MEMORY as a select()able descriptor in %s on line %d

Warning: stream_select(): Cannot represent a stream of type MEMORY as a select()able descriptor in %s on line %d
int(1)
array(1) {
  [0]=>
  string(1) "g"
}
