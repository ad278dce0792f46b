--TEST--
A line-protocol loop: stream_select, then fgets of what it reported, line by line, one line or several per select, partial lines, fgets with a length, two streams whose bytes are read one after the other; each next select answers as PHP's (nothing left: 0; bytes left in a buffer: readable at once)
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$name = stream_socket_get_name($server, false);
$ca = stream_socket_client("tcp://$name");
$a = stream_socket_accept($server, 5);
$cb = stream_socket_client("tcp://$name");
$b = stream_socket_accept($server, 5);
stream_set_blocking($a, false);
stream_set_blocking($b, false);

/** stream_select on $streams for reading: the count and the ready keys. */
function sel(array $streams, int $seconds): string {
    $r = $streams;
    $w = $e = null;
    $n = stream_select($r, $w, $e, $seconds);
    return $n . ' [' . implode(',', array_keys($r)) . ']';
}

echo "-- one line per select\n";
for ($i = 0; $i < 4; $i++) {
    \fwrite($ca, "req $i\n");
    echo sel(['a' => $a], 2), ' ', json_encode(fgets($a)), ' then ', sel(['a' => $a], 0), "\n";
}

echo "-- two lines in one select\n";
\fwrite($ca, "x1\ny2\n");
usleep(20000);
echo sel(['a' => $a], 2), ' ', json_encode(fgets($a)), "\n";
echo 'unread ', stream_get_meta_data($a)['unread_bytes'], ', then ', sel(['a' => $a], 0), "\n";
echo json_encode(fgets($a)), ' then ', sel(['a' => $a], 0), "\n";

echo "-- a partial line\n";
\fwrite($ca, "par");
echo sel(['a' => $a], 2), ' ', json_encode(fgets($a)), "\n";
\fwrite($ca, "tial\n");
echo sel(['a' => $a], 2), ' ', json_encode(fgets($a)), ' then ', sel(['a' => $a], 0), "\n";

echo "-- fgets with a length\n";
\fwrite($ca, "abcdefgh\n");
echo sel(['a' => $a], 2), ' ', json_encode(fgets($a, 5)), ' then ', sel(['a' => $a], 0), "\n";
echo json_encode(fgets($a, 5)), ' ', json_encode(fgets($a, 5)), ' then ', sel(['a' => $a], 0), "\n";

echo "-- two streams\n";
\fwrite($ca, "from a\n");
\fwrite($cb, "from b\n");
usleep(20000);
echo sel(['a' => $a, 'b' => $b], 2), "\n";
echo json_encode(fgets($a)), ' then ', sel(['a' => $a, 'b' => $b], 0), "\n";
echo json_encode(fgets($b)), ' then ', sel(['a' => $a, 'b' => $b], 0), "\n";
\fwrite($cb, "b again\n");
echo sel(['a' => $a, 'b' => $b], 2), ' ', json_encode(fgets($b)), ' then ', sel(['a' => $a, 'b' => $b], 0), "\n";
?>
--EXPECT--
-- one line per select
1 [a] "req 0\n" then 0 []
1 [a] "req 1\n" then 0 []
1 [a] "req 2\n" then 0 []
1 [a] "req 3\n" then 0 []
-- two lines in one select
1 [a] "x1\n"
unread 3, then 1 [a]
"y2\n" then 0 []
-- a partial line
1 [a] "par"
1 [a] "tial\n" then 0 []
-- fgets with a length
1 [a] "abcd" then 1 [a]
"efgh" "\n" then 0 []
-- two streams
2 [a,b]
"from a\n" then 1 [b]
"from b\n" then 0 []
1 [b] "b again\n" then 0 []
