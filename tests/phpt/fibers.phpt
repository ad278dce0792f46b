--TEST--
Calls from inside Fibers (as async libraries make them): server, accept, select, read and write
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = null;
$fiber = new \Fiber(function () use (&$server) {
    $server = stream_socket_server('tcp://127.0.0.1:0');
    \Fiber::suspend(stream_socket_get_name($server, false));
    $conn = stream_socket_accept($server, 5);
    $r = [$conn];
    $w = $e = null;
    while (stream_select($r, $w, $e, 0) === 0) {
        \Fiber::suspend('waiting');
        $r = [$conn];
    }
    $line = fgets($conn);
    fwrite($conn, strtoupper($line));
    return $line;
});
$addr = $fiber->start();
$client = stream_socket_client("tcp://$addr");
var_dump($fiber->resume());
fwrite($client, "from a fiber\n");
while (!$fiber->isTerminated()) {
    $fiber->resume();
}
var_dump($fiber->getReturn(), fgets($client));

// Nested fibers, each with its own pair.
$results = [];
$fibers = [];
for ($i = 0; $i < 3; $i++) {
    $fibers[$i] = new \Fiber(function () use ($i, &$results) {
        $p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
        fwrite($p[0], "fiber $i");
        \Fiber::suspend();
        $results[$i] = fread($p[1], 100);
    });
    $fibers[$i]->start();
}
foreach ($fibers as $f) {
    $f->resume();
}
var_dump($results);
?>
--EXPECT--
string(7) "waiting"
string(13) "from a fiber
"
string(13) "FROM A FIBER
"
array(3) {
  [0]=>
  string(7) "fiber 0"
  [1]=>
  string(7) "fiber 1"
  [2]=>
  string(7) "fiber 2"
}
