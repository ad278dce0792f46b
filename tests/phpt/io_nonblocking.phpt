--TEST--
Non-blocking streams: fread/fgets return ""/false without data, fwrite returns short counts, then 0
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);

var_dump(stream_set_blocking($conn, false));
var_dump(stream_get_meta_data($conn)['blocked']);
$t = microtime(true);
var_dump(fread($conn, 100), fgets($conn), stream_get_contents($conn));
var_dump(microtime(true) - $t < 0.5);
var_dump(feof($conn), stream_get_meta_data($conn)['timed_out']);

// A partial line is returned as it is.
fwrite($client, 'partial');
usleep(20000);
var_dump(fgets($conn));

// Fill the peer's receive buffer and our send buffer: a short count, then 0.
$chunk = str_repeat('x', 1 << 20);
$total = 0;
$first = fwrite($conn, $chunk);
var_dump($first > 0 && $first <= strlen($chunk));
$zero = false;
for ($i = 0; $i < 64; $i++) {
    $n = fwrite($conn, $chunk);
    $total += $n;
    if ($n === 0) {
        $zero = true;
        break;
    }
}
var_dump($zero);

// Blocking again: reads wait for data (bounded by a timeout here).
var_dump(stream_set_blocking($conn, true), stream_get_meta_data($conn)['blocked']);
stream_set_timeout($conn, 0, 100000);
var_dump(fread($conn, 10));
?>
--EXPECT--
bool(true)
bool(false)
string(0) ""
bool(false)
string(0) ""
bool(true)
bool(false)
bool(false)
string(7) "partial"
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
