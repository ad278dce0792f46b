--TEST--
Shim: a library with another ABI version is refused before anything else is used
--SKIPIF--
<?php
if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip shim mechanics: shim and whole modes only');
if (!is_executable('/usr/bin/cc')) die('skip needs a C compiler');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
$dir = t_tmpdir();
file_put_contents("$dir/fake.c", "long gs_abi_version(void) { return 99; }\n");
exec("cc -shared -fPIC -o $dir/fake.so $dir/fake.c 2>&1", $out, $rc);
var_dump($rc);
putenv("GOSTREAM_LIB=$dir/fake.so");
try {
    stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
} catch (LibraryException $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECTF--
int(0)
gostream: %s/fake.so implements ABI version 99, this PHP shim needs version 1. Rebuild the library (./build.sh) from the same checkout as php-ext/
