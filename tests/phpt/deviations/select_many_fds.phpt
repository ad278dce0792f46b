--TEST--
Deviation (improvement): stream_select works with descriptors numbered 1024 and above (PHP 8.2 fails with its FD_SETSIZE warning)
--SKIPIF--
<?php
if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only');
if (posix_getrlimit()['soft openfiles'] < 2400) die('skip needs 2400 open files');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$pairs = [];
for ($i = 0; $i < 1100; $i++) {
    $pairs[] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
}
fwrite($pairs[1099][1], 'last');
$read = array_column($pairs, 0);
$w = $e = null;
var_dump(stream_select($read, $w, $e, 1), array_keys($read));
?>
--EXPECT--
int(1)
array(1) {
  [0]=>
  int(1099)
}
