<?php
// The echo server's loop in classic stream_select style, shared by
// echo_server.php and prefork_server.php (each worker runs it).
// MODE echo: write back everything read, until the client closes.
// MODE once: read 64 bytes, write them back, close (accept / TLS handshake).
require_once __DIR__ . '/../../../php-ext/gostream.php'; // GOSTREAM
use function GoStream\{stream_socket_server, stream_socket_accept, stream_select, fread, fwrite, fclose, feof, fgets, stream_set_blocking, stream_socket_enable_crypto}; // GOSTREAM
require_once __DIR__ . '/listen.php';

const ONCE_SIZE = 64;

// echo_serve serves $server until $deadline (microtime), accepting up to
// $acceptBatch pending connections each time the listener is readable.
function echo_serve($server, string $mode, float $deadline, int $acceptBatch = 256): void
{
    $clients = []; // (int)$stream => stream
    $out = [];     // (int)$stream => bytes not yet written
    $in = [];      // (int)$stream => partial request (once mode)
    $closing = []; // (int)$stream => true: close when $out drains
    $accepted = 0;
    while (microtime(true) < $deadline) {
        $read = $clients;
        $read[] = $server;
        $write = [];
        foreach ($out as $id => $pending) {
            $write[] = $clients[$id];
        }
        $except = null;
        if (stream_select($read, $write, $except, 1) === false) {
            fprintf(STDERR, "stream_select() returned false with %d clients open (%d accepted)\n", count($clients), $accepted);
            exit(3);
        }
        foreach ($read as $s) {
            if ($s === $server) {
                foreach (bench_accept($server, $acceptBatch) as $c) {
                    $clients[(int)$c] = $c;
                    $in[(int)$c] = '';
                    $accepted++;
                }
                continue;
            }
            $id = (int)$s;
            $data = fread($s, 65536);
            if ($data === false || ($data === '' && feof($s))) {
                fclose($s);
                unset($clients[$id], $out[$id], $in[$id], $closing[$id]);
                continue;
            }
            if ($data === '') {
                continue;
            }
            if ($mode === 'once') {
                $in[$id] .= $data;
                if (strlen($in[$id]) < ONCE_SIZE) {
                    continue;
                }
                $data = substr($in[$id], 0, ONCE_SIZE);
                $closing[$id] = true;
            }
            $out[$id] = ($out[$id] ?? '') . $data;
            flush_client($id, $clients, $out, $in, $closing);
        }
        foreach ($write as $s) {
            if (isset($out[(int)$s])) {
                flush_client((int)$s, $clients, $out, $in, $closing);
            }
        }
    }
    fprintf(STDERR, "deadline reached: %d clients open, %d accepted\n", count($clients), $accepted);
}

// flush_client writes pending output; the rest waits for writability. A
// client marked closing is closed once everything has been written.
function flush_client(int $id, array &$clients, array &$out, array &$in, array &$closing): void
{
    $n = fwrite($clients[$id], $out[$id]);
    if ($n !== false && $n < strlen($out[$id])) {
        $out[$id] = substr($out[$id], $n);
        return;
    }
    unset($out[$id]);
    if ($n === false || isset($closing[$id])) {
        fclose($clients[$id]);
        unset($clients[$id], $in[$id], $closing[$id]);
    }
}
