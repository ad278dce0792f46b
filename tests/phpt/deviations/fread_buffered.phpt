--TEST--
Deviation: fread() returns bytes already buffered at once (PHP 8.2 waits for more, up to the stream timeout, when fewer than $length are buffered)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);
fwrite($client, "line\nrest");
usleep(20000);
fgets($conn);
$t = microtime(true);
var_dump(fread($conn, 100));
var_dump(microtime(true) - $t < 1);
?>
--EXPECT--
string(4) "rest"
bool(true)
