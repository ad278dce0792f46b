--TEST--
A peer's reset during a large blocking fwrite is reported by that fwrite (the count sent, with PHP's notice or SSL warning); later writes fail with a broken pipe
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../phpt/tls_helpers.inc';

$reports = [];
set_error_handler(static function (int $no, string $msg) use (&$reports): bool {
    $reports[] = (in_array($no, [E_NOTICE, E_USER_NOTICE], true) ? 'notice' : 'warning') . ": $msg";
    return true;
});
/** One fwrite: what it returned and what it reported. */
function write_and_report($conn, string $data, array &$reports): void
{
    $reports = [];
    $n = fwrite($conn, $data);
    $size = strlen($data);
    echo 'returned ', is_int($n) && $n > 0 && $n < $size ? 'a part' : var_export($n, true), "\n";
    foreach ($reports as $r) {
        if (preg_match('/Send of (\d+) bytes/', $r, $m) && $n > 0) {
            // The notice names the bytes that were not sent.
            $r = str_replace($m[0], 'Send of ' . ($m[1] + $n === $size ? 'the rest of the' : "{$m[1]} of $n sent +") . ' bytes', $r);
        }
        echo $r, "\n";
    }
}

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
$data = str_repeat('x', 16 << 20);
foreach (['tcp', 'tls'] as $transport) {
    echo "-- $transport\n";
    $server = stream_socket_server("$transport://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
        stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key]]));
    // PHP's own client reads a little, then exits with bytes unread: its kernel resets the connection.
    [$proc, $pipes] = t_spawn(<<<'CHILD'
        <?php
        $c = stream_socket_client(getenv('ADDR'), $errno, $errstr, 10, STREAM_CLIENT_CONNECT,
            stream_context_create(['ssl' => ['verify_peer' => false, 'verify_peer_name' => false]]));
        fread($c, 1000);
        usleep(300000);
        CHILD, ['ADDR' => "$transport://" . stream_socket_get_name($server, false)]);
    $conn = stream_socket_accept($server, 10);
    stream_set_timeout($conn, 20);
    write_and_report($conn, $data, $reports);
    write_and_report($conn, $data, $reports);
    fclose($conn);
    fclose($server);
    t_stop($proc, $pipes);
}
?>
--EXPECT--
-- tcp
returned a part
notice: fwrite(): Send of the rest of the bytes failed with errno=104 Connection reset by peer
returned false
notice: fwrite(): Send of 16777216 bytes failed with errno=32 Broken pipe
-- tls
returned a part
warning: fwrite(): SSL: Connection reset by peer
returned 0
warning: fwrite(): SSL: Broken pipe
