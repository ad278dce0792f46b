--TEST--
Shim: gostream:// streams are opened by the shim only; a script cannot fopen() a handle number
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip shim mechanics: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
$p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$h = Stream::$open[(int) $p[0]]->h;
var_dump(fopen("gostream://$h", 'r+'));
var_dump(get_resource_type($p[0]), stream_get_meta_data($p[0])['stream_type']);
?>
--EXPECTF--
Warning: fopen(gostream://%d): Failed to open stream: "GoStream\StreamWrapper::stream_open" call failed in %s on line %d
bool(false)
string(6) "stream"
string(14) "generic_socket"
