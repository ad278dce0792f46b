<?php
// A small HTTP/1.1 server in the classic stream_select style, running on
// gostream. Apart from the two lines marked "gostream", this is plain PHP.
//   php php-ext/examples/http-server.php [host:port] [max-seconds]
declare(strict_types=1);

require __DIR__ . '/../gostream.php';                       // gostream
use function GoStream\{stream_socket_server, stream_socket_accept, stream_select,
    fread, fwrite, fclose, stream_set_blocking};             // gostream

$addr = $argv[1] ?? '127.0.0.1:8080';
$maxSeconds = (float)($argv[2] ?? 0);   // 0: run until interrupted
$context = stream_context_create(['socket' => ['tcp_nodelay' => true]]);
$server = stream_socket_server("tcp://$addr", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $context);
if ($server === false) {
    fwrite(STDERR, "cannot listen on $addr: [$errno] $errstr\n");
    exit(1);
}
fwrite(STDERR, "gostream demo listening on http://$addr/  (try: curl -s http://$addr/)\n");

$clients = [];      // (int)$conn => $conn
$pending = [];      // (int)$conn => bytes of an unfinished request
$served = 0;
$started = microtime(true);

while ($maxSeconds <= 0 || microtime(true) - $started < $maxSeconds) {
    $read = $clients;
    $read[] = $server;
    $write = $except = null;
    if (stream_select($read, $write, $except, 1) === false) {
        continue;   // a signal; handlers ran
    }
    foreach ($read as $conn) {
        if ($conn === $server) {
            $c = stream_socket_accept($server, 0);
            if ($c !== false) {
                stream_set_blocking($c, false);
                $clients[(int)$c] = $c;
                $pending[(int)$c] = '';
            }
            continue;
        }
        $id = (int)$conn;
        $data = fread($conn, 65536);
        if ($data === '' || $data === false) {
            fclose($conn);
            unset($clients[$id], $pending[$id]);
            continue;
        }
        $pending[$id] .= $data;
        while (($end = strpos($pending[$id], "\r\n\r\n")) !== false) {
            $request = substr($pending[$id], 0, $end);
            $pending[$id] = substr($pending[$id], $end + 4);
            $served++;
            $line = strtok($request, "\r\n");
            $body = sprintf("Hello from gostream!\nrequest: %s\nserved: %d\nopen connections: %d\nuptime: %.1fs\n",
                $line, $served, count($clients), microtime(true) - $started);
            $close = stripos($request, "connection: close") !== false;
            fwrite($conn, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " . strlen($body)
                . "\r\nConnection: " . ($close ? 'close' : 'keep-alive') . "\r\n\r\n" . $body);
            if ($close) {
                fclose($conn);
                unset($clients[$id], $pending[$id]);
                break;
            }
        }
    }
}
