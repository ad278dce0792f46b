--TEST--
Sockets do not support locking: stream_supports_lock() false, flock() false without a warning, for every socket kind
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
foreach (['server' => $server, 'client' => $client, 'conn' => $conn, 'udp' => $udp, 'unix' => $unix] as $what => $s) {
    echo $what, ' supports_lock=', var_export(\stream_supports_lock($s), true),
        ' flock=', var_export(\flock($s, LOCK_EX | LOCK_NB, $wouldBlock), true),
        ' unlock=', var_export(\flock($s, LOCK_UN), true), "\n";
}
?>
--EXPECT--
server supports_lock=false flock=false unlock=false
client supports_lock=false flock=false unlock=false
conn supports_lock=false flock=false unlock=false
udp supports_lock=false flock=false unlock=false
unix supports_lock=false flock=false unlock=false
