--TEST--
Deviation T9: capture_peer_cert on a server stores each client's certificate in the accepted stream's own context (PHP overwrites the listener's shared context with the latest client's)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../tls_helpers.inc';

function cn($stream): string
{
    $cert = stream_context_get_options($stream)['ssl']['peer_certificate'] ?? null;
    return $cert === null ? 'none' : get_class($cert) . ' CN=' . openssl_x509_parse($cert)['subject']['CN'];
}

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
$ssl = ['local_cert' => $cert, 'local_pk' => $key, 'capture_peer_cert' => true];
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => $ssl]));
$clients = [];
foreach (['alice', 'bob'] as $name) {
    [$c, $k] = tls_cert($dir, $name);
    // One process is enough: the library runs the server's handshakes off the PHP thread.
    $clients[$name] = stream_socket_client('ssl://' . stream_socket_get_name($server, false), $errno, $errstr, 5, STREAM_CLIENT_CONNECT,
        stream_context_create(['ssl' => ['local_cert' => $c, 'local_pk' => $k, 'cafile' => $cert, 'peer_name' => 'localhost']]));
}
$a = stream_socket_accept($server, 5);
$b = stream_socket_accept($server, 5);
$names = [cn($a), cn($b)];
sort($names); // accept order is handshake completion order
echo 'accepted: ', implode(', ', $names), "\n";
echo 'listener: ', cn($server), "\n";
var_dump(stream_context_get_params($a)['options']['ssl']['peer_certificate'] === stream_context_get_options($a)['ssl']['peer_certificate']);
echo "-- the accepted stream's context keeps the listener's options\n";
var_dump(stream_context_get_options($a)['ssl']['local_cert'] === $cert);

echo "-- STARTTLS on an accepted stream\n";
$tcp = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => $ssl]));
[$c, $k] = tls_cert($dir, 'carol');
$client = stream_socket_client('tcp://' . stream_socket_get_name($tcp, false), $errno, $errstr, 5, STREAM_CLIENT_CONNECT,
    stream_context_create(['ssl' => ['local_cert' => $c, 'local_pk' => $k, 'cafile' => $cert, 'peer_name' => 'localhost']]));
$conn = stream_socket_accept($tcp, 5);
stream_set_blocking($client, false);
stream_set_blocking($conn, false);
$done = [];
for ($end = microtime(true) + 10; count($done) < 2 && microtime(true) < $end;) {
    foreach (['client' => [$client, STREAM_CRYPTO_METHOD_TLS_CLIENT], 'server' => [$conn, STREAM_CRYPTO_METHOD_TLS_SERVER]] as $who => [$s, $m]) {
        if (!isset($done[$who]) && stream_socket_enable_crypto($s, true, $m) === true) {
            $done[$who] = true;
        }
    }
    usleep(1000);
}
echo 'STARTTLS: ', cn($conn), "\n";
echo 'tcp listener: ', cn($tcp), "\n";
?>
--EXPECT--
accepted: OpenSSLCertificate CN=alice, OpenSSLCertificate CN=bob
listener: none
bool(true)
-- the accepted stream's context keeps the listener's options
bool(true)
-- STARTTLS on an accepted stream
STARTTLS: OpenSSLCertificate CN=carol
tcp listener: none
