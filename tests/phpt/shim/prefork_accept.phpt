--TEST--
Shim: a master that only creates a listener does not start Go; workers forked from it accept and echo on it, each starting its own Go; the master's stream works without Go (issue 10)
--SKIPIF--
<?php
if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip shim mechanics: shim and whole modes only');
if (!function_exists('pcntl_fork')) die('skip pcntl needed');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$name = stream_socket_get_name($server, false);
var_dump(is_resource($server), (int) $server > 0, str_starts_with($name, '127.0.0.1:'));
stream_set_blocking($server, true);
var_dump(stream_get_meta_data($server)['blocked']);
// Creation errors are reported at creation, without Go.
var_dump(@stream_socket_server("tcp://$name", $errno, $errstr), $errno, $errstr);
var_dump(Gateway::ffi()->gs_runtime_started());

$pids = [];
for ($i = 0; $i < 2; $i++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        $c = stream_socket_accept($server, 5);
        $line = $c === false ? "no connection\n" : fgets($c);
        fwrite($c, "worker: $line");
        exit(Gateway::ffi()->gs_runtime_started() === 1 ? 0 : 1);
    }
    $pids[] = $pid;
}
$replies = [];
for ($i = 0; $i < 2; $i++) {
    $c = \stream_socket_client("tcp://$name", $errno, $errstr, 5); // PHP's own (shim mode)
    fwrite($c, "hello $i\n");
    stream_set_timeout($c, 5);
    $replies[] = fgets($c);
}
sort($replies);
echo implode('', $replies);
foreach ($pids as $pid) {
    $end = microtime(true) + 10;
    while (($r = pcntl_waitpid($pid, $status, WNOHANG)) === 0 && microtime(true) < $end) usleep(10000);
    var_dump($r === $pid && pcntl_wexitstatus($status) === 0);
}
var_dump(fclose($server));
?>
--EXPECTF--
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
int(98)
string(%d) "Address already in use"
int(0)
worker: hello 0
worker: hello 1
bool(true)
bool(true)
bool(true)
