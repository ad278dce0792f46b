--TEST--
stream_get_meta_data: PHP's keys in PHP's order, stream_type per transport, unread_bytes after fgets
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
var_dump(stream_get_meta_data($server));
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);

fwrite($client, "first\nsecond\n");
usleep(20000);
fgets($conn);
$meta = stream_get_meta_data($conn);
var_dump(array_keys($meta), $meta['unread_bytes']);
fgets($conn);
var_dump(stream_get_meta_data($conn)['unread_bytes']);

$dir = t_tmpdir();
$types = [
    'tcp client' => $client,
    'udp' => stream_socket_server('udp://127.0.0.1:0', $e, $s, STREAM_SERVER_BIND),
    'udp client' => stream_socket_client('udp://127.0.0.1:9'),
    'unix' => stream_socket_server("unix://$dir/a.sock"),
    'udg' => stream_socket_server("udg://$dir/b.sock", $e, $s, STREAM_SERVER_BIND),
    'pair' => stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0)[0],
    'tcp, no socket' => stream_socket_server('tcp://127.0.0.1:0', $e, $s, 0),
    'udp, no socket' => stream_socket_server('udp://127.0.0.1:0', $e, $s, 0),
    'async client' => stream_socket_client('tcp://' . stream_socket_get_name($server, false), $e, $s, 5, STREAM_CLIENT_ASYNC_CONNECT | STREAM_CLIENT_CONNECT),
];
foreach ($types as $what => $stream) {
    $m = stream_get_meta_data($stream);
    echo "$what: {$m['stream_type']} {$m['mode']} blocked=", var_export($m['blocked'], true), ' seekable=', var_export($m['seekable'], true), "\n";
}
?>
--EXPECT--
array(7) {
  ["timed_out"]=>
  bool(false)
  ["blocked"]=>
  bool(true)
  ["eof"]=>
  bool(false)
  ["stream_type"]=>
  string(14) "tcp_socket/ssl"
  ["mode"]=>
  string(2) "r+"
  ["unread_bytes"]=>
  int(0)
  ["seekable"]=>
  bool(false)
}
array(7) {
  [0]=>
  string(9) "timed_out"
  [1]=>
  string(7) "blocked"
  [2]=>
  string(3) "eof"
  [3]=>
  string(11) "stream_type"
  [4]=>
  string(4) "mode"
  [5]=>
  string(12) "unread_bytes"
  [6]=>
  string(8) "seekable"
}
int(7)
int(0)
tcp client: tcp_socket/ssl r+ blocked=true seekable=false
udp: udp_socket r+ blocked=true seekable=false
udp client: udp_socket r+ blocked=true seekable=false
unix: unix_socket r+ blocked=true seekable=false
udg: udg_socket r+ blocked=true seekable=false
pair: generic_socket r+ blocked=true seekable=false
tcp, no socket: tcp_socket/ssl r+ blocked=true seekable=false
udp, no socket: udp_socket r+ blocked=true seekable=false
async client: tcp_socket/ssl r+ blocked=true seekable=false
