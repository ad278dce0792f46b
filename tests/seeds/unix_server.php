<?php
// Seed 3: a unix socket server that answers each line reversed.
require __DIR__ . '/../../php-ext/gostream.php';
use function GoStream\{stream_socket_server, stream_socket_accept, fgets, fwrite, fclose};

$path = getenv('SEED_SOCKET') ?: '/tmp/gostream-seed.sock';
@unlink($path);
$server = stream_socket_server("unix://$path", $errno, $errstr);
if (!$server) {
    fwrite(STDERR, "$errstr ($errno)\n");
    exit(1);
}
echo "ready\n";
while ($conn = stream_socket_accept($server, -1)) {
    while (($line = fgets($conn)) !== false) {
        fwrite($conn, strrev(rtrim($line, "\n")) . "\n");
    }
    fclose($conn);
}
