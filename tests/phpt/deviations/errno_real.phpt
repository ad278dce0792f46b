--TEST--
Deviation: $error_code carries the real errno for system errors where PHP 8.2 leaves 0 (0 still for address, resolver and transport errors)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$busy = stream_socket_server('tcp://127.0.0.1:0');
$cases = ['tcp://' . stream_socket_get_name($busy, false), 'tcp://192.0.2.1:0', 'udp://127.0.0.1:0', 'tcp://127.0.0.1', 'foo://x:1', 'tcp://gostream-test.invalid:0'];
foreach ($cases as $address) {
    @stream_socket_server($address, $errno, $errstr);
    echo "$errno $errstr\n";
}
?>
--EXPECTF--
98 Address already in use
99 Cannot assign requested address
95 Operation not supported (datagram sockets take STREAM_SERVER_BIND alone)
0 Failed to parse address "127.0.0.1"
0 Unable to find the socket transport "foo" - did you forget to enable it when you configured PHP?
0 php_network_getaddresses: getaddrinfo for gostream-test.invalid failed: %s
