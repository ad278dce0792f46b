--TEST--
stream_socket_server on a port below 1024 as a normal user: Permission denied
--SKIPIF--
<?php
if (!function_exists('posix_geteuid') || posix_geteuid() === 0) die('skip needs a non-root user');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
var_dump(stream_socket_server('tcp://127.0.0.1:81', $errno, $errstr), $errstr);
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:81 (Permission denied) in %s on line %d
bool(false)
string(17) "Permission denied"
