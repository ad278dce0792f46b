<?php
// Pre-fork echo server: the master opens the listener (bench_listen), forks
// WORKERS workers and waits; each worker runs the echo server's
// stream_select loop (echo_loop.php) on the shared listener. With gostream
// the master makes the listener without starting Go; each worker starts Go
// on its first stream_select.
//   php prefork_server.php PORT MODE SECONDS WORKERS
// SIGTERM to the process group (as the harness stops servers) ends all;
// every process exits after SECONDS anyway.
require_once __DIR__ . '/../../../php-ext/gostream.php'; // GOSTREAM
use function GoStream\{stream_socket_server, stream_socket_accept, stream_select, fread, fwrite, fclose, feof, fgets, stream_set_blocking, stream_socket_enable_crypto}; // GOSTREAM
require_once __DIR__ . '/echo_loop.php';

[$port, $mode, $seconds] = bench_args($argv);
$workers = (int)($argv[4] ?? 0);
if ($workers < 1) {
    fprintf(STDERR, "usage: php %s PORT MODE SECONDS WORKERS\n", $argv[0]);
    exit(2);
}
$server = bench_listen($port, '', '');
$deadline = microtime(true) + $seconds;
for ($i = 0; $i < $workers; $i++) {
    $pid = pcntl_fork();
    if ($pid === -1) {
        fprintf(STDERR, "fork failed\n");
        exit(1);
    }
    if ($pid === 0) {
        // One connection per wake-up, as Workerman accepts: every worker
        // wakes for a connection, so they share them out.
        echo_serve($server, $mode, $deadline, 1);
        exit(0);
    }
}
echo "READY $port\n";
while (pcntl_wait($status) > 0) {
}
