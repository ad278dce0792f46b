--TEST--
Fault: a library loaded by ffi.preload before fork (php-fpm's master and its workers) works in the worker, since loading does not start Go ("early": the fork comes right after load); when the master started Go before fork ("late"), the worker is told that, with the fix, not "ABI version -1004"
--SKIPIF--
<?php
if (getenv('GOSTREAM_TEST_MODE') !== 'shim') die('skip shim mechanics: shim mode only');
if (!function_exists('pcntl_fork')) die('skip pcntl needed');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

// What php-fpm does with ffi.preload: the master loads the library at
// startup, then forks the workers. A child PHP with ffi.preload forks here.
$dir = t_tmpdir();
$header = "$dir/gostream-preload.h";
file_put_contents($header, '#define FFI_LIB "' . LibraryPath::library() . "\"\nint64_t gs_abi_version(void);\n");
$child = '<?php
require ' . var_export(__DIR__ . '/../../php-ext/gostream.php', true) . ';
if ($argv[1] === "late") { // the master starts Go, as a gostream call in opcache.preload would
    \\FFI::cdef("int64_t gs_select(void *, void *, size_t, int64_t, void *);", getenv("GOSTREAM_LIB"))->gs_select(null, null, 0, 0, null);
}
$pid = pcntl_fork();
$who = $pid === 0 ? "worker" : "master";
try {
    $p = \\GoStream\\stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    \\GoStream\\fwrite($p[0], "ping");
    echo "$who: " . \\GoStream\\fread($p[1], 4) . "\\n";
} catch (\\GoStream\\LibraryException $e) {
    echo "$who: " . $e->getMessage() . "\\n"; // one write: master and worker share the pipe
}
if ($pid === 0) exit(0);
$end = microtime(true) + 10;
while (pcntl_waitpid($pid, $status, WNOHANG) === 0 && microtime(true) < $end) usleep(10000);';
file_put_contents("$dir/child.php", $child);
foreach (['early', 'late'] as $when) {
    echo "$when:\n";
    $proc = proc_open([PHP_BINARY, '-d', "ffi.preload=$header", "$dir/child.php", $when], [['pipe', 'r'], ['pipe', 'w'], ['pipe', 'w']], $pipes, null, ['GOSTREAM_LIB' => LibraryPath::library()] + getenv());
    fclose($pipes[0]);
    $lines = [t_line($pipes[1], 20), t_line($pipes[1], 20)];
    sort($lines);
    echo implode('', $lines);
    fclose($pipes[1]); fclose($pipes[2]);
    var_dump(proc_close($proc));
}
?>
--EXPECTF--
early:
master: ping
worker: ping
int(0)
late:
master: ping
worker: gostream: %s/libgostream.so started Go before this process was forked from its parent: ffi.preload loads %s/gostream-preload.h, which names gostream. A Go runtime does not survive fork(), so php-fpm workers (or pcntl_fork() children) cannot use gostream once a call started Go before they were forked (loading it and creating sockets do not; an accept, read, write, select or handshake does): make no such call in opcache.preload or before pcntl_fork(), or remove gostream from ffi.preload and opcache.preload, set ffi.enable=true, and let each process load gostream on its first call
int(0)
