--TEST--
Shim: a missing library is a LibraryException saying how to build or install it, or to set GOSTREAM_LIB
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip shim mechanics: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
putenv('GOSTREAM_LIB=/nonexistent/libgostream.so');
try {
    stream_socket_server('tcp://127.0.0.1:0');
} catch (LibraryException $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
    var_dump($e instanceof \RuntimeException);
}
// Functions that only take streams work on PHP's own streams without the library.
var_dump(fread(fopen('php://memory', 'r'), 10), Gateway::$ffi);
?>
--EXPECT--
GoStream\LibraryException: gostream: library not found at /nonexistent/libgostream.so (GOSTREAM_LIB). Point GOSTREAM_LIB at libgostream.so, or unset it to use the one `vendor/bin/gostream build` (Composer) or `./build.sh` (a checkout) builds, or `./build.sh install` installs
bool(true)
string(0) ""
NULL
