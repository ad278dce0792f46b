<?php
// Bulk-transfer server in classic stream_select style (protocol: see
// tests/bench/README.md). 'U': discard N bytes, reply count + CRC-32.
// 'D': stream N bytes of the pattern. The client closes when done.
//   php bulk_server.php PORT bulk SECONDS [CERT KEY]
require_once __DIR__ . '/../../../php-ext/gostream.php'; // GOSTREAM
use function GoStream\{stream_socket_server, stream_socket_accept, stream_select, fread, fwrite, fclose, feof, fgets, stream_set_blocking, stream_socket_enable_crypto}; // GOSTREAM
require_once __DIR__ . '/listen.php';

const HEADER_SIZE = 16;
const FLAG_CRC = 1;

// Byte k of every bulk stream is $pattern[k % 65536].
$pattern = '';
for ($i = 0; $i < 65536; $i++) {
    $pattern .= chr(($i * 31 + ($i >> 8) * 7 + 11) & 0xff);
}

[$port, , $seconds, $cert, $key] = bench_args($argv);
$server = bench_listen($port, $cert, $key);
$clients = []; // (int)$stream => stream
$hdr = [];     // (int)$stream => header bytes received so far
$job = [];     // (int)$stream => ['dir', 'left', 'count', 'crc', 'out']
$deadline = microtime(true) + $seconds;
echo "READY $port\n";

while (microtime(true) < $deadline) {
    $read = $clients;
    $read[] = $server;
    $write = [];
    foreach ($job as $id => $j) {
        if ($j['out'] !== '' || ($j['dir'] === 'D' && $j['left'] > 0)) {
            $write[] = $clients[$id];
        }
    }
    $except = null;
    if (stream_select($read, $write, $except, 1) === false) {
        fprintf(STDERR, "stream_select() returned false with %d clients open\n", count($clients));
        exit(3);
    }
    foreach ($read as $s) {
        if ($s === $server) {
            foreach (bench_accept($server, 16) as $c) {
                $clients[(int)$c] = $c;
                $hdr[(int)$c] = '';
            }
            continue;
        }
        $id = (int)$s;
        $data = fread($s, 65536);
        if ($data === false || ($data === '' && feof($s))) {
            fclose($s);
            unset($clients[$id], $hdr[$id], $job[$id]);
            continue;
        }
        if (!isset($job[$id])) {
            $hdr[$id] .= $data;
            if (strlen($hdr[$id]) < HEADER_SIZE) {
                continue;
            }
            $h = unpack('a4magic/Cdir/Cflags/x2/Jlen', $hdr[$id]);
            if ($h['magic'] !== 'BULK') {
                fclose($s);
                unset($clients[$id], $hdr[$id]);
                continue;
            }
            $job[$id] = [
                'dir' => chr($h['dir']), 'left' => $h['len'], 'count' => 0, 'out' => '',
                'crc' => ($h['flags'] & FLAG_CRC) ? hash_init('crc32b') : null,
            ];
            $data = (string)substr($hdr[$id], HEADER_SIZE);
        }
        $j = &$job[$id];
        if ($j['dir'] !== 'U' || $data === '') {
            unset($j);
            continue;
        }
        $j['count'] += strlen($data);
        if ($j['crc'] !== null) {
            hash_update($j['crc'], $data);
        }
        if ($j['count'] >= $j['left'] && $j['left'] > 0) {
            $crc = $j['crc'] !== null ? hash_final($j['crc'], true) : "\0\0\0\0";
            $j['out'] = pack('J', $j['count']) . $crc . "\0\0\0\0";
            $j['left'] = 0;
        }
        unset($j);
    }
    foreach ($write as $s) {
        $id = (int)$s;
        if (!isset($job[$id])) {
            continue;
        }
        $j = &$job[$id];
        if ($j['out'] === '' && $j['left'] > 0) {
            $j['out'] = $j['left'] >= 65536 ? $pattern : substr($pattern, 0, $j['left']);
            $j['left'] -= strlen($j['out']);
        }
        $n = fwrite($s, $j['out']);
        if ($n === false) {
            unset($j);
            fclose($s);
            unset($clients[$id], $hdr[$id], $job[$id]);
            continue;
        }
        $j['out'] = $n < strlen($j['out']) ? substr($j['out'], $n) : '';
        unset($j);
    }
}
fprintf(STDERR, "deadline reached: %d clients open\n", count($clients));
