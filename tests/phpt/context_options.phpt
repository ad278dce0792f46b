--TEST--
Contexts: socket options, the default context, FILE_NO_DEFAULT_CONTEXT, accepted streams share the listener's context, bad contexts
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$reuse = stream_context_create(['socket' => ['so_reuseport' => true]]);
$a = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $reuse);
$addr = stream_socket_get_name($a, false);
$b = stream_socket_server("tcp://$addr", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $reuse);
var_dump(is_resource($b));
var_dump(@stream_socket_server("tcp://$addr"));

// The default context applies unless FILE_NO_DEFAULT_CONTEXT (16) is given.
stream_context_set_default(['socket' => ['so_reuseport' => true]]);
$c = stream_socket_server("tcp://$addr");
var_dump(is_resource($c));
var_dump(@stream_socket_server("tcp://$addr", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN | 16), $errstr);
stream_context_set_default(['socket' => ['so_reuseport' => false]]);

// ipv6_v6only keeps IPv4 clients out of [::].
if (@stream_socket_server('tcp://[::1]:0')) {
    $v6 = stream_socket_server('tcp://[::]:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['socket' => ['ipv6_v6only' => true]]));
    $port = substr(strrchr(stream_socket_get_name($v6, false), ':'), 1);
    var_dump(@stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 2), $errno);
} else {
    echo "bool(false)\nint(111)\n";
}

// The accepted stream shares the listener's context resource.
$ctx = stream_context_create(['socket' => ['backlog' => 8, 'tcp_nodelay' => true]]);
$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$cl = stream_socket_client('tcp://' . stream_socket_get_name($srv, false));
$conn = stream_socket_accept($srv, 5);
var_dump(stream_context_get_options($conn) === stream_context_get_options($ctx));
stream_context_set_option($ctx, 'socket', 'marker', 1);
var_dump(stream_context_get_options($conn)['socket']['marker']);

// Client options: bindto.
$bound = stream_socket_client('tcp://' . stream_socket_get_name($srv, false), $errno, $errstr, 5, STREAM_CLIENT_CONNECT,
    stream_context_create(['socket' => ['bindto' => '127.0.0.1:0']]));
var_dump(str_starts_with(stream_socket_get_name($bound, false), '127.0.0.1:'));

foreach (['string', 42, $cl] as $bad) {
    try {
        stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $bad);
    } catch (\TypeError $t) {
        echo $t->getMessage(), "\n";
    }
    try {
        stream_socket_client('tcp://127.0.0.1:9', $errno, $errstr, 1, STREAM_CLIENT_CONNECT, $bad);
    } catch (\TypeError $t) {
        echo $t->getMessage(), "\n";
    }
}
?>
--EXPECTF--
bool(true)
bool(false)
bool(true)
bool(false)
string(22) "Address already in use"
bool(false)
int(111)
bool(true)
int(1)
bool(true)
stream_socket_server(): Argument #5 ($context) must be of type resource or null, string given
stream_socket_client(): Argument #6 ($context) must be of type resource or null, string given
stream_socket_server(): Argument #5 ($context) must be of type resource or null, int given
stream_socket_client(): Argument #6 ($context) must be of type resource or null, int given
stream_socket_server(): supplied resource is not a valid Stream-Context resource

Warning: stream_socket_client(): Unable to connect to tcp://127.0.0.1:9 (Connection refused) in %s on line %d
stream_socket_client(): supplied resource is not a valid Stream-Context resource
