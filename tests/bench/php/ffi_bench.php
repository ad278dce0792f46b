<?php
// Per-call cost of the hot stream functions, timed with hrtime().
//   php ffi_bench.php PORT NSTREAMS SECONDS_PER_FUNCTION
// Run once as is (native PHP) and once with the GOSTREAM lines active; the
// difference is the FFI cost per call. The measured server-side streams come
// from stream_socket_accept; their peers are native client sockets (one in
// this process, NSTREAMS in a child process so that native select(2) stays
// below FD_SETSIZE). Prints one JSON object.
require_once __DIR__ . '/../../../php-ext/gostream.php'; // GOSTREAM
use function GoStream\{stream_socket_server, stream_socket_accept, stream_select, fread, fwrite, fclose, feof, fgets, stream_set_blocking, stream_socket_enable_crypto}; // GOSTREAM
require_once __DIR__ . '/listen.php';

const ROUNDS = 5;
const BATCH = 256; // calls per timed batch; socket buffers absorb 256 x 64 bytes

$port = (int)($argv[1] ?? 0);
$nstreams = (int)($argv[2] ?? 1000);
$perFunc = (float)($argv[3] ?? 1.0);
$server = bench_listen($port, '', '');

// accept_n accepts $n connections within 30 s, via stream_select.
function accept_n($server, int $n): array
{
    $got = [];
    $limit = microtime(true) + 30;
    while (count($got) < $n && microtime(true) < $limit) {
        $r = [$server];
        $w = $e = null;
        if (stream_select($r, $w, $e, 1) > 0) {
            array_push($got, ...bench_accept($server, $n - count($got)));
        }
    }
    if (count($got) < $n) {
        fprintf(STDERR, "accepted only %d of %d connections\n", count($got), $n);
        exit(1);
    }
    return $got;
}

// One connection with a native peer in this process, for fread/fwrite.
$peer = \stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5);
if ($peer === false) {
    fprintf(STDERR, "connect: %s\n", $errstr);
    exit(1);
}
[$s] = accept_n($server, 1);

// NSTREAMS idle connections held by a native child process.
$child = proc_open([PHP_BINARY, '-n', '-r', '
    $c = [];
    for ($i = 0; $i < (int)$argv[2]; $i++) {
        $c[] = stream_socket_client("tcp://127.0.0.1:" . $argv[1], $en, $es, 5) ?: exit(1);
    }
    echo "OK\n";
    stream_get_contents(STDIN);
', (string)$port, (string)$nstreams], [0 => ['pipe', 'r'], 1 => ['pipe', 'w']], $pipes);
if (trim((string)\fgets($pipes[1])) !== 'OK') {
    fprintf(STDERR, "child failed to open %d connections\n", $nstreams);
    exit(1);
}
$idle = accept_n($server, $nstreams);

// measure runs $batch (which returns the number of calls it made) for
// $perFunc seconds in ROUNDS rounds and returns the median ns per call.
function measure(callable $batch, float $perFunc): float
{
    $perRound = [];
    for ($r = 0; $r < ROUNDS; $r++) {
        $calls = 0;
        $ns = 0;
        $end = hrtime(true) + (int)($perFunc / ROUNDS * 1e9);
        while (hrtime(true) < $end) {
            [$n, $t] = $batch();
            $calls += $n;
            $ns += $t;
        }
        $perRound[] = $calls > 0 ? $ns / $calls : 0;
    }
    sort($perRound);
    return $perRound[intdiv(ROUNDS, 2)];
}

$msg = str_repeat('x', 64);
$fail = function (string $what) {
    fprintf(STDERR, "%s failed\n", $what);
    exit(1);
};

$results = [];
$results['fwrite_64'] = measure(function () use ($s, $peer, $msg, $fail) {
    $t = hrtime(true);
    for ($i = 0; $i < BATCH; $i++) {
        if (fwrite($s, $msg) !== 64) {
            $fail('fwrite');
        }
    }
    $t = hrtime(true) - $t;
    for ($got = 0, $k = 0; $got < BATCH * 64 && $k < 10000; $k++) { // drain (untimed)
        $got += strlen(\fread($peer, BATCH * 64 - $got));
    }
    return [BATCH, $t];
}, $perFunc);

stream_set_blocking($s, false);
$results['fread_64'] = measure(function () use ($s, $peer, $msg, $fail) {
    \fwrite($peer, str_repeat($msg, BATCH)); // untimed
    $calls = 0;
    $t = hrtime(true);
    for ($got = 0; $got < BATCH * 64 && $calls < 100 * BATCH; $calls++) {
        $got += strlen(fread($s, 64));
    }
    $t = hrtime(true) - $t;
    if ($got !== BATCH * 64) {
        $fail('fread');
    }
    return [$calls, $t];
}, $perFunc);

// A line protocol's request: the peer's (native) fwrite of a 64-byte line,
// stream_select on the stream, fgets. Both variants pay the peer's write.
$line = str_repeat('y', 63) . "\n";
$results['line_select_fgets'] = measure(function () use ($s, $peer, $line, $fail) {
    $t = hrtime(true);
    for ($i = 0; $i < 64; $i++) {
        \fwrite($peer, $line);
        $r = [$s];
        $w = $e = null;
        if (stream_select($r, $w, $e, 1) !== 1 || fgets($s) !== $line) {
            $fail('line_select_fgets');
        }
    }
    return [64, hrtime(true) - $t];
}, $perFunc);

foreach (['select_1' => [$s], "select_$nstreams" => $idle] as $name => $set) {
    $results[$name] = measure(function () use ($set) {
        $t = hrtime(true);
        for ($i = 0; $i < 64; $i++) {
            $r = $set;
            $w = $e = null;
            stream_select($r, $w, $e, 0, 0);
        }
        return [64, hrtime(true) - $t];
    }, $perFunc);
}

\fclose($pipes[0]);
proc_close($child);
echo json_encode(['ns_per_call' => $results, 'streams' => $nstreams, 'rounds' => ROUNDS, 'php' => PHP_VERSION]), "\n";
