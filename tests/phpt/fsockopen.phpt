--TEST--
fsockopen: "$hostname:$port" (the hostname alone for a port of 0 or less), tcp by default, udp and unix too; failures warn "Unable to connect to $hostname:$port" as given and fill $error_code and $error_message; the default context is not used
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$dir = t_tmpdir();
stream_context_set_default(['socket' => ['bindto' => '127.0.0.2:0']]);
$server = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(stream_socket_get_name($server, false), strlen('127.0.0.1:'));

echo "-- host and port\n";
$c = fsockopen('127.0.0.1', $port, $errno, $errstr, 5);
var_dump(get_resource_type($c), $errno, $errstr);
$conn = stream_socket_accept($server, 5);
var_dump(fwrite($c, "ping\n"), fgets($conn));
// Not the default context's bindto: PHP's fsockopen() takes no context.
var_dump(stream_socket_get_name($conn, true) === stream_socket_get_name($c, false), str_starts_with(stream_socket_get_name($c, false), '127.0.0.1:'));
var_dump(stream_get_meta_data($c)['stream_type']);
fclose($c);

echo "-- scheme in the hostname\n";
$c = fsockopen("tcp://127.0.0.1:$port", 0);
var_dump(is_resource($c));
$c = fsockopen('udp://127.0.0.1', $port);
var_dump(stream_get_meta_data($c)['stream_type']);

echo "-- unix\n";
$unix = stream_socket_server("unix://$dir/s.sock");
$c = fsockopen("unix://$dir/s.sock");
var_dump(stream_get_meta_data($c)['stream_type']);

echo "-- failures\n";
$closed = stream_socket_server('tcp://127.0.0.1:0');
$free = (int) substr(stream_socket_get_name($closed, false), strlen('127.0.0.1:'));
fclose($closed);
var_dump(fsockopen('127.0.0.1', $free, $errno, $errstr, 5), $errno, $errstr);
var_dump(fsockopen("tcp://127.0.0.1:$free", -1, $errno, $errstr, 5), $errno);
var_dump(fsockopen("unix://$dir/none.sock", 0, $errno, $errstr), $errno, $errstr);
var_dump(fsockopen('nohost.invalid', 80, $errno, $errstr, 5), $errno);
?>
--EXPECTF--
-- host and port
string(6) "stream"
int(0)
string(0) ""
int(5)
string(5) "ping
"
bool(true)
bool(true)
string(14) "tcp_socket/ssl"
-- scheme in the hostname
bool(true)
string(10) "udp_socket"
-- unix
string(11) "unix_socket"
-- failures

Warning: fsockopen(): Unable to connect to 127.0.0.1:%d (Connection refused) in %s on line %d
bool(false)
int(111)
string(18) "Connection refused"

Warning: fsockopen(): Unable to connect to tcp://127.0.0.1:%d:-1 (Connection refused) in %s on line %d
bool(false)
int(111)

Warning: fsockopen(): Unable to connect to unix://%s/none.sock:0 (No such file or directory) in %s on line %d
bool(false)
int(2)
string(25) "No such file or directory"

Warning: fsockopen(): php_network_getaddresses: getaddrinfo for nohost.invalid failed: %s in %s on line %d

Warning: fsockopen(): Unable to connect to nohost.invalid:80 (php_network_getaddresses: getaddrinfo for nohost.invalid failed: %s) in %s on line %d
bool(false)
int(0)
