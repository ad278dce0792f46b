--TEST--
Deviation (improvement): a PHP stream with a descriptor of 1024 or more works in stream_select, with gostream streams and without (PHP 8.2 fails with its FD_SETSIZE warning)
--SKIPIF--
<?php
if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only');
if (!function_exists('socket_export_stream')) die('skip sockets extension needed');
if (posix_getrlimit()['soft openfiles'] < 1200) die('skip needs 1200 open files');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$g = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$hold = [];
for ($i = 0; $i < 1030; $i++) {
    $hold[] = fopen('/dev/null', 'r');
}
// PHP's own streams, numbered past 1030.
\socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $sp);
$high = \socket_export_stream($sp[0]);
$file = fopen(__FILE__, 'r');
$w = $e = null;

$r = ['g' => $g[0], 'high' => $high];
var_dump(stream_select($r, $w, $e, 0, 50000), $r);

\socket_write($sp[1], 'past 1024');
$r = ['g' => $g[0], 'high' => $high];
$w = ['file' => $file];
var_dump(stream_select($r, $w, $e, 5), array_keys($r), array_keys($w), \fread($high, 20));

// PHP's streams alone, one past 1024: the same single wait (PHP's own
// stream_select refuses it); nothing ready yet, then ready.
$r = ['high' => $high];
$w = null;
var_dump(stream_select($r, $w, $e, 0, 50000), $r);
\socket_write($sp[1], 'alone');
$r = ['high' => $high];
$w = ['file' => $file];
var_dump(stream_select($r, $w, $e, 5), array_keys($r), array_keys($w), \fread($high, 20));
// Below 1024 PHP's own stream_select answers, as without gostream.
$r = [$hold[0]];
$w = null;
var_dump(stream_select($r, $w, $e, 0));
?>
--EXPECTF--
int(0)
array(0) {
}
int(2)
array(1) {
  [0]=>
  string(4) "high"
}
array(1) {
  [0]=>
  string(4) "file"
}
string(9) "past 1024"
int(0)
array(0) {
}
int(2)
array(1) {
  [0]=>
  string(4) "high"
}
array(1) {
  [0]=>
  string(4) "file"
}
string(5) "alone"
int(1)
