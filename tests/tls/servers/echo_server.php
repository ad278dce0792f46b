<?php
// An ssl:// echo server in the usual stream_select style. Each client is
// greeted with the protocol and ALPN protocol it negotiated, then every
// line is echoed; "quit" ends the connection.
// Environment: TLS_CERT, TLS_KEY, TLS_PASS (passphrase of the key).
require __DIR__ . '/../../../php-ext/gostream.php';
use function GoStream\{stream_socket_server, stream_socket_accept, stream_socket_get_name, stream_select, stream_get_meta_data, fgets, fwrite, fclose};

$context = stream_context_create(['ssl' => [
    'local_cert' => getenv('TLS_CERT'),
    'local_pk' => getenv('TLS_KEY'),
    'passphrase' => getenv('TLS_PASS'),
    'alpn_protocols' => 'h2,http/1.1',
]]);
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $context);
if ($server === false) {
    fwrite(STDERR, "echo server: $errstr\n");
    exit(1);
}
echo 'listening on ', stream_socket_get_name($server, false), "\n";

$clients = [];
while (true) {
    $read = $clients;
    $read[] = $server;
    $write = $except = null;
    if (stream_select($read, $write, $except, null) < 1) {
        continue;
    }
    foreach ($read as $stream) {
        if ($stream === $server) {
            $conn = stream_socket_accept($server, 0);
            if ($conn) {
                $crypto = stream_get_meta_data($conn)['crypto'];
                fwrite($conn, "hello {$crypto['protocol']} alpn=" . ($crypto['alpn_protocol'] ?? 'none') . "\n");
                $clients[(int) $conn] = $conn;
            }
            continue;
        }
        $line = fgets($stream);
        if ($line === false || trim($line) === 'quit') {
            if ($line !== false) {
                fwrite($stream, "bye\n");
            }
            fclose($stream);
            unset($clients[(int) $stream]);
            continue;
        }
        fwrite($stream, $line);
    }
}
