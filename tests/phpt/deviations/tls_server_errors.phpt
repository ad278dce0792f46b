--TEST--
Deviation T1/T2: certificate, key and passphrase errors are reported by stream_socket_server (ssl:// and tcp:// servers with ssl.local_cert), never at accept, never by a prompt
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../tls_helpers.inc';

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir, 'localhost', 'secret');
[, $otherKey] = tls_cert($dir, 'other');
$cases = [
    'wrong passphrase' => ['local_cert' => $cert, 'local_pk' => $key, 'passphrase' => 'wrong'],
    'missing certificate file' => ['local_cert' => "$dir/missing.pem", 'local_pk' => $key, 'passphrase' => 'secret'],
    'certificate without its key' => ['local_cert' => $cert],
    'key of another certificate' => ['local_cert' => $cert, 'local_pk' => $otherKey],
    'no local_cert at all' => [],
];
foreach ($cases as $what => $ssl) {
    echo "-- $what\n";
    $server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => $ssl]));
    var_dump($server, $errno);
    echo str_replace($dir, 'DIR', $errstr), "\n";
}

echo "-- a tcp:// server whose context carries a certificate for STARTTLS is checked too\n";
$server = @stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key, 'passphrase' => 'wrong']]));
var_dump($server);
echo str_replace($dir, 'DIR', $errstr), "\n";

echo "-- an encrypted key without passphrase: an error, not a prompt (stdin stays open)\n";
[$proc, $pipes] = tls_child(<<<'CHILD'
    $server = @stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
        stream_context_create(['ssl' => ['local_cert' => getenv('CERT'), 'local_pk' => getenv('KEY')]]));
    echo var_export($server, true), ' ', str_replace(getenv('KEY'), 'KEY', $errstr), "\n";
    CHILD, ['CERT' => $cert, 'KEY' => $key]);
echo t_line($pipes[1], 10) ?: "no answer within 10 s\n";
echo t_stop($proc, $pipes);
?>
--EXPECTF--
-- wrong passphrase

Warning: stream_socket_server(): Unable to connect to ssl://127.0.0.1:0 (unable to load private key "%s/localhost.key": wrong passphrase) in %s on line %d
bool(false)
int(0)
unable to load private key "DIR/localhost.key": wrong passphrase
-- missing certificate file

Warning: stream_socket_server(): Unable to connect to ssl://127.0.0.1:0 (unable to read certificate file "%s/missing.pem": no such file or directory) in %s on line %d
bool(false)
int(0)
unable to read certificate file "DIR/missing.pem": no such file or directory
-- certificate without its key

Warning: stream_socket_server(): Unable to connect to ssl://127.0.0.1:0 (no private key in "%s/localhost.crt": set local_pk or append the key to local_cert) in %s on line %d
bool(false)
int(0)
no private key in "DIR/localhost.crt": set local_pk or append the key to local_cert
-- key of another certificate

Warning: stream_socket_server(): Unable to connect to ssl://127.0.0.1:0 (private key "%s/other.key" does not match certificate "%s/localhost.crt") in %s on line %d
bool(false)
int(0)
private key "DIR/other.key" does not match certificate "DIR/localhost.crt"
-- no local_cert at all

Warning: stream_socket_server(): Unable to connect to ssl://127.0.0.1:0 (no local_cert option: a TLS server needs a certificate) in %s on line %d
bool(false)
int(0)
no local_cert option: a TLS server needs a certificate
-- a tcp:// server whose context carries a certificate for STARTTLS is checked too
bool(false)
unable to load private key "DIR/localhost.key": wrong passphrase
-- an encrypted key without passphrase: an error, not a prompt (stdin stays open)
false encrypted private key "KEY" needs the passphrase option
