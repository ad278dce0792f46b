--TEST--
Deviation: a blocking stream_socket_recvfrom() waits no longer than the stream timeout (PHP waits forever)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$udp = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
stream_set_timeout($udp, 0, 200000);
$t = microtime(true);
var_dump(stream_socket_recvfrom($udp, 10, 0, $from), $from);
var_dump(microtime(true) - $t < 1.5, stream_get_meta_data($udp)['timed_out']);
?>
--EXPECT--
bool(false)
NULL
bool(true)
bool(true)
