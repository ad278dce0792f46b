--TEST--
capture_peer_cert on clients (ssl:// and STARTTLS): the server's certificate as an OpenSSLCertificate in the stream's context
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/tls_helpers.inc';

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir, 'capture.test');
$ssl = ['local_cert' => $cert, 'local_pk' => $key];
$tlsServer = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => $ssl]));
$tcpServer = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => $ssl]));

[$proc, $pipes] = tls_child(<<<'CHILD'
    function show(string $what, $stream, $ctx): void
    {
        $opts = stream_context_get_options($stream)['ssl'];
        $cert = $opts['peer_certificate'] ?? null;
        echo "$what: ", is_object($cert) ? get_class($cert) : gettype($cert), ' CN=', openssl_x509_parse($cert)['subject']['CN'], "\n";
        $params = stream_context_get_params($stream);
        echo "$what: params hold it: ", var_export($params['options']['ssl']['peer_certificate'] === $cert, true), "\n";
        echo "$what: the context passed in holds it: ", var_export(isset(stream_context_get_options($ctx)['ssl']['peer_certificate']), true), "\n";
    }
    $ssl = ['cafile' => getenv('CERT'), 'peer_name' => 'capture.test', 'capture_peer_cert' => true];
    $ctx = stream_context_create(['ssl' => $ssl]);
    $c = stream_socket_client('ssl://' . getenv('TLS'), $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    show('ssl://', $c, $ctx);
    fgets($c);

    $ctx = stream_context_create(['ssl' => $ssl]);
    $c = stream_socket_client('tcp://' . getenv('TCP'), $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    echo 'before STARTTLS: ', var_export(isset(stream_context_get_options($c)['ssl']['peer_certificate']), true), "\n";
    fgets($c);
    var_dump(stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
    show('STARTTLS', $c, $ctx);
    fgets($c);
    CHILD, ['TLS' => stream_socket_get_name($tlsServer, false), 'TCP' => stream_socket_get_name($tcpServer, false), 'CERT' => $cert]);

$conn = stream_socket_accept($tlsServer, 10);
fwrite($conn, "done\n");
$conn2 = stream_socket_accept($tcpServer, 10);
fwrite($conn2, "go\n");
var_dump(stream_socket_enable_crypto($conn2, true, STREAM_CRYPTO_METHOD_TLS_SERVER));
fwrite($conn2, "done\n");
// No capture_peer_cert here, and clients sent no certificate.
var_dump(isset(stream_context_get_options($conn)['ssl']['peer_certificate']));
while (($line = t_line($pipes[1], 10)) !== false) {
    echo $line;
}
echo t_stop($proc, $pipes);
?>
--EXPECT--
bool(true)
bool(false)
ssl://: OpenSSLCertificate CN=capture.test
ssl://: params hold it: true
ssl://: the context passed in holds it: true
before STARTTLS: false
bool(true)
STARTTLS: OpenSSLCertificate CN=capture.test
STARTTLS: params hold it: true
STARTTLS: the context passed in holds it: true
