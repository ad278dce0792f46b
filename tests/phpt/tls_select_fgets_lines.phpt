--TEST--
TLS: a line-protocol loop (stream_select, then fgets) on an ssl:// server: one line per select, two lines in one record, a partial line, fgets with a length; each next select answers as PHP's (nothing left: 0; bytes left in a buffer: readable at once)
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
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
// The client writes each line of its stdin (escapes decoded) as one TLS write, then says "sent".
[$proc, $pipes] = tls_child(<<<'CHILD'
    $ctx = stream_context_create(['ssl' => ['cafile' => getenv('CERT'), 'peer_name' => 'localhost']]);
    $c = stream_socket_client('ssl://' . getenv('ADDR'), $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    while (($l = fgets(STDIN)) !== false) {
        fwrite($c, stripcslashes(rtrim($l, "\n")));
        echo "sent\n";
    }
    CHILD, ['ADDR' => stream_socket_get_name($server, false), 'CERT' => $cert]);
$conn = stream_socket_accept($server, 10);
stream_set_blocking($conn, false);

function send(array $pipes, string $escaped): void {
    \fwrite($pipes[0], $escaped . "\n");
    t_line($pipes[1], 10);
    usleep(20000);
}
function sel($s, int $seconds): int {
    $r = [$s];
    $w = $e = null;
    return stream_select($r, $w, $e, $seconds);
}

echo "-- one line per select\n";
for ($i = 0; $i < 3; $i++) {
    send($pipes, "req $i\\n");
    echo sel($conn, 2), ' ', json_encode(fgets($conn)), ' then ', sel($conn, 0), "\n";
}
echo "-- two lines in one record\n";
send($pipes, 'x1\ny2\n');
echo sel($conn, 2), ' ', json_encode(fgets($conn)), "\n";
echo 'unread ', stream_get_meta_data($conn)['unread_bytes'], ', then ', sel($conn, 0), "\n";
echo json_encode(fgets($conn)), ' then ', sel($conn, 0), "\n";
echo "-- a partial line\n";
send($pipes, 'par');
echo sel($conn, 2), ' ', json_encode(fgets($conn)), "\n";
send($pipes, 'tial\n');
echo sel($conn, 2), ' ', json_encode(fgets($conn)), ' then ', sel($conn, 0), "\n";
echo "-- fgets with a length\n";
send($pipes, 'abcdefgh\n');
echo sel($conn, 2), ' ', json_encode(fgets($conn, 5)), ' then ', sel($conn, 0), "\n";
echo json_encode(fgets($conn, 5)), ' ', json_encode(fgets($conn, 5)), ' then ', sel($conn, 0), "\n";
fclose($conn);
echo t_stop($proc, $pipes);
?>
--EXPECT--
-- one line per select
1 "req 0\n" then 0
1 "req 1\n" then 0
1 "req 2\n" then 0
-- two lines in one record
1 "x1\n"
unread 3, then 1
"y2\n" then 0
-- a partial line
1 "par"
1 "tial\n" then 0
-- fgets with a length
1 "abcd" then 1
"efgh" "\n" then 0
