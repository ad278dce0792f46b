<?php
// Seed 4: a multi-client server keeping its clients in an array keyed by
// (int) $conn, waiting with stream_select, relaying each line to the others.
require __DIR__ . '/../../php-ext/gostream.php';
use function GoStream\{stream_socket_server, stream_socket_accept, stream_select, fgets, fwrite, fclose};

$server = stream_socket_server('tcp://127.0.0.1:' . (getenv('SEED_PORT') ?: 8001), $errno, $errstr);
if (!$server) {
    die("$errstr ($errno)\n");
}
echo "ready\n";
$clients = [];
while (true) {
    $read = $clients;
    $read[] = $server;
    $write = $except = null;
    if (stream_select($read, $write, $except, null) === false) {
        break;
    }
    foreach ($read as $stream) {
        if ($stream === $server) {
            $conn = stream_socket_accept($server);
            $clients[(int) $conn] = $conn;
            fwrite($conn, "welcome, " . count($clients) . " here\n");
            continue;
        }
        $line = fgets($stream);
        if ($line === false) {
            unset($clients[(int) $stream]);
            fclose($stream);
            foreach ($clients as $other) {
                fwrite($other, "someone left\n");
            }
            continue;
        }
        foreach ($clients as $other) {
            if ($other !== $stream) {
                fwrite($other, $line);
            }
        }
    }
}
