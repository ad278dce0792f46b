--TEST--
Framework style: a UDP server and clients in one \stream_select loop (\stream_socket_recvfrom and \stream_socket_sendto as AMPHP and ReactPHP's datagram sockets use them): datagrams from 1 byte to 8000 bytes answered to the sender's address, kept whole, each checked
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/framework.inc';

use Fw\Loop;

$loop = new Loop();
$server = \stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
\stream_set_blocking($server, false);
$address = \stream_socket_get_name($server, false);
$served = 0;
$loop->addReadStream($server, function ($server) use (&$served) {
    $data = \stream_socket_recvfrom($server, 65536, 0, $peer);
    if ($data === false || $data === '') {
        return;
    }
    $served++;
    // The answer names the address the datagram came from.
    \stream_socket_sendto($server, "$peer|" . strtoupper($data), 0, $peer);
});

$sizes = [1, 64, 1400, 8000, 3];
$clients = 4;
$done = $sent = [];
$engines = [\Fw\engine($server)];
for ($i = 0; $i < $clients; $i++) {
    $c = \stream_socket_client("udp://$address", $errno, $errstr, 5);
    \stream_set_blocking($c, false);
    $engines[] = \Fw\engine($c);
    $local = \stream_socket_get_name($c, false);
    $sent[$i] = [];
    $next = function () use ($c, $i, $sizes, &$sent) {
        $n = count($sent[$i]);
        $sent[$i][] = substr(str_repeat(chr(ord('a') + $i) . "datagram $n of client $i;", 400), 0, $sizes[$n]);
        \stream_socket_sendto($c, end($sent[$i]));
    };
    $loop->addReadStream($c, function ($c, Loop $loop) use ($i, $local, $sizes, $clients, $next, &$sent, &$done) {
        $reply = \stream_socket_recvfrom($c, 65536);
        $want = "$local|" . strtoupper(end($sent[$i]));
        if ($reply !== $want) {
            $done[$i] = sprintf('datagram %d: got %d bytes, want %d', count($sent[$i]) - 1, strlen((string) $reply), strlen($want));
        } elseif (count($sent[$i]) < count($sizes)) {
            $next();
            return;
        } else {
            $done[$i] = 'ok';
        }
        $loop->removeReadStream($c);
        \fclose($c);
        if (count($done) === $clients) {
            $loop->stop();
        }
    });
    $next();
}

var_dump($loop->run(20));
ksort($done);
echo implode(' ', $done), "\n";
var_dump($served);
var_dump(array_unique($engines) === [\Fw\expectedEngine()]);
?>
--EXPECT--
bool(true)
ok ok ok ok
int(20)
bool(true)
