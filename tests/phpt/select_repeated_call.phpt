--TEST--
stream_select called again and again with equal arrays (the common loop): each call answers for the arrays and timeout it is given, when the arrays change, the timeout changes, data arrives or a stream is closed between calls
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$name = stream_socket_get_name($server, false);
$peerA = \stream_socket_client("tcp://$name");
$a = stream_socket_accept($server, 5);
$peerB = \stream_socket_client("tcp://$name");
$b = stream_socket_accept($server, 5);

function sel(array $read, ?int $s, ?int $us = 0): array
{
    $w = $e = null;
    $t = microtime(true);
    $n = stream_select($read, $w, $e, $s, $us);
    return [$n, array_keys($read), (int) round((microtime(true) - $t) * 1000)];
}

// Idle, many times: nothing, at once.
for ($i = 0, $zero = 0; $i < 50; $i++) {
    [$n, $keys, $ms] = sel(['a' => $a], 0);
    $zero += $n === 0 && $keys === [] && $ms < 100;
}
echo "idle a: $zero of 50 answered 0\n";

// Data for a: the next equal call reports it.
\fwrite($peerA, "x");
[$n, $keys] = sel(['a' => $a], 1);
echo "a readable: $n ", implode(',', $keys), "\n";
var_dump(fread($a, 10));

// Other arrays, then data for b: the wait follows the new arrays.
for ($i = 0; $i < 3; $i++) {
    [$n] = sel(['b' => $b], 0);
}
echo "idle b: $n\n";
\fwrite($peerB, "y");
[$n, $keys] = sel(['b' => $b], 1);
echo "b readable: $n ", implode(',', $keys), "\n";
var_dump(fread($b, 10));

// The same arrays with another timeout: the wait follows the timeout.
[$n, , $ms] = sel(['b' => $b], 0, 300000);
echo "0.3 s timeout: $n, waited ", $ms >= 250 ? 'about 0.3 s' : "$ms ms", "\n";
[$n, , $ms] = sel(['b' => $b], 0, 0);
echo "0 timeout: $n, ", $ms < 100 ? 'at once' : "after $ms ms", "\n";

// A stream of the arrays closed between two equal calls: PHP's TypeError.
$arr = ['a' => $a, 'b' => $b];
sel($arr, 0);
sel($arr, 0);
fclose($b);
try {
    sel($arr, 0);
} catch (\TypeError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
[$n, $keys] = sel(['a' => $a], 0);
echo "after: $n\n";
?>
--EXPECT--
idle a: 50 of 50 answered 0
a readable: 1 a
string(1) "x"
idle b: 0
b readable: 1 b
string(1) "y"
0.3 s timeout: 0, waited about 0.3 s
0 timeout: 0, at once
TypeError: stream_select(): supplied resource is not a valid stream resource
after: 0
