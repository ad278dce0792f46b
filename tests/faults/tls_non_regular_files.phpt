--TEST--
Issue 8 item 7: a named pipe or a device named by local_cert, local_pk, cafile, capath or SNI_server_certs is refused at once with a clear error (it blocked stream_socket_server, or the client, forever); deviation T15
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: native PHP blocks forever opening the pipe (at accept, or in the client handshake)'); ?>
--EXTENSIONS--
openssl
posix
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../phpt/tls_helpers.inc';

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
$fifo = "$dir/pipe";
posix_mkfifo($fifo, 0600);

// A child makes the calls, so one that blocks is seen as "blocked", not as a hung test.
[$proc, $pipes] = tls_child(<<<'CHILD'
    $fifo = getenv('FIFO');
    $cert = getenv('CERT');
    $key = getenv('KEY');
    $cases = [
        'ssl server, local_cert' => ['ssl', ['local_cert' => $fifo, 'local_pk' => $key]],
        'ssl server, local_pk' => ['ssl', ['local_cert' => $cert, 'local_pk' => $fifo]],
        'ssl server, cafile' => ['ssl', ['local_cert' => $cert, 'local_pk' => $key, 'cafile' => $fifo]],
        'ssl server, capath' => ['ssl', ['local_cert' => $cert, 'local_pk' => $key, 'capath' => $fifo]],
        'ssl server, SNI_server_certs' => ['ssl', ['local_cert' => $cert, 'local_pk' => $key, 'SNI_server_certs' => ['example.com' => $fifo]]],
        'tcp server, local_cert for STARTTLS' => ['tcp', ['local_cert' => $fifo, 'local_pk' => $key]],
        'ssl server, local_cert /dev/zero' => ['ssl', ['local_cert' => '/dev/zero', 'local_pk' => $key]],
        'ssl server, cafile /dev/null' => ['ssl', ['local_cert' => $cert, 'local_pk' => $key, 'cafile' => '/dev/null']],
    ];
    foreach ($cases as $name => [$transport, $ssl]) {
        $s = @stream_socket_server("$transport://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
            stream_context_create(['ssl' => $ssl]));
        echo "$name: ", $s === false ? "false, $errno, $errstr" : 'a server', "\n";
    }
    $plain = \stream_socket_server('tcp://127.0.0.1:0');
    $c = @stream_socket_client('ssl://' . \stream_socket_get_name($plain, false), $errno, $errstr, 2, STREAM_CLIENT_CONNECT,
        stream_context_create(['ssl' => ['cafile' => $fifo]]));
    echo 'ssl client, cafile: ', $c === false ? "false, $errno, $errstr" : 'a client', "\n";
    echo "done\n";
    CHILD, ['FIFO' => $fifo, 'CERT' => $cert, 'KEY' => $key]);

while (($line = t_line($pipes[1], 10)) !== false && $line !== "done\n") {
    echo str_replace($dir, 'DIR', $line);
}
echo $line === false ? "blocked\n" : $line;
echo t_stop($proc, $pipes);
?>
--EXPECT--
ssl server, local_cert: false, 0, unable to read certificate file "DIR/pipe": is a named pipe, not a regular file
ssl server, local_pk: false, 0, unable to read private key file "DIR/pipe": is a named pipe, not a regular file
ssl server, cafile: false, 0, unable to read CA file "DIR/pipe": is a named pipe, not a regular file
ssl server, capath: false, 0, unable to read CA directory "DIR/pipe": not a directory
ssl server, SNI_server_certs: false, 0, unable to read certificate file "DIR/pipe": is a named pipe, not a regular file
tcp server, local_cert for STARTTLS: false, 0, unable to read certificate file "DIR/pipe": is a named pipe, not a regular file
ssl server, local_cert /dev/zero: false, 0, unable to read certificate file "/dev/zero": is a character device, not a regular file
ssl server, cafile /dev/null: false, 0, unable to read CA file "/dev/null": is a character device, not a regular file
ssl client, cafile: false, 0, unable to read CA file "DIR/pipe": is a named pipe, not a regular file
done
