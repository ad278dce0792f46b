--TEST--
Deviation S13: starting Go (the first accept, read, write, select or handshake; not loading the library nor creating a socket) raises the soft RLIMIT_NOFILE to (about) the hard limit (Go's runtime does it at start; measured: to hard - 1), and proc_open children inherit the raised limit
--SKIPIF--
<?php
if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only');
if (!function_exists('posix_getrlimit')) die('skip needs ext/posix');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

// A child with a low soft limit, so that the change shows whatever this
// process was started with.
$child = '<?php
require ' . var_export(__DIR__ . '/../../../php-ext/gostream.php', true) . ';
$before = posix_getrlimit();
$s = GoStream\stream_socket_server("tcp://127.0.0.1:0");
$created = posix_getrlimit();
@GoStream\stream_socket_accept($s, 0); // starts Go
$after = posix_getrlimit();
$grand = trim(shell_exec("ulimit -Sn"));
echo json_encode([$before["soft openfiles"], $created["soft openfiles"], $after["soft openfiles"], $after["hard openfiles"], $grand]), "\n";';
$file = tempnam(sys_get_temp_dir(), 'gs-nofile-');
file_put_contents($file, $child);
$out = shell_exec('ulimit -Sn 256 && ' . escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg($file) . ' 2>&1');
unlink($file);
[$before, $created, $after, $hard, $grand] = json_decode((string) $out, true) ?? [null, null, null, null, null];
var_dump($before === 256, $created === 256, $after > 256 && ($hard === 'unlimited' || $after >= $hard - 1), (string) $after === $grand);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
