--TEST--
Shim: in a child forked after Go started in the parent (here by an accept), calls throw a LibraryException that says what to do; the child exits cleanly
--SKIPIF--
<?php
if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip shim mechanics: shim and whole modes only');
if (!function_exists('pcntl_fork')) die('skip pcntl needed');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
var_dump(Gateway::ffi()->gs_runtime_started()); // creating a socket does not start Go
var_dump(@stream_socket_accept($server, 0));     // an accept does
var_dump(Gateway::ffi()->gs_runtime_started());
$pid = pcntl_fork();
if ($pid === 0) {
    foreach ([
        'server' => fn () => stream_socket_server('tcp://127.0.0.1:0'),
        'fread' => fn () => fread($server, 1),
        'accept' => fn () => stream_socket_accept($server, 0),
        'select' => function () use ($server) { $r = [$server]; $w = $e = null; return stream_select($r, $w, $e, 0); },
    ] as $what => $call) {
        try {
            $call();
            echo "$what: no exception\n";
        } catch (LibraryException $e) {
            echo "$what: ", preg_replace('/process \d+/', 'process N', $e->getMessage()), "\n";
        }
    }
    fclose($server);  // closing never throws
    exit(0);
}
$end = microtime(true) + 10;
do {
    $r = pcntl_waitpid($pid, $status, WNOHANG);
    usleep(10000);
} while ($r === 0 && microtime(true) < $end);
var_dump($r === $pid, pcntl_wifexited($status), pcntl_wexitstatus($status));
// The parent goes on as before.
$c = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
var_dump(is_resource(stream_socket_accept($server, 5)));
?>
--EXPECT--
int(0)
bool(false)
int(1)
server: gostream started Go in a parent before fork() (loaded in process N, this is process N): a child forked after the first accept, read, write, select or TLS handshake cannot use it. Create listeners and fork before that, or create them after fork in each child with the so_reuseport socket option
fread: gostream started Go in a parent before fork() (loaded in process N, this is process N): a child forked after the first accept, read, write, select or TLS handshake cannot use it. Create listeners and fork before that, or create them after fork in each child with the so_reuseport socket option
accept: gostream started Go in a parent before fork() (loaded in process N, this is process N): a child forked after the first accept, read, write, select or TLS handshake cannot use it. Create listeners and fork before that, or create them after fork in each child with the so_reuseport socket option
select: gostream started Go in a parent before fork() (loaded in process N, this is process N): a child forked after the first accept, read, write, select or TLS handshake cannot use it. Create listeners and fork before that, or create them after fork in each child with the so_reuseport socket option
bool(true)
bool(true)
int(0)
bool(true)
