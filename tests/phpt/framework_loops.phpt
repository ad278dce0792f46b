--TEST--
Framework style: a namespaced event loop (\stream_select, timers, write buffers), a server accepting with an imported stream_socket_accept, clients in the same loop half-closing with \stream_socket_shutdown; every byte echoed back checked; gostream's streams in whole-process mode, PHP's own natively and per-file
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/framework.inc';

use Fw\Connection;
use Fw\Loop;
use Fw\TcpServer;

$loop = new Loop();
$accepted = [];
$server = new TcpServer($loop, 'tcp://127.0.0.1:0', function ($conn, Loop $loop) use (&$accepted) {
    $accepted[] = \Fw\engine($conn);
    new Connection($loop, $conn,
        fn (string $data, Connection $c) => $c->write($data),
        fn (Connection $c) => $c->end("bye\n"));
});
// A timer ends the run once every client is done (the timer always ticks).
$clients = 16;
$done = [];
$ticks = 0;
$loop->addPeriodicTimer(0.01, function (Loop $loop) use (&$ticks, &$done, $clients) {
    $ticks++;
    if (count($done) === $clients) {
        $loop->stop();
    }
});

// The clients, in the same loop, written as the framework writes them
// (per-file, the shim's functions could not join PHP's own \stream_select).
$locals = [];
$owners = [];
$got = [];
for ($i = 0; $i < $clients; $i++) {
    $payload = str_repeat(random_bytes(1024), 40 + $i) . "line $i\n";
    $c = \stream_socket_client('tcp://' . $server->address(), $errno, $errstr, 5);
    $locals[] = \stream_socket_get_name($c, false);
    $owners[] = \Fw\engine($c);
    $got[$i] = '';
    $conn = new Connection($loop, $c,
        function (string $data, Connection $conn) use (&$got, $payload, $i) {
            $before = strlen($got[$i]);
            $got[$i] .= $data;
            if ($before < strlen($payload) && strlen($got[$i]) >= strlen($payload)) {
                // All echoed: half-close, as a client ends its request.
                \stream_socket_shutdown($conn->stream, STREAM_SHUT_WR);
            }
        },
        function (Connection $conn) use (&$got, &$done, $payload, $i) {
            $done[$i] = $got[$i] === $payload . "bye\n" ? 'ok' : sprintf('got %d bytes of %d', strlen($got[$i]), strlen($payload) + 4);
            $conn->close();
        });
    // Written as the loop runs, in pieces as the socket takes them.
    $conn->write($payload);
}

var_dump($loop->run(20));
ksort($done);
echo implode(' ', $done), "\n";
var_dump($ticks > 0);

// Each peer address accept() gave is one client's local address.
$peers = $server->peers;
sort($peers);
sort($locals);
var_dump($peers === $locals, count($peers));
var_dump(\Fw\engine($server->socket) === \Fw\expectedEngine());
var_dump(array_unique(array_merge($accepted, $owners)) === [\Fw\expectedEngine()]);
?>
--EXPECT--
bool(true)
ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok
bool(true)
bool(true)
int(16)
bool(true)
bool(true)
