--TEST--
Deviation S7: stream_get_transports() lists tlsv1.0 and tlsv1.1 as PHP does, but servers and clients on them fail at creation (TLS 1.2 is the minimum)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../tls_helpers.inc';

var_dump(stream_get_transports() === ['tcp', 'udp', 'unix', 'udg', 'ssl', 'tls', 'tlsv1.0', 'tlsv1.1', 'tlsv1.2', 'tlsv1.3']);
$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
$ctx = stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key, 'cafile' => $cert, 'peer_name' => 'localhost']]);
$plain = stream_socket_server('tcp://127.0.0.1:0');
$address = stream_socket_get_name($plain, false);
foreach (['tlsv1.0', 'tlsv1.1'] as $transport) {
    var_dump(stream_socket_server("$transport://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx), $errno, $errstr);
    var_dump(@stream_socket_client("$transport://$address", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx), $errno, $errstr);
}
?>
--EXPECTF--
bool(true)

Warning: stream_socket_server(): Unable to connect to tlsv1.0://127.0.0.1:0 (tlsv1.0:// is not supported: TLS 1.0 and 1.1 are insecure; use tlsv1.2:// or tls://) in %s on line %d
bool(false)
int(0)
string(83) "tlsv1.0:// is not supported: TLS 1.0 and 1.1 are insecure; use tlsv1.2:// or tls://"
bool(false)
int(0)
string(83) "tlsv1.0:// is not supported: TLS 1.0 and 1.1 are insecure; use tlsv1.2:// or tls://"

Warning: stream_socket_server(): Unable to connect to tlsv1.1://127.0.0.1:0 (tlsv1.1:// is not supported: TLS 1.0 and 1.1 are insecure; use tlsv1.2:// or tls://) in %s on line %d
bool(false)
int(0)
string(83) "tlsv1.1:// is not supported: TLS 1.0 and 1.1 are insecure; use tlsv1.2:// or tls://"
bool(false)
int(0)
string(83) "tlsv1.1:// is not supported: TLS 1.0 and 1.1 are insecure; use tlsv1.2:// or tls://"
