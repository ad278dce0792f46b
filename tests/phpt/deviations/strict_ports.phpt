--TEST--
Deviation: ports must be 0..65535 in digits (PHP takes atoi() cut to 16 bits: ":99999" binds 34463, ":abc" and ":/" bind a random port, ":80abc/" binds 80; a '/' after the digits ends the port, as in PHP)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

foreach (['tcp://127.0.0.1:99999', 'tcp://127.0.0.1:abc', 'tcp://127.0.0.1:80abc/foo', 'tcp://127.0.0.1:/', 'tcp://127.0.0.1: 5', 'tcp://127.0.0.1:-1', 'x://127.0.0.1:0'] as $address) {
    var_dump(stream_socket_server($address, $errno, $errstr), $errno);
}
var_dump(@stream_socket_client('tcp://127.0.0.1:70000', $errno, $errstr), $errstr);
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:99999 (Failed to parse address "127.0.0.1:99999": port "99999" is not a number from 0 to 65535) in %s on line %d
bool(false)
int(0)

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:abc (Failed to parse address "127.0.0.1:abc": port "abc" is not a number from 0 to 65535) in %s on line %d
bool(false)
int(0)

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:80abc/foo (Failed to parse address "127.0.0.1:80abc/foo": port "80abc/foo" is not a number from 0 to 65535) in %s on line %d
bool(false)
int(0)

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:/ (Failed to parse address "127.0.0.1:/": port "/" is not a number from 0 to 65535) in %s on line %d
bool(false)
int(0)

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1: 5 (Failed to parse address "127.0.0.1: 5": port " 5" is not a number from 0 to 65535) in %s on line %d
bool(false)
int(0)

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:-1 (Failed to parse address "127.0.0.1:-1": port "-1" is not a number from 0 to 65535) in %s on line %d
bool(false)
int(0)

Warning: stream_socket_server(): Unable to connect to x://127.0.0.1:0 (Failed to parse address "x://127.0.0.1:0": port "//127.0.0.1:0" is not a number from 0 to 65535) in %s on line %d
bool(false)
int(0)
bool(false)
string(87) "Failed to parse address "127.0.0.1:70000": port "70000" is not a number from 0 to 65535"
