--TEST--
Shim: signal handlers installed after load (GoStream\pcntl_signal) run reliably while the library works on other threads
--SKIPIF--
<?php
if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip shim mechanics: shim and whole modes only');
if (!function_exists('pcntl_signal') || !function_exists('posix_kill')) die('skip pcntl and posix needed');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$n = 0;
pcntl_async_signals(true);
var_dump(pcntl_signal(SIGUSR1, function () use (&$n) { $n++; }));
$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = stream_socket_get_name($server, false);
for ($i = 0; $i < 200; $i++) {
    posix_kill(getmypid(), SIGUSR1);
    $c = stream_socket_client("tcp://$addr");
    $a = stream_socket_accept($server, 5);
    fwrite($c, 'x');
    $r = [$a];
    $w = $e = null;
    @stream_select($r, $w, $e, 0, 1000);
    fread($a, 1);
}
var_dump($n > 0);
?>
--EXPECT--
bool(true)
bool(true)
