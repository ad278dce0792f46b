<?php
// Seed 2: a UDP server on a port the kernel picks, answering each datagram
// through recvfrom/sendto (after the PHP manual's UDP example).
require __DIR__ . '/../../php-ext/gostream.php';
use function GoStream\{stream_socket_server, stream_socket_get_name, stream_socket_recvfrom, stream_socket_sendto};

$socket = stream_socket_server("udp://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND);
if (!$socket) {
    die("$errstr ($errno)");
}
echo "listening on ", stream_socket_get_name($socket, false), "\n";
do {
    $pkt = stream_socket_recvfrom($socket, 1500, 0, $peer);
    if ($pkt !== false) {
        echo "$peer\n";
        stream_socket_sendto($socket, "got " . strtoupper($pkt) . " at " . date("D M j H:i:s Y"), 0, $peer);
    }
} while ($pkt !== false);
