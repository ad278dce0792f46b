--TEST--
Framework style: \socket_import_stream on listeners and connections (Workerman sets TCP_NODELAY and SO_KEEPALIVE on each; ReactPHP reads SO_ERROR after a failed asynchronous connect), the stream still carrying bytes after the import
--EXTENSIONS--
sockets
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/framework.inc';

$server = \stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$listener = \socket_import_stream($server);
var_dump($listener instanceof \Socket);
var_dump(\socket_set_option($listener, SOL_SOCKET, SO_REUSEADDR, 1), \socket_get_option($listener, SOL_SOCKET, SO_REUSEADDR) !== 0);
var_dump(\socket_getsockname($listener, $addr, $port), "$addr:$port" === \stream_socket_get_name($server, false));

$client = \stream_socket_client('tcp://' . \stream_socket_get_name($server, false), $errno, $errstr, 5);
$conn = \stream_socket_accept($server, 5);
$socket = \socket_import_stream($conn);
foreach ([[SOL_TCP, TCP_NODELAY], [SOL_SOCKET, SO_KEEPALIVE]] as [$level, $option]) {
    var_dump(\socket_get_option($socket, $level, $option), \socket_set_option($socket, $level, $option, 1), \socket_get_option($socket, $level, $option));
}
var_dump(\socket_getpeername($socket, $addr, $port), "$addr:$port" === \stream_socket_get_name($client, false));
// The stream goes on working after the import.
var_dump(\fwrite($client, "after import\n"), \fgets($conn));
var_dump(\fwrite($conn, "back\n"), \fgets($client));
var_dump(\Fw\engine($conn) === \Fw\expectedEngine());

// ReactPHP's TcpConnector: an asynchronous connect to a closed port, then
// writable, no peer name, and the reason from SO_ERROR.
$closed = t_free_port();
$async = \stream_socket_client("tcp://127.0.0.1:$closed", $errno, $errstr, 0, STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
var_dump(is_resource($async));
$r = $e = null;
$w = [$async];
var_dump(\stream_select($r, $w, $e, 5), \stream_socket_get_name($async, true));
$s = \socket_import_stream($async);
var_dump(\socket_get_option($s, SOL_SOCKET, SO_ERROR) === SOCKET_ECONNREFUSED);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
int(0)
bool(true)
int(1)
int(0)
bool(true)
int(1)
bool(true)
bool(true)
int(13)
string(13) "after import
"
int(5)
string(5) "back
"
bool(true)
bool(true)
int(1)
bool(false)
bool(true)
