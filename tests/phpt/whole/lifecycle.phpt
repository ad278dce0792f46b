--TEST--
Whole-process: the launcher refuses to start without FFI (the reason, once, exit status 1, the program not run); a chained auto_prepend_file runs after the swap, and no variable is left in the program's scope; the program ends cleanly however it ends, after declaring enough functions to grow the function table
--SKIPIF--
<?php if (getenv('GOSTREAM_TEST_MODE') !== 'whole') die('skip whole-process mode only'); ?>
--FILE--
<?php
$launcher = __DIR__ . '/../../../php-ext/bin/gostream-php';
$dir = sys_get_temp_dir() . '/gs-whole-' . getmypid();
mkdir($dir);
$run = static function (string $code, array $php = [], array $env = []) use ($launcher, $dir): void {
    file_put_contents("$dir/app.php", $code);
    $proc = proc_open(array_merge([$launcher], $php, ["$dir/app.php"]), [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env + getenv());
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    echo trim($out), "\n", 'exit ', proc_close($proc), "\n";
};

echo "-- FFI off\n";
$run('<?php echo "the program ran\n";', ['-d', 'ffi.enable=0']);

echo "-- chained prepend\n";
file_put_contents("$dir/prepend.php", '<?php echo "chained: ", (new ReflectionFunction("fread"))->getName(), "\n";');
file_put_contents("$dir/chain.ini", "auto_prepend_file=$dir/prepend.php\n");
// The prepend leaves no variable in the program's global scope.
$run('<?php echo "app\n"; var_dump(array_diff(array_keys(get_defined_vars()), ["_GET", "_POST", "_COOKIE", "_FILES", "argv", "argc", "_SERVER"]));', [], ['PHP_INI_SCAN_DIR' => ":$dir"]);

echo "-- chained to itself\n";
$run('<?php echo "app\n";', ['-d', 'gostream.chain_prepend_file=' . realpath(__DIR__ . '/../../../php-ext/whole-process.php')]);

// The restore looks its entries up again: a table grown since the swap has moved them.
$declare = 'for ($i = 0; $i < 3000; $i++) { eval("function f$i() {}"); } $s = stream_socket_server("tcp://127.0.0.1:0");';
echo "-- end of script\n";
$run("<?php $declare echo \"done\\n\";");
echo "-- exit in a shutdown function\n";
$run("<?php $declare register_shutdown_function(function () { echo \"shutdown\\n\"; exit(3); });");
echo "-- uncaught exception\n";
$run("<?php $declare throw new Exception('boom');", ['-d', 'display_errors=stderr', '-d', 'log_errors=0']);

foreach (glob("$dir/*") as $f) {
    unlink($f);
}
rmdir($dir);
?>
--EXPECTF--
-- FFI off
gostream whole-process mode needs FFI: FFI is disabled (ffi.enable=0). Set ffi.enable=true (the CLI also works with the default, preload)
exit 1
-- chained prepend
chained: GoStream\fread
app
array(0) {
}
exit 0
-- chained to itself
app
exit 0
-- end of script
done
exit 0
-- exit in a shutdown function
shutdown
exit 3
-- uncaught exception
%AFatal error: Uncaught Exception: boom in %s
Stack trace:
#0 {main}
  thrown in %s on line 1
exit 255
