--TEST--
Deviation: after stream_select fetched a stream's bytes, fread() returns those bytes alone, even if more have arrived since (PHP returns both in one read); no byte is lost or reordered
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
stream_set_blocking($b, false);
fwrite($a, 'first');
$r = [$b];
$w = $e = null;
var_dump(stream_select($r, $w, $e, 5));
fwrite($a, 'second');
usleep(50000);
var_dump(fread($b, 100), fread($b, 100), fread($b, 100));
?>
--EXPECT--
int(1)
string(5) "first"
string(6) "second"
string(0) ""
