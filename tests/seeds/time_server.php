<?php
// Seed 1: the classic time server (PHP manual, stream_socket_server example 1).
// The port comes from SEED_PORT so a test can pick a free one.
require __DIR__ . '/../../php-ext/gostream.php';
use function GoStream\{stream_socket_server, stream_socket_accept, fwrite, fclose};

$socket = stream_socket_server("tcp://0.0.0.0:" . (getenv('SEED_PORT') ?: 8000), $errno, $errstr);
if (!$socket) {
  echo "$errstr ($errno)<br />\n";
} else {
  while ($conn = stream_socket_accept($socket)) {
    fwrite($conn, 'The local time is ' . date('n/j/Y g:i a') . "\n");
    fclose($conn);
  }
  fclose($socket);
}
