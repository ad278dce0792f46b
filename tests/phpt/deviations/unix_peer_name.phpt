--TEST--
Deviation: accept() names an unnamed unix client "" (PHP 8.2 returns uninitialised bytes)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$dir = t_tmpdir();
$server = stream_socket_server("unix://$dir/s.sock");
$client = stream_socket_client("unix://$dir/s.sock");
$peer = 'unset';
$conn = stream_socket_accept($server, 5, $peer);
var_dump($peer);
?>
--EXPECT--
string(0) ""
