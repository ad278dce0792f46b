--TEST--
Deviation T6: stream_socket_recvfrom/sendto on TLS streams read and write plaintext (PHP hands out raw records and corrupts the session); OOB and target addresses are refused
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
[$cert, $key] = tls_cert($dir);
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key]]));
// One process is enough here: the library runs the server's handshake off the PHP thread.
$client = stream_socket_client('ssl://' . stream_socket_get_name($server, false), $errno, $errstr, 5, STREAM_CLIENT_CONNECT,
    stream_context_create(['ssl' => ['cafile' => $cert, 'peer_name' => 'localhost']]));
$conn = stream_socket_accept($server, 5);
stream_set_timeout($client, 5);

var_dump(stream_socket_sendto($client, "sent with sendto\n"));
echo fgets($conn);
fwrite($conn, "written with fwrite\n");
var_dump(stream_socket_recvfrom($client, 100, STREAM_PEEK, $from), $from);
var_dump(stream_socket_recvfrom($client, 8));
var_dump(stream_socket_recvfrom($client, 100));

echo "-- refused on TLS streams\n";
var_dump(stream_socket_sendto($client, "x", STREAM_OOB));
var_dump(stream_socket_sendto($client, "x", 0, '127.0.0.1:9'));
var_dump(stream_socket_recvfrom($client, 10, STREAM_OOB));

echo "-- the session is intact\n";
fwrite($client, "still encrypted\n");
echo fgets($conn);
echo stream_get_meta_data($client)['crypto']['protocol'], "\n";
?>
--EXPECTF--
int(17)
sent with sendto
string(20) "written with fwrite
"
string(0) ""
string(8) "written "
string(12) "with fwrite
"
-- refused on TLS streams

Warning: stream_socket_sendto(): Operation not supported
 in %s on line %d
int(-1)

Warning: stream_socket_sendto(): Operation not supported
 in %s on line %d
int(-1)
bool(false)
-- the session is intact
still encrypted
TLSv1.3
