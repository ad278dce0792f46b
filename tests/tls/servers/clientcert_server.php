<?php
// An ssl:// server that requires a client certificate signed by its CA
// (verify_peer + cafile) and greets the client by its certificate's CN.
// Environment: TLS_CERT, TLS_KEY, TLS_CA.
require __DIR__ . '/../../../php-ext/gostream.php';
use function GoStream\{stream_socket_server, stream_socket_accept, stream_socket_get_name, stream_context_get_options, fwrite, fgets, fclose};

$context = stream_context_create(['ssl' => [
    'local_cert' => getenv('TLS_CERT'),
    'local_pk' => getenv('TLS_KEY'),
    'verify_peer' => true,
    'cafile' => getenv('TLS_CA'),
    'capture_peer_cert' => true,
]]);
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $context);
if ($server === false) {
    fwrite(STDERR, "client cert server: $errstr\n");
    exit(1);
}
echo 'listening on ', stream_socket_get_name($server, false), "\n";

while (true) {
    $conn = @stream_socket_accept($server, 60);
    if ($conn === false) {
        continue;
    }
    $cert = stream_context_get_options($conn)['ssl']['peer_certificate'] ?? null;
    $cn = $cert ? openssl_x509_parse($cert)['subject']['CN'] : 'nobody';
    echo "accepted $cn\n";
    fwrite($conn, "hello $cn\n");
    fgets($conn);
    fclose($conn);
}
