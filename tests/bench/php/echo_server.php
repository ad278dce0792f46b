<?php
// Echo server in classic stream_select style.
//   php echo_server.php PORT MODE SECONDS [CERT KEY]
// MODE echo: write back everything read, until the client closes.
// MODE once: read 64 bytes, write them back, close (accept / TLS handshake).
// With CERT and KEY it listens on ssl:// (TLS 1.3). Exits after SECONDS.
require_once __DIR__ . '/../../../php-ext/gostream.php'; // GOSTREAM
use function GoStream\{stream_socket_server, stream_socket_accept, stream_select, fread, fwrite, fclose, feof, fgets, stream_set_blocking, stream_socket_enable_crypto}; // GOSTREAM
require_once __DIR__ . '/echo_loop.php';

[$port, $mode, $seconds, $cert, $key] = bench_args($argv);
$server = bench_listen($port, $cert, $key);
echo "READY $port\n";
echo_serve($server, $mode, microtime(true) + $seconds);
