--TEST--
udg: unix datagram server with STREAM_SERVER_BIND, recvfrom from a bound and an unbound peer
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$dir = t_tmpdir();
$path = "$dir/dg.sock";
$server = stream_socket_server("udg://$path", $errno, $errstr, STREAM_SERVER_BIND);
var_dump(get_resource_type($server), $errno, $errstr);
var_dump(stream_socket_get_name($server, false) === $path);
var_dump(stream_get_meta_data($server)['stream_type']);

// An unbound client: the sender has no name.
$client = stream_socket_client("udg://$path", $errno, $errstr);
var_dump(stream_get_meta_data($client)['stream_type']);
var_dump(fwrite($client, 'hello'));
$from = 'unset';
var_dump(stream_socket_recvfrom($server, 100, 0, $from), $from);

// Replies on the connected client's side; unix paths are no sendto() targets.
var_dump(stream_socket_sendto($server, 'x', 0, $path));
var_dump(fwrite($client, 'second'), fread($server, 100));
fclose($client);
fclose($server);
var_dump(file_exists($path));
?>
--EXPECTF--
string(6) "stream"
int(0)
string(0) ""
bool(true)
string(10) "udg_socket"
string(10) "udg_socket"
int(5)
string(5) "hello"
string(0) ""

Warning: stream_socket_sendto(): Failed to parse `%s/dg.sock' into a valid network address in %s on line %d
bool(false)
int(6)
string(6) "second"
bool(true)
