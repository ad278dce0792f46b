--TEST--
stream_socket_client with STREAM_CLIENT_ASYNC_CONNECT: returns at once, writable once connected (or failed)
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = stream_socket_get_name($server, false);
$errno = 'unset';
$c = stream_socket_client("tcp://$addr", $errno, $errstr, 5, STREAM_CLIENT_ASYNC_CONNECT | STREAM_CLIENT_CONNECT);
var_dump(get_resource_type($c), $errno, $errstr, stream_get_meta_data($c)['blocked']);
$r = $e = null;
$w = [$c];
var_dump(stream_select($r, $w, $e, 5));
var_dump(fwrite($c, "async\n"));
$conn = stream_socket_accept($server, 5);
var_dump(fgets($conn));

// A refused connection also shows as writable; the write then fails.
$s = stream_socket_server('tcp://127.0.0.1:0');
$gone = stream_socket_get_name($s, false);
fclose($s);
$c2 = stream_socket_client("tcp://$gone", $errno, $errstr, 5, STREAM_CLIENT_ASYNC_CONNECT | STREAM_CLIENT_CONNECT);
var_dump(get_resource_type($c2));
$w = [$c2];
var_dump(stream_select($r, $w, $e, 5));
var_dump(fwrite($c2, 'x'));
?>
--EXPECTF--
string(6) "stream"
int(0)
string(0) ""
bool(true)
int(1)
int(6)
string(6) "async
"
string(6) "stream"
int(1)

Notice: fwrite(): Send of 1 bytes failed with errno=111 Connection refused in %s on line %d
bool(false)
