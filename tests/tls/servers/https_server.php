<?php
// A small HTTPS/1.1 server: non-blocking streams in one stream_select
// loop, keep-alive, and writes that keep what fwrite did not take.
//   GET /     -> a short text naming the TLS protocol of the connection
//   GET /big  -> BIG_MIB MiB of random bytes, their SHA-256 in X-Body-Sha256
// Environment: TLS_CERT, TLS_KEY, BIG_MIB (default 16).
require __DIR__ . '/../../../php-ext/gostream.php';
use function GoStream\{stream_socket_server, stream_socket_accept, stream_socket_get_name, stream_select, stream_set_blocking, stream_get_meta_data, fread, fwrite, fclose, feof};

$big = random_bytes(((int) getenv('BIG_MIB') ?: 16) << 20);
$bigHash = hash('sha256', $big);

$context = stream_context_create(['ssl' => ['local_cert' => getenv('TLS_CERT'), 'local_pk' => getenv('TLS_KEY')]]);
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $context);
if ($server === false) {
    fwrite(STDERR, "https server: $errstr\n");
    exit(1);
}
stream_set_blocking($server, false);
echo 'listening on ', stream_socket_get_name($server, false), "\n";

$conns = [];   // id => stream
$inbox = [];   // id => bytes read, not yet a full request
$outbox = [];  // id => bytes still to write
$closing = []; // id => true: close once the outbox is empty

function respond(int $id, string $request): void
{
    global $conns, $outbox, $closing, $big, $bigHash;
    [$line] = explode("\r\n", $request, 2);
    [$method, $path] = explode(' ', $line) + [1 => ''];
    $keepAlive = stripos($request, "\r\nConnection: close") === false;
    $headers = '';
    if ($method === 'GET' && $path === '/') {
        $status = '200 OK';
        $body = 'hello from gostream over ' . stream_get_meta_data($conns[$id])['crypto']['protocol'] . "\n";
    } elseif ($method === 'GET' && $path === '/big') {
        $status = '200 OK';
        $body = $big;
        $headers = "X-Body-Sha256: $bigHash\r\nContent-Type: application/octet-stream\r\n";
    } else {
        $status = '404 Not Found';
        $body = "not found\n";
    }
    $outbox[$id] = ($outbox[$id] ?? '') . "HTTP/1.1 $status\r\nContent-Length: " . strlen($body) . "\r\n$headers"
        . 'Connection: ' . ($keepAlive ? 'keep-alive' : 'close') . "\r\n\r\n" . $body;
    if (!$keepAlive) {
        $closing[$id] = true;
    }
}

function drop(int $id): void
{
    global $conns, $inbox, $outbox, $closing;
    fclose($conns[$id]);
    unset($conns[$id], $inbox[$id], $outbox[$id], $closing[$id]);
}

while (true) {
    $read = $conns;
    $read[] = $server;
    $write = [];
    foreach ($outbox as $id => $pending) {
        $write[] = $conns[$id];
    }
    $except = null;
    if (stream_select($read, $write, $except, 10) < 1) {
        continue;
    }
    foreach ($read as $stream) {
        if ($stream === $server) {
            while ($conn = @stream_socket_accept($server, 0)) {
                stream_set_blocking($conn, false);
                $conns[(int) $conn] = $conn;
                $inbox[(int) $conn] = '';
            }
            continue;
        }
        $id = (int) $stream;
        $data = fread($stream, 65536);
        if ($data === '' || $data === false) {
            if ($data === false || feof($stream)) {
                drop($id);
            }
            continue;
        }
        $inbox[$id] .= $data;
        while (($end = strpos($inbox[$id], "\r\n\r\n")) !== false) {
            respond($id, substr($inbox[$id], 0, $end));
            $inbox[$id] = substr($inbox[$id], $end + 4);
        }
    }
    foreach ($write as $stream) {
        $id = (int) $stream;
        if (!isset($outbox[$id])) {
            continue;
        }
        $n = fwrite($stream, $outbox[$id]);
        if ($n === false) {
            drop($id);
            continue;
        }
        $outbox[$id] = (string) substr($outbox[$id], $n);
        if ($outbox[$id] === '') {
            unset($outbox[$id]);
            if (isset($closing[$id])) {
                drop($id);
            }
        }
    }
}
