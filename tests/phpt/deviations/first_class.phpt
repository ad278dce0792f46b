--TEST--
Deviation: PHP's own functions on gostream streams (issue 9): a TLS listener wakes PHP's select once a handshake has finished; a stream with held bytes is writable to it; its descriptor copies are close-on-exec; an encrypted stream's refused import warns "user-space"; allow_url_fopen=0 makes stream_is_local true
--SKIPIF--
<?php
if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only');
if (!extension_loaded('sockets') || !extension_loaded('openssl')) die('skip sockets and openssl needed');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../tls_helpers.inc';

// PHP's own stream_select in either mode (in whole mode the global name is gostream's).
function php_select(array $read, array $write): int|false
{
    $except = null;
    return Native::stream_select($read, $write, $except, 0, 300000);
}

// Sockets an exec'd child inherits (run-tests.php's own, when it runs tests in parallel, are there from the start).
function inherited_sockets(): int
{
    $child = proc_open(['sh', '-c', 'ls -l /proc/$$/fd | grep -c socket:'], [1 => ['pipe', 'w']], $out);
    $n = (int) trim(stream_get_contents($out[1]));
    proc_close($child);
    return $n;
}
$inheritedAtStart = inherited_sockets();

echo "-- T3: a TLS listener is readable to PHP's select once a handshake has finished\n";
$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key]]));
$addr = stream_socket_get_name($server, false);
$plain = \stream_socket_client("tcp://$addr"); // PHP's own client: connects, never handshakes
var_dump(php_select([$server], [])); // PHP: 1 (the TCP connection), then accept blocks in the handshake
$tls = \stream_socket_client("ssl://$addr", $e, $s, 5, STREAM_CLIENT_CONNECT,
    stream_context_create(['ssl' => ['cafile' => $cert, 'peer_name' => 'localhost']]));
var_dump(php_select([$server], []), is_resource(stream_socket_accept($server, 5)));
fclose($plain); // PHP's own sockets (in shim mode) are inherited by exec'd children
fclose($tls);

echo "-- S15: an encrypted stream's socket is refused, in the wrapper's words\n";
var_dump(\socket_import_stream($server)); // the listener itself lends its socket
[$proc, $pipes] = tls_child(<<<'CHILD'
    $c = \stream_socket_client('ssl://' . getenv('ADDR'), $e, $s, 5, STREAM_CLIENT_CONNECT,
        stream_context_create(['ssl' => ['cafile' => getenv('CERT'), 'peer_name' => 'localhost']]));
    echo fgets($c);
    CHILD, ['ADDR' => $addr, 'CERT' => $cert, 'GOSTREAM_TEST_MODE' => 'native']);
$conn = stream_socket_accept($server, 10);
var_dump(\socket_import_stream($conn));
fwrite($conn, "bye\n");
echo t_line($pipes[1], 10);
echo t_stop($proc, $pipes);

echo "-- P6: held bytes make a stream writable to PHP's select\n";
$srv = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($srv, false));
$peer = stream_socket_accept($srv, 5);
fwrite($peer, "one\ntwo\n");
usleep(50000);
var_dump(fgets($client)); // "two\n" waits in the library
stream_set_blocking($client, false);
for ($i = 0; $i < 10000 && fwrite($client, str_repeat('x', 65536)) > 0; $i++);
var_dump(php_select([], [$client])); // the socket is full: PHP would say 0
var_dump(php_select([$client], [])); // and readable, as PHP
var_dump(fgets($client));
var_dump(php_select([], [$client])); // nothing held: the socket's own answer

echo "-- S3: PHP's copies of gostream descriptors are close-on-exec\n";
\socket_import_stream($srv);
$r = [$peer];
$w = $x = null;
Native::stream_select($r, $w, $x, 0, null);
echo 'sockets an exec\'d child inherits: ', inherited_sockets() - $inheritedAtStart, "\n";

echo "-- S14: allow_url_fopen=0 makes stream_is_local() true\n";
$code = 'require ' . var_export(__DIR__ . '/../../../php-ext/gostream.php', true) . ';'
    . ' $s = GoStream\stream_socket_server("tcp://127.0.0.1:0"); var_dump(stream_is_local($s), stream_set_chunk_size($s, 1));';
foreach (['1', '0'] as $on) {
    $p = proc_open([PHP_BINARY, '-n', '-d', 'extension=ffi', '-d', 'ffi.enable=1', '-d', "allow_url_fopen=$on", '-r', $code], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $io);
    echo "allow_url_fopen=$on: ", str_replace("\n", ' ', trim(stream_get_contents($io[1]) . stream_get_contents($io[2]))), "\n";
    proc_close($p);
}
?>
--EXPECTF--
-- T3: a TLS listener is readable to PHP's select once a handshake has finished
int(0)
int(1)
bool(true)
-- S15: an encrypted stream's socket is refused, in the wrapper's words
object(Socket)#%d (0) {
}

Warning: socket_import_stream(): Cannot represent a stream of type user-space as a Socket Descriptor in %s on line %d
bool(false)
bye
-- P6: held bytes make a stream writable to PHP's select
string(4) "one
"
int(1)
int(1)
string(4) "two
"
int(0)
-- S3: PHP's copies of gostream descriptors are close-on-exec
sockets an exec'd child inherits: 0
-- S14: allow_url_fopen=0 makes stream_is_local() true
allow_url_fopen=1: bool(false) int(8192)
allow_url_fopen=0: bool(true) int(8192)
