<?php
// Shared by the benchmark servers: argument parsing and the listening socket.
// Lines ending in "// GOSTREAM" are commented out by the harness for the
// native-PHP variant; everything else is identical in both variants.
require_once __DIR__ . '/../../../php-ext/gostream.php'; // GOSTREAM
use function GoStream\{stream_socket_server, stream_socket_accept, stream_select, fread, fwrite, fclose, feof, fgets, stream_set_blocking, stream_socket_enable_crypto}; // GOSTREAM

// bench_args: php SCRIPT.php PORT MODE SECONDS [CERT KEY]
function bench_args(array $argv): array
{
    if (count($argv) < 4) {
        fprintf(STDERR, "usage: php %s PORT MODE SECONDS [CERT KEY]\n", $argv[0]);
        exit(2);
    }
    return [(int)$argv[1], $argv[2], (float)$argv[3], $argv[4] ?? '', $argv[5] ?? ''];
}

// bench_listen opens tcp://127.0.0.1:PORT, or ssl:// (TLS 1.3 only) when a
// certificate is given, non-blocking, with TCP_NODELAY and a deep backlog.
function bench_listen(int $port, string $cert, string $key)
{
    $opts = ['socket' => ['backlog' => 4096, 'tcp_nodelay' => true]];
    $scheme = 'tcp';
    if ($cert !== '') {
        $scheme = 'ssl';
        $opts['ssl'] = [
            'local_cert' => $cert,
            'local_pk' => $key,
            'crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_3_SERVER,
            'verify_peer' => false,
        ];
    }
    $ctx = stream_context_create($opts);
    $flags = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN;
    $server = stream_socket_server("$scheme://127.0.0.1:$port", $errno, $errstr, $flags, $ctx);
    if ($server === false) {
        fprintf(STDERR, "stream_socket_server failed: %s (%d)\n", $errstr, $errno);
        exit(1);
    }
    stream_set_blocking($server, false);
    return $server;
}

// bench_accept accepts up to $max pending connections (non-blocking) and
// returns them, each switched to non-blocking mode.
function bench_accept($server, int $max): array
{
    $new = [];
    while (count($new) < $max) {
        $c = @stream_socket_accept($server, 0);
        if ($c === false) {
            break;
        }
        stream_set_blocking($c, false);
        $new[] = $c;
    }
    return $new;
}
