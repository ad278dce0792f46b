--TEST--
Shim: stream_select over gostream and PHP streams together waits once (no 5 ms slices), so a PHP stream wakes it at once
--SKIPIF--
<?php
if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip shim mechanics: shim and whole modes only');
if (!is_readable('/proc/thread-self/status')) die('skip needs /proc/thread-self/status');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

// How many times this thread blocked: one wait is one switch, whatever the
// machine's load; a wait sliced in 5 ms steps makes about 100 in 500 ms
// (measured: 94-97 before one wait covered both kinds).
function waits(): int
{
    preg_match('/^voluntary_ctxt_switches:\s+(\d+)/m', file_get_contents('/proc/thread-self/status'), $m);
    return (int) $m[1];
}

$g = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$n = \socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $sp) ? \socket_export_stream($sp[0]) : null;
$w = $e = null;
$r = [$g[0], $n];
stream_select($r, $w, $e, 0); // loads what the first call loads

// Nothing ready: the whole timeout in one wait.
$r = ['g' => $g[0], 'n' => $n];
$before = waits();
$t = microtime(true);
var_dump(stream_select($r, $w, $e, 0, 500000), $r);
$switches = waits() - $before;
var_dump(microtime(true) - $t >= 0.45, $switches < 10 ?: "$switches waits");

// A child process writes after 200 ms: its pipe ends the wait.
[$proc, $pipes] = t_spawn('<?php usleep(200000); echo "late\n"; fgets(STDIN);');
$r = ['g' => $g[0], 'n' => $n, 'pipe' => $pipes[1]];
$before = waits();
$t = microtime(true);
var_dump(stream_select($r, $w, $e, 10), array_keys($r));
$switches = waits() - $before;
$took = microtime(true) - $t;
var_dump($took >= 0.1 && $took < 5, $switches < 10 ?: "$switches waits");
var_dump(\fgets($pipes[1]));
t_stop($proc, $pipes);
?>
--EXPECT--
int(0)
array(0) {
}
bool(true)
bool(true)
int(1)
array(1) {
  [0]=>
  string(4) "pipe"
}
bool(true)
bool(true)
string(5) "late
"
