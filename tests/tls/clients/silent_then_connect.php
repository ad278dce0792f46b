<?php
// Native PHP (no gostream): opens SILENT plain TCP connections to an ssl://
// server that never send a byte, then times a real TLS client from
// connect to the server's greeting. Prints "elapsed <seconds> <greeting>".
// Usage: php silent_then_connect.php HOST:PORT CAFILE
[, $address, $ca] = $argv;
$silent = [];
for ($i = 0; $i < (int) (getenv('SILENT') ?: 20); $i++) {
    $silent[] = stream_socket_client("tcp://$address", $errno, $errstr, 5);
}
usleep(100000); // let the server see them first
$start = microtime(true);
$context = stream_context_create(['ssl' => ['cafile' => $ca, 'peer_name' => 'localhost']]);
$c = @stream_socket_client("ssl://$address", $errno, $errstr, 10, STREAM_CLIENT_CONNECT, $context);
$greeting = $c ? fgets($c) : "connect failed: $errstr\n";
printf("elapsed %.3f %s", microtime(true) - $start, $greeting);
