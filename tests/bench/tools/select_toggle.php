<?php
// Cost of a stream_select whose read array changes a little on every call,
// as an event loop's does (AMPHP/Revolt turns a stream's read watcher off
// and on around each read, so the stream leaves the array and comes back at
// its end).
//
//   php select_toggle.php native|gostream|both [N] [K] [CALLS] [PATTERN]
//
// N server-side streams (accepted; their peers are held by a native child
// process, so native select(2) stays below FD_SETSIZE up to about 1000),
// none readable; each call runs with K of them changed, timeout 0.
// PATTERN toggle (default): the K streams taken out by the last call come
// back, K others go out. PATTERN move: K streams go out and come back at
// the end of the array (the same streams, another order).
// Prints one line per mode: CPU µs per call (user + system, the library's
// threads included) and wall µs per call, medians of 5 rounds.
const ROUNDS = 5;

$mode = $argv[1] ?? 'both';
$n = (int) ($argv[2] ?? 900);
$k = (int) ($argv[3] ?? 2);
$calls = (int) ($argv[4] ?? 2000);
$pattern = $argv[5] ?? 'toggle';
if (!in_array($mode, ['native', 'gostream', 'both'], true) || !in_array($pattern, ['toggle', 'move'], true) || $n < 1 || $k < 0 || $k * 2 > $n || $calls < 1) {
    fprintf(STDERR, "usage: php %s native|gostream|both [N] [K] [CALLS] [toggle|move]\n", $argv[0]);
    exit(2);
}
if ($mode === 'both') {
    $rc = 0;
    foreach (['native', 'gostream'] as $m) {
        passthru(implode(' ', array_map('escapeshellarg', [PHP_BINARY, __FILE__, $m, $n, $k, $calls, $pattern])), $status);
        $rc = $rc ?: $status;
    }
    exit($rc);
}

$ns = '';
if ($mode === 'gostream') {
    require_once __DIR__ . '/../../../php-ext/gostream.php';
    $ns = 'GoStream\\';
}
$server_fn = $ns . 'stream_socket_server';
$accept_fn = $ns . 'stream_socket_accept';
$select_fn = $ns . 'stream_select';
$name_fn = $ns . 'stream_socket_get_name';

$server = $server_fn('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['socket' => ['backlog' => 4096]]));
if ($server === false) {
    fprintf(STDERR, "listen: %s\n", $errstr);
    exit(1);
}
$port = (int) substr(strrchr($name_fn($server, false), ':'), 1);
$child = proc_open([PHP_BINARY, '-n', '-r', '
    $c = [];
    for ($i = 0; $i < (int) $argv[2]; $i++) {
        $c[] = stream_socket_client("tcp://127.0.0.1:" . $argv[1], $en, $es, 5) ?: exit(1);
    }
    echo "OK\n";
    stream_get_contents(STDIN);
', (string) $port, (string) $n], [0 => ['pipe', 'r'], 1 => ['pipe', 'w']], $pipes);
if (trim((string) fgets($pipes[1])) !== 'OK') {
    fprintf(STDERR, "child failed to open %d connections\n", $n);
    exit(1);
}
$streams = [];
for ($i = 0; $i < $n; $i++) {
    $s = $accept_fn($server, 5);
    if ($s === false) {
        fprintf(STDERR, "accepted only %d of %d connections\n", $i, $n);
        exit(1);
    }
    $streams[] = $s;
}

// The loop's array, keyed by stream id as event loops key theirs.
$watch = [];
foreach ($streams as $s) {
    $watch[(int) $s] = $s;
}
$out = [];    // the streams the last call took out (pattern toggle)
$next = 0;    // the next stream to take out, round robin
$round = function () use (&$watch, &$out, &$next, $streams, $n, $k, $calls, $pattern, $select_fn): array {
    $r0 = getrusage();
    $t0 = hrtime(true);
    for ($c = 0; $c < $calls; $c++) {
        $back = $out;
        $out = [];
        for ($j = 0; $j < $k; $j++) {
            do {
                $s = $streams[$next];
                $next = ($next + 1) % $n;
            } while (isset($back[(int) $s]));
            unset($watch[(int) $s]);
            $out[(int) $s] = $s;
        }
        foreach ($pattern === 'move' ? $out : $back as $id => $s) {
            $watch[$id] = $s;
        }
        $read = $watch;
        $write = $except = null;
        if ($select_fn($read, $write, $except, 0) !== 0) {
            fprintf(STDERR, "an idle stream was reported ready\n");
            exit(1);
        }
    }
    $wall = hrtime(true) - $t0;
    $r1 = getrusage();
    $cpu = ($r1['ru_utime.tv_sec'] - $r0['ru_utime.tv_sec'] + $r1['ru_stime.tv_sec'] - $r0['ru_stime.tv_sec']) * 1e6
        + $r1['ru_utime.tv_usec'] - $r0['ru_utime.tv_usec'] + $r1['ru_stime.tv_usec'] - $r0['ru_stime.tv_usec'];
    return [$cpu / $calls, $wall / 1e3 / $calls];
};
$round(); // warm-up
$cpu = $wall = [];
for ($i = 0; $i < ROUNDS; $i++) {
    [$cpu[], $wall[]] = $round();
}
sort($cpu);
sort($wall);
fclose($pipes[0]);
proc_close($child);
printf("%-8s n=%d k=%d %s: %.1f CPU us/call, %.1f wall us/call (median of %d x %d calls)\n", $mode, $n, $k, $pattern, $cpu[intdiv(ROUNDS, 2)], $wall[intdiv(ROUNDS, 2)], ROUNDS, $calls);
