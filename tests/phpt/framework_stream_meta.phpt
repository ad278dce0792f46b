--TEST--
Framework style: what frameworks read back from their streams with PHP's functions: \stream_get_meta_data (AMPHP tells UDP and STDIO apart by stream_type, ReactPHP wants tcp_socket), \stream_set_chunk_size, \stream_set_read_buffer / \stream_set_write_buffer, \get_resource_type, on TCP, UDP and unix sockets and STDIO
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/framework.inc';

$dir = t_tmpdir();
$tcp = \stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$client = \stream_socket_client('tcp://' . \stream_socket_get_name($tcp, false), $errno, $errstr, 5);
$conn = \stream_socket_accept($tcp, 5);
$udp = \stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
$udpClient = \stream_socket_client('udp://' . \stream_socket_get_name($udp, false), $errno, $errstr, 5);
$unix = \stream_socket_server("unix://$dir/s.sock", $errno, $errstr);
$unixClient = \stream_socket_client("unix://$dir/s.sock", $errno, $errstr, 5);
$streams = ['tcp server' => $tcp, 'tcp client' => $client, 'tcp accepted' => $conn, 'udp server' => $udp,
    'udp client' => $udpClient, 'unix server' => $unix, 'unix client' => $unixClient, 'STDERR' => STDERR];

foreach ($streams as $name => $s) {
    $m = \stream_get_meta_data($s);
    printf("%s: %s mode=%s seekable=%s blocked=%s timed_out=%s eof=%s unread=%d keys=%s\n", $name, $m['stream_type'], $m['mode'],
        var_export($m['seekable'], true), var_export($m['blocked'], true), var_export($m['timed_out'], true),
        var_export($m['eof'], true), $m['unread_bytes'], implode(',', array_keys($m)));
    printf("  chunk %s then %s, read buffer %s, write buffer %s, %s\n",
        var_export(\stream_set_chunk_size($s, 16384), true), var_export(\stream_set_chunk_size($s, 8192), true),
        var_export(\stream_set_read_buffer($s, 0), true), var_export(\stream_set_write_buffer($s, 0), true),
        \get_resource_type($s));
}

// The values follow the stream's state.
\stream_set_blocking($conn, false);
\stream_set_timeout($client, 0, 100000);
\fread($client, 10);
\fwrite($client, "one\ntwo\n");
usleep(50000);
\fgets($conn);
\fclose($client);
usleep(50000);
var_dump(\fread($conn, 100), \fread($conn, 100));
$m = \stream_get_meta_data($conn);
printf("accepted after reads: blocked=%s eof=%s unread=%d\n", var_export($m['blocked'], true), var_export($m['eof'], true), $m['unread_bytes']);
var_dump(\Fw\engine($conn) === \Fw\expectedEngine());
?>
--EXPECT--
tcp server: tcp_socket/ssl mode=r+ seekable=false blocked=true timed_out=false eof=false unread=0 keys=timed_out,blocked,eof,stream_type,mode,unread_bytes,seekable
  chunk 8192 then 16384, read buffer 0, write buffer -1, stream
tcp client: tcp_socket/ssl mode=r+ seekable=false blocked=true timed_out=false eof=false unread=0 keys=timed_out,blocked,eof,stream_type,mode,unread_bytes,seekable
  chunk 8192 then 16384, read buffer 0, write buffer -1, stream
tcp accepted: tcp_socket/ssl mode=r+ seekable=false blocked=true timed_out=false eof=false unread=0 keys=timed_out,blocked,eof,stream_type,mode,unread_bytes,seekable
  chunk 8192 then 16384, read buffer 0, write buffer -1, stream
udp server: udp_socket mode=r+ seekable=false blocked=true timed_out=false eof=false unread=0 keys=timed_out,blocked,eof,stream_type,mode,unread_bytes,seekable
  chunk 8192 then 16384, read buffer 0, write buffer -1, stream
udp client: udp_socket mode=r+ seekable=false blocked=true timed_out=false eof=false unread=0 keys=timed_out,blocked,eof,stream_type,mode,unread_bytes,seekable
  chunk 8192 then 16384, read buffer 0, write buffer -1, stream
unix server: unix_socket mode=r+ seekable=false blocked=true timed_out=false eof=false unread=0 keys=timed_out,blocked,eof,stream_type,mode,unread_bytes,seekable
  chunk 8192 then 16384, read buffer 0, write buffer -1, stream
unix client: unix_socket mode=r+ seekable=false blocked=true timed_out=false eof=false unread=0 keys=timed_out,blocked,eof,stream_type,mode,unread_bytes,seekable
  chunk 8192 then 16384, read buffer 0, write buffer -1, stream
STDERR: STDIO mode=wb seekable=false blocked=true timed_out=false eof=false unread=0 keys=timed_out,blocked,eof,wrapper_type,stream_type,mode,unread_bytes,seekable,uri
  chunk 8192 then 16384, read buffer 0, write buffer 0, stream
string(4) "two
"
string(0) ""
accepted after reads: blocked=false eof=true unread=0
bool(true)