--TEST--
Framework style: TLS servers and clients upgraded with \stream_socket_enable_crypto inside the event loop (non-blocking, called again on each readable event, as ReactPHP's StreamEncryption), then echoing; bytes checked, the session's protocol read with \stream_get_meta_data
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/tls_helpers.inc';
require __DIR__ . '/framework.inc';

use Fw\Connection;
use Fw\Loop;
use Fw\TcpServer;

/** Calls $enable on the stream until it answers true (or false), once now and on every readable event. */
function encrypt(Loop $loop, $stream, int $method, callable $done): void
{
    \stream_set_blocking($stream, false);
    $step = function () use ($loop, $stream, $method, $done, &$step) {
        $r = \stream_socket_enable_crypto($stream, true, $method);
        if ($r === 0) {
            $loop->addReadStream($stream, $step);
            return;
        }
        $loop->removeReadStream($stream);
        $done($r);
    };
    $step();
}

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
$loop = new Loop();
$serverSide = [];
$server = new TcpServer($loop, 'tcp://127.0.0.1:0', function ($conn, Loop $loop) use (&$serverSide) {
    encrypt($loop, $conn, STREAM_CRYPTO_METHOD_TLS_SERVER, function ($ok) use ($loop, $conn, &$serverSide) {
        $serverSide[] = [$ok, \stream_get_meta_data($conn)['crypto']['protocol'] ?? null, \Fw\engine($conn)];
        new Connection($loop, $conn,
            fn (string $data, Connection $c) => $c->write($data),
            fn (Connection $c) => $c->close());
    });
}, \stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key]]));

$clients = 4;
$got = $done = [];
$ctx = \stream_context_create(['ssl' => ['cafile' => $cert, 'peer_name' => 'localhost']]);
for ($i = 0; $i < $clients; $i++) {
    $payload = str_repeat(random_bytes(512), 30 + $i);
    $got[$i] = '';
    $c = \stream_socket_client('tcp://' . $server->address(), $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    encrypt($loop, $c, STREAM_CRYPTO_METHOD_TLS_CLIENT, function ($ok) use ($loop, $c, $i, $payload, $clients, &$got, &$done) {
        if ($ok !== true) {
            $done[$i] = 'handshake: ' . var_export($ok, true);
            return;
        }
        $conn = new Connection($loop, $c, function (string $data, Connection $conn) use ($i, $payload, $clients, $loop, &$got, &$done) {
            $got[$i] .= $data;
            if (strlen($got[$i]) >= strlen($payload)) {
                $done[$i] = $got[$i] === $payload ? 'ok' : 'corrupt';
                $conn->close();
                if (count($done) === $clients) {
                    $loop->stop();
                }
            }
        });
        $conn->write($payload);
    });
}

var_dump($loop->run(20));
ksort($done);
echo implode(' ', $done), "\n";
foreach ($serverSide as [$ok, $protocol, $engine]) {
    echo var_export($ok, true), " $protocol ", $engine === \Fw\expectedEngine() ? 'as expected' : $engine, "\n";
}
?>
--EXPECT--
bool(true)
ok ok ok ok
true TLSv1.3 as expected
true TLSv1.3 as expected
true TLSv1.3 as expected
true TLSv1.3 as expected
