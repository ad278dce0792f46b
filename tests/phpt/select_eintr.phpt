--TEST--
stream_select: a signal interrupts a long wait at once (warning, false, arrays untouched)
--SKIPIF--
<?php
if (!function_exists('pcntl_alarm')) die('skip pcntl needed');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$alarmed = 0;
pcntl_async_signals(true);
pcntl_signal(SIGALRM, function () use (&$alarmed) { $alarmed++; });

$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$read = ['k' => $pair[0]];
$write = null;
$except = [];
pcntl_alarm(1);
$t = microtime(true);
var_dump(stream_select($read, $write, $except, 5));
$took = microtime(true) - $t;
var_dump($took > 0.8 && $took < 2.5);
var_dump($alarmed, array_keys($read), $except);

// After the signal, waiting works as before.
fwrite($pair[1], 'x');
var_dump(stream_select($read, $write, $except, 1));
?>
--EXPECTF--
Warning: stream_select(): Unable to select [4]: Interrupted system call (max_fd=%d) in %s on line %d
bool(false)
bool(true)
int(1)
array(1) {
  [0]=>
  string(1) "k"
}
array(0) {
}
int(1)
