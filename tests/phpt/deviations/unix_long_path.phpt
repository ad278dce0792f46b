--TEST--
Deviation: a unix socket path longer than 107 bytes is an error (PHP truncates it with a notice and binds the shorter path)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$dir = t_tmpdir();
$path = $dir . '/' . str_repeat('p', 120 - strlen($dir)) . '.sock';
var_dump(strlen($path) > 107);
var_dump(stream_socket_server("unix://$path", $errno, $errstr), $errno);
var_dump(glob("$dir/*"));
var_dump(@stream_socket_client("unix://$path", $errno, $errstr), $errstr === "socket path \"$path\" is " . strlen($path) . " bytes, longer than the 107 bytes a unix socket address holds");
// 107 bytes still work.
$ok = $dir . '/' . str_repeat('q', 107 - strlen($dir) - 1);
var_dump(strlen($ok), is_resource(stream_socket_server("unix://$ok")));
?>
--EXPECTF--
bool(true)

Warning: stream_socket_server(): Unable to connect to unix://%s.sock (socket path "%s.sock" is %d bytes, longer than the 107 bytes a unix socket address holds) in %s on line %d
bool(false)
int(0)
array(0) {
}
bool(false)
bool(true)
int(107)
bool(true)
