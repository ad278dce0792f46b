--TEST--
Fault: an address with a '/' after the port ("tcp://[::1]:1337/", as URLs are written) binds and connects to that port, as in PHP; the ports PHP misreads stay refused (deviation E3, strict_ports.phpt)
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$port = t_free_port();
foreach (["tcp://127.0.0.1:$port/", "tcp://127.0.0.1:$port/a/b:c?d", "127.0.0.1:$port//"] as $address) {
    $server = stream_socket_server($address, $errno, $errstr);
    var_dump(stream_socket_get_name($server, false) === "127.0.0.1:$port");
    $client = stream_socket_client($address, $errno, $errstr, 5);
    var_dump(stream_socket_get_name($client, true) === "127.0.0.1:$port");
    fclose($client);
    fclose($server);
}
$server = @stream_socket_server('tcp://[::1]:0/');
var_dump($server === false || preg_match('/^\[::1\]:[1-9]\d*$/', stream_socket_get_name($server, false)) === 1);
$udp = stream_socket_server('udp://127.0.0.1:0/', $errno, $errstr, STREAM_SERVER_BIND);
var_dump(preg_match('/^127\.0\.0\.1:[1-9]\d*$/', stream_socket_get_name($udp, false)));

?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
int(1)
