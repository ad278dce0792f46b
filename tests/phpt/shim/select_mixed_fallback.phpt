--TEST--
Shim: where PHP's engine layout is not the known one, a mixed stream_select falls back to 5 ms slices, with one error_log note, and gives the same answers
--SKIPIF--
<?php
if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip shim mechanics: shim and whole modes only');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

// A wrong place for EG(regular_list): the check at first use must see it
// (reading there is harmless; nothing found there is followed).
(new \ReflectionProperty(NativeFd::class, 'offset'))->setValue(null, 8);
$log = tempnam(sys_get_temp_dir(), 'gs-log-');
ini_set('error_log', $log);

$g = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
\socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $sp);
$n = \socket_export_stream($sp[0]);
$w = $e = null;

$r = ['g' => $g[0], 'n' => $n];
var_dump(stream_select($r, $w, $e, 0, 100000), $r);
\socket_write($sp[1], 'native');
$r = ['g' => $g[0], 'n' => $n];
var_dump(stream_select($r, $w, $e, 5), array_keys($r));
fwrite($g[1], 'go');
$r = ['g' => $g[0], 'n' => $n];
var_dump(stream_select($r, $w, $e, 5), array_keys($r));

var_dump(NativeFd::available(), NativeFd::problem());
$lines = file($log);
var_dump(count($lines), str_contains($lines[0], 'gostream: stream_select over gostream and PHP streams together waits in 5 ms slices: EG(regular_list) is not at offset 8'));
unlink($log);
?>
--EXPECT--
int(0)
array(0) {
}
int(1)
array(1) {
  [0]=>
  string(1) "n"
}
int(2)
array(2) {
  [0]=>
  string(1) "g"
  [1]=>
  string(1) "n"
}
bool(false)
string(73) "EG(regular_list) is not at offset 8 of executor_globals in this PHP build"
int(1)
bool(true)
