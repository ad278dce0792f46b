--TEST--
tls://, tlsv1.2://, tlsv1.3:// and ssl.crypto_method choose the protocol version; a version mismatch fails the handshake
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/tls_helpers.inc';

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
$ctx = stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key]]);
$servers = [];
foreach (['tlsv1.2', 'tlsv1.3', 'tls'] as $transport) {
    $servers[$transport] = stream_socket_server("$transport://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
}
$addr = array_map(fn ($s) => stream_socket_get_name($s, false), $servers);

[$proc, $pipes] = tls_child(<<<'CHILD'
    $addr = json_decode(getenv('ADDRS'), true);
    $cases = [
        ['tls', 'tlsv1.2', []],
        ['ssl', 'tlsv1.3', []],
        ['tls', 'tls', ['crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT]],
        ['tlsv1.3', 'tls', []],
        ['tlsv1.2', 'tlsv1.3', []],
    ];
    foreach ($cases as [$client, $server, $extra]) {
        $ctx = stream_context_create(['ssl' => ['cafile' => getenv('CERT'), 'peer_name' => 'localhost'] + $extra]);
        $c = @stream_socket_client("$client://" . $addr[$server], $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
        echo "client $client:// to $server://", $extra ? ' (crypto_method TLSv1_2_CLIENT)' : '', ': ';
        if ($c === false) {
            echo "failed\n";
            continue;
        }
        $crypto = stream_get_meta_data($c)['crypto'];
        echo $crypto['protocol'], ' ', $crypto['cipher_version'], ' ', trim(fgets($c)), "\n";
        fclose($c);
    }
    CHILD, ['ADDRS' => json_encode($addr), 'CERT' => $cert]);

foreach (['tlsv1.2', 'tlsv1.3', 'tls', 'tls'] as $transport) {
    $conn = stream_socket_accept($servers[$transport], 10);
    $crypto = stream_get_meta_data($conn)['crypto'];
    echo "server $transport://: {$crypto['protocol']}\n";
    fwrite($conn, "ok\n");
    fclose($conn);
}
// The failed handshake: PHP warns at accept, gostream drops it and the accept times out.
var_dump(@stream_socket_accept($servers['tlsv1.3'], 2));
while (($line = t_line($pipes[1], 10)) !== false) {
    echo $line;
}
echo t_stop($proc, $pipes);
?>
--EXPECT--
server tlsv1.2://: TLSv1.2
server tlsv1.3://: TLSv1.3
server tls://: TLSv1.2
server tls://: TLSv1.3
bool(false)
client tls:// to tlsv1.2://: TLSv1.2 TLSv1.2 ok
client ssl:// to tlsv1.3://: TLSv1.3 TLSv1.3 ok
client tls:// to tls:// (crypto_method TLSv1_2_CLIENT): TLSv1.2 TLSv1.2 ok
client tlsv1.3:// to tls://: TLSv1.3 TLSv1.3 ok
client tlsv1.2:// to tlsv1.3://: failed
