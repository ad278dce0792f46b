--TEST--
The test mode loads the shim exactly when asked (GOSTREAM_TEST_MODE=shim)
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
var_dump(t_shim() === function_exists('GoStream\stream_socket_server'));
var_dump(t_shim() === function_exists('GoStream\stream_select'));
?>
--EXPECT--
bool(true)
bool(true)
