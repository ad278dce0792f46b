--TEST--
TLS: every byte a script wrote reaches a slow reader, whether it ends with fclose (then killed), exit, or an uncaught exception, on blocking and non-blocking streams
--EXTENSIONS--
openssl
posix
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../phpt/tls_helpers.inc';

/** $mib MiB of bytes that show any loss, repeat or reordering. */
function payload(int $mib): string
{
    $out = '';
    for ($i = 0; $i < $mib << 15; $i++) {
        $out .= hash('sha256', (string) $i, true);
    }
    return $out;
}

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
// "kill": the process is killed right after the last call (fwrite or
// fclose), which must have handed every byte to the kernel, as PHP's do.
$cases = ['fclose-kill' => 16, 'write-kill' => 8, 'exit' => 8, 'exception' => 8, 'nonblocking' => 8, 'nonblocking-fclose' => 8,
    'nonblocking-then-blocking-fclose-kill' => 8];
foreach ($cases as $case => $mib) {
    // The server under test: writes, then ends as the case says.
    [$proc, $pipes] = tls_child(<<<'CHILD'
        function payload(int $mib): string
        {
            $out = '';
            for ($i = 0; $i < $mib << 15; $i++) {
                $out .= hash('sha256', (string) $i, true);
            }
            return $out;
        }
        $data = payload((int) getenv('MIB'));
        $server = stream_socket_server('tls://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
            stream_context_create(['ssl' => ['local_cert' => getenv('CERT'), 'local_pk' => getenv('KEY')]]));
        echo stream_socket_get_name($server, false), "\n";
        $conn = stream_socket_accept($server, 10);
        $case = getenv('CASE');
        if (str_starts_with($case, 'nonblocking')) {
            // A queue (up to 4 MiB in the shim) is left when the loop ends.
            stream_set_blocking($conn, false);
            for ($off = 0; $off < strlen($data); $off += $n) {
                $r = $e = null;
                $w = [$conn];
                stream_select($r, $w, $e, 10);
                $n = fwrite($conn, substr($data, $off, 1 << 20));
                if ($n === false) {
                    exit("write failed\n");
                }
            }
        } elseif (fwrite($conn, $data) !== strlen($data)) {
            exit("short write\n");
        }
        if (str_contains($case, 'then-blocking')) {
            stream_set_blocking($conn, true);
        }
        if (str_contains($case, 'fclose')) {
            fclose($conn);
        }
        if (str_ends_with($case, 'kill')) {
            posix_kill(getmypid(), 9); // SIGKILL
        }
        if ($case === 'exception') {
            throw new \RuntimeException('the script fails after writing');
        }
        CHILD, ['CERT' => $cert, 'KEY' => $key, 'CASE' => $case, 'MIB' => (string) $mib]);
    $addr = trim((string) t_line($pipes[1], 20));
    // PHP's own client, reading slowly: the server ends long before it has read all.
    $c = \stream_socket_client("tls://$addr", $errno, $errstr, 10, STREAM_CLIENT_CONNECT,
        \stream_context_create(['ssl' => ['cafile' => $cert, 'peer_name' => 'localhost']]));
    \stream_set_timeout($c, 20);
    $got = '';
    $end = microtime(true) + 60;
    while (!\feof($c) && microtime(true) < $end) {
        $chunk = \fread($c, 65536);
        if ($chunk === false) {
            break;
        }
        $got .= $chunk;
        if (strlen($got) % (256 << 10) < strlen($chunk)) {
            usleep(5000); // about 50 MiB/s at most
        }
    }
    $want = payload($mib);
    printf("%s: %d of %d bytes, %s\n", $case, strlen($got), strlen($want), $got === $want ? 'intact' : 'DIFFERENT');
    \fclose($c);
    t_stop($proc, $pipes);
}
?>
--EXPECT--
fclose-kill: 16777216 of 16777216 bytes, intact
write-kill: 8388608 of 8388608 bytes, intact
exit: 8388608 of 8388608 bytes, intact
exception: 8388608 of 8388608 bytes, intact
nonblocking: 8388608 of 8388608 bytes, intact
nonblocking-fclose: 8388608 of 8388608 bytes, intact
nonblocking-then-blocking-fclose-kill: 8388608 of 8388608 bytes, intact
