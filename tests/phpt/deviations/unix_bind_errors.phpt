--TEST--
Deviation: unix bind errors say what went wrong (PHP: "Unknown error" and an empty $error_message)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$dir = t_tmpdir();
$first = stream_socket_server("unix://$dir/s.sock");
var_dump(stream_socket_server("unix://$dir/s.sock", $errno, $errstr), $errno, $errstr);
var_dump(stream_socket_server("unix://$dir/missing/s.sock", $errno, $errstr), $errno, $errstr);
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to unix://%s/s.sock (Address already in use) in %s on line %d
bool(false)
int(98)
string(22) "Address already in use"

Warning: stream_socket_server(): Unable to connect to unix://%s/missing/s.sock (No such file or directory) in %s on line %d
bool(false)
int(2)
string(25) "No such file or directory"
