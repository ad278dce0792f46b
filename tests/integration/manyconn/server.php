<?php
// Echo server in the classic stream_select style, for the many-connection
// test (issue: "10,000 concurrent connections in one PHP process").
//   php server.php PORT [max-seconds]
// Prints "listening on tcp://127.0.0.1:PORT" once ready; stops after
// max-seconds (default 300) and prints its counts on stderr.
//
// Apart from the require and the `use function` line it is plain PHP. With
// GOSTREAM_NATIVE=1 the same code runs on PHP's own functions (native.php
// forwards GoStream\* to them), which fails once a descriptor reaches
// FD_SETSIZE (about 1017 clients): stream_select() warns "You MUST recompile
// PHP with a larger value of FD_SETSIZE" and returns false.
declare(strict_types=1);

if (getenv('GOSTREAM_NATIVE') === '1') {
    require __DIR__.'/native.php';
} else {
    require __DIR__.'/../../../php-ext/gostream.php';
}
use function GoStream\{stream_socket_server, stream_socket_accept, stream_select, fread, fwrite, fclose, feof, stream_set_blocking};

$port = (int)($argv[1] ?? 8000);
$maxSeconds = (float)($argv[2] ?? 300);

$server = stream_socket_server("tcp://127.0.0.1:$port", $errno, $errstr);
if ($server === false) {
    \fwrite(STDERR, "manyconn server: cannot listen on 127.0.0.1:$port: [$errno] $errstr\n");
    exit(1);
}
\fwrite(STDOUT, "listening on tcp://127.0.0.1:$port\n");

$clients = [];          // (int)$conn => $conn
$peak = 0;
$accepted = 0;
$bytes = 0;
$started = microtime(true);
$status = 0;

while (microtime(true) - $started < $maxSeconds) {
    $read = $clients;
    $read[] = $server;
    $write = $except = null;
    if (stream_select($read, $write, $except, 1) === false) {
        // Native PHP past FD_SETSIZE: the warning above, and no way on.
        \fwrite(STDERR, sprintf("manyconn server: stream_select failed with %d clients\n", count($clients)));
        $status = 2;
        break;
    }
    foreach ($read as $conn) {
        if ($conn === $server) {
            // Take what is waiting, a bounded batch per wake-up.
            for ($i = 0; $i < 64; $i++) {
                $c = @stream_socket_accept($server, 0);
                if ($c === false) {
                    break;
                }
                stream_set_blocking($c, true);
                $clients[(int)$c] = $c;
                $accepted++;
            }
            $peak = max($peak, count($clients));
            continue;
        }
        $data = fread($conn, 65536);
        if ($data === false || ($data === '' && feof($conn))) {
            fclose($conn);
            unset($clients[(int)$conn]);
            continue;
        }
        if ($data !== '') {
            $bytes += strlen($data);
            fwrite($conn, $data);
        }
    }
}

foreach ($clients as $c) {
    fclose($c);
}
fclose($server);
\fwrite(STDERR, sprintf("manyconn server: accepted %d, peak %d clients, %d bytes echoed, %.1f s\n",
    $accepted, $peak, $bytes, microtime(true) - $started));
exit($status);
