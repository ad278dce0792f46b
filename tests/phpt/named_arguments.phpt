--TEST--
The stream functions take PHP 8.2's parameter names as named arguments
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$ctx = stream_context_create();
var_dump(stream_context_set_option(context: $ctx, wrapper_or_options: 'socket', option_name: 'backlog', value: 16));
var_dump(stream_context_set_option(context: $ctx, wrapper_or_options: ['socket' => ['tcp_nodelay' => true]]));
var_dump(stream_context_get_options(stream_or_context: $ctx));
$server = stream_socket_server(address: 'tcp://127.0.0.1:0', flags: STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, context: $ctx);
$client = stream_socket_client(address: 'tcp://' . stream_socket_get_name(socket: $server, remote: false), timeout: 5.0);
$conn = stream_socket_accept(socket: $server, timeout: 5, peer_name: $peer);
var_dump(is_string($peer));
var_dump(stream_set_blocking(stream: $conn, enable: true), stream_set_timeout(stream: $conn, seconds: 5, microseconds: 0));
var_dump(fwrite(stream: $client, data: "one\ntwo\n", length: 8), fputs(stream: $client, data: 'three'));
$r = [$conn];
$w = $e = null;
var_dump(stream_select(read: $r, write: $w, except: $e, seconds: 5, microseconds: 0));
var_dump(fgets(stream: $conn, length: 100), fread(stream: $conn, length: 4));
var_dump(stream_socket_sendto(socket: $client, data: '!', flags: 0), stream_socket_recvfrom(socket: $conn, length: 100, flags: STREAM_PEEK, address: $from));
var_dump(stream_socket_shutdown(stream: $client, mode: STREAM_SHUT_WR));
var_dump(stream_get_contents(stream: $conn, length: -1, offset: -1), feof(stream: $conn));
var_dump(stream_get_meta_data(stream: $conn)['eof'], stream_set_read_buffer(stream: $conn, size: 0));
var_dump(fclose(stream: $conn));
?>
--EXPECT--
bool(true)
bool(true)
array(1) {
  ["socket"]=>
  array(2) {
    ["backlog"]=>
    int(16)
    ["tcp_nodelay"]=>
    bool(true)
  }
}
bool(true)
bool(true)
bool(true)
int(8)
int(5)
int(1)
string(4) "one
"
string(4) "two
"
int(1)
string(1) "!"
bool(true)
string(6) "three!"
bool(true)
bool(true)
int(0)
bool(true)
