--TEST--
Shim: forking before the first use and loading in each child works (the recommended pre-fork pattern, with so_reuseport)
--SKIPIF--
<?php
if (getenv('GOSTREAM_TEST_MODE') !== 'shim') die('skip shim mechanics: shim mode only');
if (!function_exists('pcntl_fork')) die('skip pcntl needed');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

// Nothing here may load the library before fork: PHP's own functions only.
$port = t_free_port();
$ready = \stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$pids = [];
for ($i = 0; $i < 2; $i++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        $ctx = stream_context_create(['socket' => ['so_reuseport' => true]]);
        $server = stream_socket_server("tcp://127.0.0.1:$port", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
        \fwrite($ready[1], $server ? "ready\n" : "failed: $errstr\n");
        // Serve until idle for half a second.
        while ($conn = @stream_socket_accept($server, 0.5)) {
            fwrite($conn, "served by a child\n");
            fclose($conn);
        }
        exit(0);
    }
    $pids[] = $pid;
}
stream_set_timeout($ready[0], 5);
echo \fgets($ready[0]), \fgets($ready[0]);
var_dump(Gateway::$ffi);
$answers = [];
for ($i = 0; $i < 4; $i++) {
    $c = \stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5);
    stream_set_timeout($c, 5);
    $answers[] = \fgets($c);
}
var_dump(array_unique($answers));
foreach ($pids as $pid) {
    $end = microtime(true) + 10;
    do {
        $r = pcntl_waitpid($pid, $status, WNOHANG);
        usleep(10000);
    } while ($r === 0 && microtime(true) < $end);
    var_dump($r === $pid && pcntl_wifexited($status) && pcntl_wexitstatus($status) === 0);
}
?>
--EXPECT--
ready
ready
NULL
array(1) {
  [0]=>
  string(18) "served by a child
"
}
bool(true)
bool(true)
