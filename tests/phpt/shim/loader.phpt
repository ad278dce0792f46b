--TEST--
Shim: requiring gostream.php prints nothing, loads no library, and is safe to require twice or from a second copy
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip shim mechanics: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
ob_start();
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../../../php-ext/gostream.php';
$dir = t_tmpdir();
mkdir("$dir/copy");
mkdir("$dir/copy/src");
mkdir("$dir/copy/src/functions");
foreach (['gostream.php', 'src/*.php', 'src/functions/*.php'] as $pattern) {
    foreach (glob(__DIR__ . "/../../../php-ext/$pattern") as $f) {
        copy($f, "$dir/copy/" . substr($f, strlen(realpath(__DIR__ . '/../../../php-ext')) + 1 + (str_starts_with($f, __DIR__) ? strlen(__DIR__ . '/../../../php-ext/') - strlen(realpath(__DIR__ . '/../../../php-ext')) - 1 : 0)));
    }
}
require "$dir/copy/gostream.php";
var_dump(ob_get_clean());
var_dump(Gateway::$ffi);
var_dump(function_exists('GoStream\stream_select'), class_exists('GoStream\LibraryException'));
// Only a call that needs the library loads it.
$p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
var_dump(Gateway::$ffi instanceof \FFI);
foreach (glob("$dir/copy/src/functions/*") as $f) unlink($f);
foreach (glob("$dir/copy/src/*.php") as $f) unlink($f);
rmdir("$dir/copy/src/functions"); rmdir("$dir/copy/src"); unlink("$dir/copy/gostream.php"); rmdir("$dir/copy");
?>
--EXPECT--
string(0) ""
NULL
bool(true)
bool(true)
bool(true)
