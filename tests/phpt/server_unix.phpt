--TEST--
unix: server, accept, client, names, stream type; the socket file stays after fclose
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$dir = t_tmpdir();
$path = "$dir/s.sock";
$server = stream_socket_server("unix://$path", $errno, $errstr);
var_dump(get_resource_type($server), $errno, $errstr);
var_dump(filetype($path));
var_dump(stream_socket_get_name($server, false) === $path);
var_dump(stream_socket_get_name($server, true));
var_dump(stream_get_meta_data($server)['stream_type']);

$client = stream_socket_client("unix://$path", $errno, $errstr, 5);
$conn = stream_socket_accept($server, 5);
var_dump(get_resource_type($conn));
var_dump(stream_socket_get_name($client, true) === $path);
var_dump(stream_socket_get_name($client, false));   // unnamed client
var_dump(stream_socket_get_name($conn, false) === $path);
var_dump(stream_socket_get_name($conn, true));
var_dump(stream_get_meta_data($conn)['stream_type']);

fwrite($client, "over unix\n");
var_dump(fgets($conn));
fwrite($conn, 'back');
var_dump(fread($client, 10));

fclose($client);
fclose($conn);
fclose($server);
var_dump(file_exists($path));
unlink($path);

// A relative path is relative to the working directory, and reported as given.
chdir($dir);
$rel = stream_socket_server('unix://rel.sock');
var_dump(stream_socket_get_name($rel, false), file_exists("$dir/rel.sock"));
fclose($rel);
?>
--EXPECT--
string(6) "stream"
int(0)
string(0) ""
string(6) "socket"
bool(true)
bool(false)
string(11) "unix_socket"
string(6) "stream"
bool(true)
bool(false)
bool(true)
bool(false)
string(11) "unix_socket"
string(10) "over unix
"
string(4) "back"
bool(true)
string(8) "rel.sock"
bool(true)
