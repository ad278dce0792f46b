--TEST--
stream_select: a stream closed between two calls with the same array is a TypeError
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$p1 = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$p2 = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$clients = [$p1[0], $p2[0]];
$w = $e = null;
for ($i = 0; $i < 2; $i++) {
    $read = $clients;
    var_dump(stream_select($read, $w, $e, 0));
}
fclose($p2[0]);
$read = $clients;
try {
    stream_select($read, $w, $e, 0);
} catch (\TypeError $t) {
    t_throwable($t);
}
// Without the closed stream it works again.
unset($clients[1]);
fwrite($p1[1], 'x');
$read = $clients;
var_dump(stream_select($read, $w, $e, 0));
?>
--EXPECT--
int(0)
int(0)
TypeError: stream_select(): supplied resource is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
int(1)
