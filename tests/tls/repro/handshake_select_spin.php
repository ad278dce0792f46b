<?php
/*
 * Library bug reproducer: while a non-blocking STARTTLS handshake runs (in
 * the library's goroutine), gs_select keeps reporting the stream readable
 * although gs_enable_crypto still returns 0, so the loop the header
 * prescribes ("returns 0 until it has ended: wait for GS_READ in
 * gs_select, then call again") busy-spins, up to hundreds of rounds per
 * handshake. The raw socket is readable while the handshake goroutine has
 * not yet read the peer's flight. Native PHP wakes once per flight.
 * Counts empty wake-ups (readable, but still 0) per handshake, 20
 * handshakes per role against a native PHP peer; exits 1 if any handshake
 * had more than 10.
 * Run: php tests/tls/repro/handshake_select_spin.php
 */
namespace GoStream;
require __DIR__ . '/../../../php-ext/gostream.php';

const ROUNDS = 20;

function handshake($stream, int $method): int
{
    stream_set_blocking($stream, false);
    $empty = 0;
    $end = microtime(true) + 5;
    while (stream_socket_enable_crypto($stream, true, $method) === 0 && microtime(true) < $end) {
        $read = [$stream];
        $w = $e = null;
        if (stream_select($read, $w, $e, 1) > 0) {
            $empty++;
        }
    }
    return max(0, $empty - 1); // the wake-up that ends the handshake is not empty
}

$dir = sys_get_temp_dir() . '/gs-repro-' . getmypid();
@mkdir($dir);
exec('openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 2 '
    . "-keyout $dir/key.pem -out $dir/cert.pem 2>/dev/null");
$ssl = ['local_cert' => "$dir/cert.pem", 'local_pk' => "$dir/key.pem", 'verify_peer' => false, 'verify_peer_name' => false];
$nativePeer = static function (string $code) use ($ssl) {
    $proc = proc_open([PHP_BINARY, '-r', '$ssl = ' . var_export($ssl, true) . ";\n" . $code], [1 => ['pipe', 'w']], $pipes);
    return [$proc, $pipes[1]];
};
$bad = 0;

// Client role: the shim's stream against a native PHP STARTTLS server.
[$proc, $out] = $nativePeer('
    $s = stream_socket_server("tcp://127.0.0.1:0", $e, $m, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(["ssl" => $ssl]));
    echo stream_socket_get_name($s, false), "\n";
    for ($i = 0; $i < ' . ROUNDS . '; $i++) {
        $c = stream_socket_accept($s, 10);
        fwrite($c, "go\n");
        stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_SERVER);
        fgets($c);
        fclose($c);
    }');
$addr = trim((string) \fgets($out));
$spins = [];
for ($i = 0; $i < ROUNDS; $i++) {
    $c = stream_socket_client("tcp://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create(['ssl' => $ssl]));
    fgets($c);
    $spins[] = handshake($c, STREAM_CRYPTO_METHOD_TLS_CLIENT);
    fwrite($c, "bye\n");
    fclose($c);
}
proc_close($proc);
sort($spins);
echo 'client role, empty wake-ups per handshake: ', implode(' ', $spins), "\n";
$bad += count(array_filter($spins, fn ($n) => $n > 10));

// Server role: the shim's accepted stream against native PHP STARTTLS clients.
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => $ssl]));
$addr = stream_socket_get_name($server, false);
[$proc, $out] = $nativePeer('
    for ($i = 0; $i < ' . ROUNDS . '; $i++) {
        $c = stream_socket_client("tcp://' . $addr . '", $e, $m, 5, STREAM_CLIENT_CONNECT, stream_context_create(["ssl" => $ssl]));
        fgets($c);
        stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT);
        fgets($c);
        fclose($c);
    }');
$spins = [];
for ($i = 0; $i < ROUNDS; $i++) {
    $conn = stream_socket_accept($server, 5);
    fwrite($conn, "go\n");
    $spins[] = handshake($conn, STREAM_CRYPTO_METHOD_TLS_SERVER);
    fwrite($conn, "bye\n");
    fclose($conn);
}
proc_close($proc);
sort($spins);
echo 'server role, empty wake-ups per handshake: ', implode(' ', $spins), "\n";
$bad += count(array_filter($spins, fn ($n) => $n > 10));

exec("rm -rf $dir");
echo $bad === 0 ? "OK\n" : "SPIN: $bad of " . (2 * ROUNDS) . " handshakes woke up more than 10 times for nothing\n";
exit($bad === 0 ? 0 : 1);
