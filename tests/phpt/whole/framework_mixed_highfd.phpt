--TEST--
Whole-process, framework style: a \stream_select over gostream sockets and native pipes whose descriptors are past 1024 (a server holding many files and child processes), each seen ready when it is and only then
--SKIPIF--
<?php if (getenv('GOSTREAM_TEST_MODE') !== 'whole') die('skip whole-process mode only (PHP\'s own select(2) refuses descriptors >= 1024)'); ?>
--FILE--
<?php
namespace App;

require __DIR__ . '/../framework.inc';

// The sockets first: loading the library raises the soft descriptor limit (DEVIATIONS S13).
$server = \stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$client = \stream_socket_client('tcp://' . \stream_socket_get_name($server, false), $errno, $errstr, 5);
$conn = \stream_socket_accept($server, 5);
// Native streams that push the next descriptors past FD_SETSIZE.
$files = [];
for ($i = 0; $i < 1100; $i++) {
    $files[] = \fopen('/dev/null', 'r');
}
$proc = \proc_open([PHP_BINARY, '-n', '-r', 'fgets(STDIN); echo "from the child\n";'], [['pipe', 'r'], ['pipe', 'w'], ['pipe', 'w']], $pipes);
var_dump(\Fw\engine($conn), \Fw\engine($pipes[1]));
// The pipe's descriptor: the highest the process has.
$fds = \array_map('intval', \array_diff(\scandir('/proc/self/fd'), ['.', '..']));
var_dump(\max($fds) >= 1024);

$select = function (float $timeout) use ($conn, $pipes): string {
    $r = ['conn' => $conn, 'child' => $pipes[1]];
    $w = $e = null;
    $n = \stream_select($r, $w, $e, 0, (int) ($timeout * 1e6));
    return \var_export($n, true) . ' ' . \implode(',', \array_keys($r));
};
echo 'idle: ', $select(0.2), "\n";
\fwrite($client, "from the socket\n");
echo 'socket: ', $select(5), "\n";
echo \fgets($conn);
\fwrite($pipes[0], "go\n");
echo 'child: ', $select(5), "\n";
echo \fgets($pipes[1]);
\fwrite($client, "again\n");
\usleep(100000);
echo 'socket and EOF: ', $select(5), "\n";
\fclose($pipes[0]);
var_dump(\proc_close($proc));
?>
--EXPECT--
string(8) "gostream"
string(3) "php"
bool(true)
idle: 0 
socket: 1 conn
from the socket
child: 1 child
from the child
socket and EOF: 2 conn,child
int(0)
