--TEST--
First-class streams: PHP's own functions that take a stream (socket_import_stream, PHP's stream_select, stream_set_chunk_size, stream_is_local, stream_set_read/write_buffer, contexts) work on sockets as on PHP's own (issue 9)
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip ext/sockets not loaded'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$dir = t_tmpdir();
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);
$udp = stream_socket_server('udp://127.0.0.1:0', $e, $s, STREAM_SERVER_BIND);
$unix = stream_socket_server("unix://$dir/a.sock");

echo "-- buffers, chunk size, locality\n";
// The first call returns PHP's default chunk size (a framework checks it).
var_dump(\stream_set_chunk_size($client, 4096), \stream_set_chunk_size($client, 65536), \stream_set_chunk_size($conn, 100));
var_dump(\stream_set_write_buffer($client, 0), \stream_set_write_buffer($client, 8192));
var_dump(\stream_set_read_buffer($client, 0), \stream_set_read_buffer($conn, 0));
foreach (['server' => $server, 'client' => $client, 'conn' => $conn, 'udp' => $udp, 'unix' => $unix] as $what => $s) {
    echo "$what local=", var_export(\stream_is_local($s), true), "\n";
}

echo "-- socket_import_stream\n";
$sock = \socket_import_stream($client);
var_dump($sock instanceof \Socket);
var_dump(\socket_get_option($sock, SOL_TCP, TCP_NODELAY) === 0);
var_dump(\socket_set_option($sock, SOL_TCP, TCP_NODELAY, 1), \socket_get_option($sock, SOL_TCP, TCP_NODELAY));
var_dump(\socket_set_option($sock, SOL_SOCKET, SO_KEEPALIVE, 1), \socket_get_option($sock, SOL_SOCKET, SO_KEEPALIVE));
// A second import sees the option set through the first: one socket.
var_dump(\socket_get_option(\socket_import_stream($client), SOL_TCP, TCP_NODELAY));
$ls = \socket_import_stream($server);
var_dump(\socket_get_option($ls, SOL_SOCKET, 30 /* SO_ACCEPTCONN, which ext/sockets does not name */), \socket_get_option($ls, SOL_SOCKET, SO_TYPE) === SOCK_STREAM);
var_dump(\socket_get_option(\socket_import_stream($udp), SOL_SOCKET, SO_TYPE) === SOCK_DGRAM);
var_dump(\socket_get_option(\socket_import_stream($unix), SOL_SOCKET, 30 /* SO_ACCEPTCONN, which ext/sockets does not name */));
var_dump(\socket_getsockname(\socket_import_stream($conn), $addr), $addr);
// The stream still works after an import.
fwrite($client, "ping\n");
var_dump(fgets($conn));

echo "-- PHP's own stream_select\n";
$r = [$conn]; $w = $x = null;
var_dump(\stream_select($r, $w, $x, 0));
fwrite($client, "one\ntwo\n");
$r = ['k' => $conn]; $w = [7 => $client]; $x = [];
var_dump(\stream_select($r, $w, $x, 2), array_keys($r), $r['k'] === $conn, array_keys($w));
$r = [$server]; $w = $x = null;
var_dump(\stream_select($r, $w, $x, 0));
$late = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$r = [$server, $conn]; $w = $x = null;
var_dump(\stream_select($r, $w, $x, 2), $r === [$server, $conn]);
// Bytes read ahead by a line read (PHP's buffer natively, the library's
// through gostream) are readable to every select.
var_dump(fgets($conn));
$r = [$conn]; $w = $x = null;
var_dump(\stream_select($r, $w, $x, 2));
$r = [$conn]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2));
$r = [$conn]; $w = $x = null;
var_dump(\stream_select($r, $w, $x, 2));
var_dump(fgets($conn));
$r = [$conn]; $w = $x = null;
var_dump(\stream_select($r, $w, $x, 0));
// Bytes gostream's stream_select fetched from the kernel ahead of the
// read: PHP's select, after it, still reports them.
fwrite($client, "three\n");
$r = [$conn]; $w = $x = null;
var_dump(stream_select($r, $w, $x, 2));
$r = [$conn]; $w = $x = null;
var_dump(\stream_select($r, $w, $x, 2), fread($conn, 100));
// Peer gone: readable (end of stream).
fclose($client);
$r = [$conn]; $w = $x = null;
var_dump(\stream_select($r, $w, $x, 2), fread($conn, 10), feof($conn));

// Closing a stream PHP's functions took the descriptor of closes the
// connection (a copy of the descriptor must not keep it open).
$lateConn = stream_socket_accept($server, 5);
\socket_import_stream($lateConn);
$r = [$lateConn]; $w = [$lateConn]; $x = null;
\stream_select($r, $w, $x, 0);
fclose($lateConn);
stream_set_timeout($late, 2);
var_dump(fread($late, 10), feof($late));

echo "-- meta data\n";
foreach (['server' => $server, 'conn' => $conn, 'udp' => $udp, 'unix' => $unix, 'late' => $late] as $what => $s) {
    $m = stream_get_meta_data($s);
    echo "$what: {$m['stream_type']} seekable=", var_export($m['seekable'], true), "\n";
}

echo "-- contexts\n";
$ctx = stream_context_create(['socket' => ['tcp_nodelay' => true]]);
$c2 = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 5, STREAM_CLIENT_CONNECT, $ctx);
var_dump(stream_context_get_options($c2));
var_dump(stream_context_set_option($c2, 'socket', 'bindto', '127.0.0.1:0'));
var_dump(stream_context_get_options($ctx) === stream_context_get_options($c2));
var_dump(stream_context_get_options($conn));
?>
--EXPECT--
-- buffers, chunk size, locality
int(8192)
int(4096)
int(8192)
int(-1)
int(-1)
int(0)
int(0)
server local=false
client local=false
conn local=false
udp local=false
unix local=false
-- socket_import_stream
bool(true)
bool(true)
bool(true)
int(1)
bool(true)
int(1)
int(1)
int(1)
bool(true)
bool(true)
int(1)
bool(true)
string(9) "127.0.0.1"
string(5) "ping
"
-- PHP's own stream_select
int(0)
int(2)
array(1) {
  [0]=>
  string(1) "k"
}
bool(true)
array(1) {
  [0]=>
  int(7)
}
int(0)
int(2)
bool(true)
string(4) "one
"
int(1)
int(1)
int(1)
string(4) "two
"
int(0)
int(1)
int(1)
string(6) "three
"
int(1)
string(0) ""
bool(true)
string(0) ""
bool(true)
-- meta data
server: tcp_socket/ssl seekable=false
conn: tcp_socket/ssl seekable=false
udp: udp_socket seekable=false
unix: unix_socket seekable=false
late: tcp_socket/ssl seekable=false
-- contexts
array(1) {
  ["socket"]=>
  array(1) {
    ["tcp_nodelay"]=>
    bool(true)
  }
}
bool(true)
bool(true)
array(0) {
}
