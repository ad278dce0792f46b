--TEST--
TLS: stream_select wakes for each piece of a record a proxy forwards 10 bytes at a time, waiting for the reader to react to each (no lost wake-up)
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../phpt/tls_helpers.inc';

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
// PHP's own TLS server and a proxy in one child. The proxy forwards the
// server's bytes at once until told "send"; then the server writes one
// record, which the proxy forwards 10 bytes at a time, each piece only
// after a "more" line (the reader reacted), or after 8 s.
[$proc, $pipes] = t_spawn(<<<'CHILD'
    <?php
    $srv = stream_socket_server('tcp://127.0.0.1:0');
    $px = stream_socket_server('tcp://127.0.0.1:0');
    echo stream_socket_get_name($px, false), "\n";
    $client = stream_socket_accept($px, 10);
    $up = stream_socket_client('tcp://' . stream_socket_get_name($srv, false), $errno, $errstr, 10);
    $tls = stream_socket_accept($srv, 10);
    stream_context_set_option($tls, 'ssl', 'local_cert', getenv('CERT'));
    stream_context_set_option($tls, 'ssl', 'local_pk', getenv('KEY'));
    foreach ([$client, $up, $tls, STDIN] as $s) {
        stream_set_blocking($s, false);
    }
    $handshake = $send = $split = false;
    $allowed = 0;
    $toClient = '';
    $end = microtime(true) + 30;
    while (microtime(true) < $end) {
        $r = [$client, $up, STDIN];
        if (!$handshake) {
            $r[] = $tls;
        }
        $w = $e = null;
        stream_select($r, $w, $e, 0, 20000);
        if (!$handshake) {
            $handshake = stream_socket_enable_crypto($tls, true, STREAM_CRYPTO_METHOD_TLS_SERVER) === true;
        }
        if (($b = fread($client, 65536)) !== '' && $b !== false) {
            fwrite($up, $b);
        } elseif (feof($client)) {
            break;
        }
        $toClient .= (string) fread($up, 65536);
        while (($line = fgets(STDIN)) !== false) {
            $send = $send || $line === "send\n";
            $allowed += $line === "more\n" ? 1 : 0;
        }
        if ($send && $handshake && !$split) {
            // (waiting for the server's end of the handshake, which may come after the client's)
            usleep(50000);
            fwrite($client, $toClient . fread($up, 65536)); // what came before the record goes whole
            $toClient = '';
            fwrite($tls, "hello\n");
            usleep(50000);
            $toClient = (string) fread($up, 65536);
            $split = true;
            $allowed = 1;
        }
        if (!$split) {
            fwrite($client, $toClient);
            $toClient = '';
        } elseif ($toClient !== '' && ($allowed > 0 || microtime(true) > $last + 8)) {
            fwrite($client, substr($toClient, 0, 10));
            $toClient = substr($toClient, 10);
            $allowed = max(0, $allowed - 1);
            $last = microtime(true);
        }
    }
    CHILD, ['CERT' => $cert, 'KEY' => $key]);
$addr = trim((string) t_line($pipes[1], 10));
$c = stream_socket_client("tls://$addr", $errno, $errstr, 10, STREAM_CLIENT_CONNECT,
    stream_context_create(['ssl' => ['cafile' => $cert, 'peer_name' => 'localhost']]));
var_dump(is_resource($c));
stream_set_blocking($c, false);
fwrite($pipes[0], "send\n");
usleep(400000); // the record's first piece (sent 100 ms after "send") arrives before the first select
$got = '';
$late = 0;
for ($i = 0; $i < 200 && !str_ends_with($got, "\n"); $i++) {
    $r = [$c];
    $w = $e = null;
    $t = microtime(true);
    if (stream_select($r, $w, $e, 20) !== 1) {
        echo "select timed out\n";
        break;
    }
    $late += microtime(true) - $t > 4 ? 1 : 0; // woken by the proxy's own timer, not by the piece
    $got .= fread($c, 100);
    fwrite($pipes[0], "more\n");
}
echo 'got ', json_encode($got), ", late wake-ups: $late\n";
fclose($c);
t_stop($proc, $pipes);
?>
--EXPECT--
bool(true)
got "hello\n", late wake-ups: 0
