<?php
// An SMTP-style server with STARTTLS: plaintext greeting and EHLO, then
// "STARTTLS" is answered with "220 go ahead" and the connection upgraded
// with stream_socket_enable_crypto. One client at a time.
// Environment: TLS_CERT, TLS_KEY.
require __DIR__ . '/../../../php-ext/gostream.php';
use function GoStream\{stream_socket_server, stream_socket_accept, stream_socket_get_name, stream_socket_enable_crypto, stream_get_meta_data, stream_set_timeout, fgets, fwrite, fclose};

$context = stream_context_create(['ssl' => ['local_cert' => getenv('TLS_CERT'), 'local_pk' => getenv('TLS_KEY')]]);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $context);
if ($server === false) {
    fwrite(STDERR, "smtp server: $errstr\n");
    exit(1);
}
echo 'listening on ', stream_socket_get_name($server, false), "\n";

while (true) {
    $conn = @stream_socket_accept($server, 60);
    if ($conn === false) {
        continue;
    }
    stream_set_timeout($conn, 10);
    $tls = false;
    fwrite($conn, "220 ready\r\n");
    while (($line = fgets($conn)) !== false) {
        $command = strtoupper(trim($line));
        if (str_starts_with($command, 'EHLO')) {
            fwrite($conn, $tls ? "250-localhost\r\n250 8BITMIME\r\n" : "250-localhost\r\n250-8BITMIME\r\n250 STARTTLS\r\n");
        } elseif ($command === 'STARTTLS' && !$tls) {
            fwrite($conn, "220 go ahead\r\n");
            if (stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER) !== true) {
                echo "STARTTLS failed\n";
                break;
            }
            $tls = true;
            echo 'STARTTLS done: ', stream_get_meta_data($conn)['crypto']['protocol'], "\n";
        } elseif ($command === 'QUIT') {
            fwrite($conn, "221 bye\r\n");
            break;
        } else {
            fwrite($conn, '250 ok ' . ($tls ? stream_get_meta_data($conn)['crypto']['protocol'] : 'plaintext') . "\r\n");
        }
    }
    fclose($conn);
}
