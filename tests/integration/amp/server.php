<?php
// An echo server on Amp v2's event loop (Debian's php-amphp-amp), written
// as any Amp program is: PHP's own function names, nothing of gostream.
//   php server.php PORT [max-seconds]
// Prints "listening on tcp://127.0.0.1:PORT" once ready; stops after
// max-seconds and prints its counts on stderr (run by
// tests/integration/manyconn/run.sh, GOSTREAM_MANYCONN_SERVER=amp). Run through
// php-ext/bin/gostream-php it is on gostream (whole-process mode); run by
// plain php, Amp's stream_select loop fails past FD_SETSIZE (about 1017
// clients).
// Debian's package has no Composer autoloader for its function files.
require '/usr/share/php/Amp/autoload.php';
require '/usr/share/php/Amp/functions.php';
require '/usr/share/php/Amp/Internal/functions.php';

use Amp\Loop;

$port = (int) ($argv[1] ?? 8000);
$maxSeconds = (float) ($argv[2] ?? 300);
$accepted = 0;
$bytes = 0;

Loop::run(static function () use ($port, $maxSeconds, &$accepted, &$bytes): void {
    $server = stream_socket_server("tcp://127.0.0.1:$port", $errno, $errstr);
    if ($server === false) {
        fwrite(STDERR, "amp server: cannot listen on 127.0.0.1:$port: [$errno] $errstr\n");
        exit(1);
    }
    stream_set_blocking($server, false);
    fwrite(STDOUT, "listening on tcp://127.0.0.1:$port\n");
    Loop::onReadable($server, static function (string $watcher, $server) use (&$accepted, &$bytes): void {
        while ($conn = @stream_socket_accept($server, 0)) {
            stream_set_blocking($conn, false);
            $accepted++;
            Loop::onReadable($conn, static function (string $watcher, $conn) use (&$bytes): void {
                $data = fread($conn, 65536);
                if ($data === false || ($data === '' && feof($conn))) {
                    Loop::cancel($watcher);
                    fclose($conn);
                    return;
                }
                $bytes += strlen($data);
                fwrite($conn, $data);
            });
        }
    });
    Loop::delay((int) ($maxSeconds * 1000), static fn () => Loop::stop());
});
fwrite(STDERR, "amp server: accepted $accepted, echoed $bytes bytes\n");
