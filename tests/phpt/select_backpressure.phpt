--TEST--
Backpressure: non-blocking fwrite returns short counts without a warning, stream_select reports the stream not writable, then writable again once the peer drains; nothing is lost
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);
stream_set_blocking($conn, false);
stream_set_blocking($client, false);

$data = random_bytes(8 << 20);
$len = strlen($data);
$off = 0;
$received = '';
$short = $notWritable = $writableAgain = false;
$deadline = microtime(true) + 20;
while (($off < $len || strlen($received) < $len) && microtime(true) < $deadline) {
    if ($off < $len) {
        $r = $e = null;
        $w = [$conn];
        $writable = stream_select($r, $w, $e, 0) === 1;
        $notWritable = $notWritable || !$writable;
        $writableAgain = $writableAgain || ($writable && $notWritable);
        // Until a short count was seen, write even when not writable: that
        // must give a short count (0), without a warning. Then wait for select.
        if ($writable || !$short) {
            $piece = min(1 << 20, $len - $off);
            $n = fwrite($conn, substr($data, $off, $piece));
            $short = $short || $n < $piece;
            $off += $n;
        }
    }
    $chunk = \fread($client, 65536);   // the peer: a native stream, draining slowly
    if ($chunk !== false) {
        $received .= $chunk;
    }
}
var_dump($short, $notWritable, $writableAgain);
var_dump(strlen($received) === $len, $received === $data);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
