--TEST--
Deviation T8 (what the non-blocking TLS write queue still changes): fclose returns at once and the queue goes out in the background within the stream's timeout, the rest then dropped; at the script's end the queues get up to default_socket_timeout and what is left is counted in a warning; an error the queue meets is reported by the next fwrite
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../phpt/tls_helpers.inc';

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
foreach (['fclose', 'exit', 'reset'] as $case) {
    echo "-- $case\n";
    // The server under test fills its kernel buffers and its queue, the
    // client reading nothing, then ends as the case says.
    [$proc, $pipes] = tls_child(<<<'CHILD'
        ini_set('default_socket_timeout', '1');
        $warned = false;
        set_error_handler(static function (int $no, string $msg) use (&$warned): bool {
            echo 'warning: ', preg_replace('/^gostream: \d+ bytes/', 'gostream: N bytes', $msg), "\n";
            return $warned = true;
        });
        $server = stream_socket_server('tls://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
            stream_context_create(['ssl' => ['local_cert' => getenv('CERT'), 'local_pk' => getenv('KEY')]]));
        echo stream_socket_get_name($server, false), "\n";
        $conn = stream_socket_accept($server, 10);
        stream_set_blocking($conn, false);
        stream_set_timeout($conn, 1);
        $chunk = str_repeat('x', 1 << 20);
        $accepted = $zeros = 0;
        for ($i = 0; $i < 400 && $zeros < 3; $i++) {
            $n = fwrite($conn, $chunk);
            $accepted += $n;
            $zeros = $n === 0 ? $zeros + 1 : 0;
            usleep($n === 0 ? 50000 : 0);
        }
        echo "full\n";
        $case = getenv('CASE');
        if ($case === 'fclose') {
            $t = microtime(true);
            fclose($conn);
            echo 'fclose took ', microtime(true) - $t < 0.5 ? 'no time' : 'long', "\n";
            echo "$accepted\n";
            sleep(3); // the background flush gives up after the stream's 1 s
        } elseif ($case === 'reset') {
            fgets(STDIN); // the client is gone
            for ($i = 0; $i < 200 && !$warned; $i++) { // 0 while the queue is full, until the reset is met
                $n = fwrite($conn, 'more');
                usleep($warned ? 0 : 50000);
            }
            echo "fwrite returned $n\n";
            var_dump(fwrite($conn, 'more'));
        }
        CHILD, ['CERT' => $cert, 'KEY' => $key, 'CASE' => $case]);
    $addr = trim((string) t_line($pipes[1], 20));
    $c = \stream_socket_client("tls://$addr", $errno, $errstr, 10, STREAM_CLIENT_CONNECT,
        \stream_context_create(['ssl' => ['cafile' => $cert, 'peer_name' => 'localhost']]));
    echo t_line($pipes[1], 30);
    if ($case === 'fclose') {
        echo t_line($pipes[1], 5);
        $accepted = (int) t_line($pipes[1], 5);
        sleep(2);
        \stream_set_timeout($c, 10);
        $got = 0;
        while (!\feof($c) && ($chunk = \fread($c, 1 << 20)) !== false) {
            $got += strlen($chunk);
        }
        echo $got < $accepted ? 'the peer got less than fwrite accepted' : "the peer got all $got bytes", "\n";
    } elseif ($case === 'exit') {
        $t = microtime(true);
        echo t_line($pipes[1], 10);
        echo 'the script ended ', microtime(true) - $t < 3 ? 'within' : 'long after', " default_socket_timeout\n";
    } else {
        \fread($c, 1);
        \fclose($c); // with bytes unread: a reset
        fwrite($pipes[0], "gone\n");
        echo t_line($pipes[1], 10), t_line($pipes[1], 10), t_line($pipes[1], 10), t_line($pipes[1], 10);
    }
    if (is_resource($c)) {
        \fclose($c);
    }
    t_stop($proc, $pipes);
}
?>
--EXPECT--
-- fclose
full
fclose took no time
the peer got less than fwrite accepted
-- exit
full
warning: gostream: N bytes queued on TLS streams were not sent: the peers did not read them within default_socket_timeout
the script ended within default_socket_timeout
-- reset
full
warning: fwrite(): SSL: Connection reset by peer
fwrite returned 0
warning: fwrite(): SSL: Broken pipe
int(0)
