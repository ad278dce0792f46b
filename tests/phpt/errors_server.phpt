--TEST--
stream_socket_server failures: warnings and $error_message as PHP words them
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

function attempt(string $address, int $flags = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN): void
{
    $errno = 'unset';
    $errstr = 'unset';
    $r = stream_socket_server($address, $errno, $errstr, $flags);
    // $errno: PHP 8.2 always leaves 0; gostream gives the real errno (see deviations/).
    echo "$address => ", var_export($r, true), " errno=", is_int($errno) ? 'int' : gettype($errno), " errstr=", var_export($errstr, true), "\n";
}

$busy = stream_socket_server('tcp://127.0.0.1:0');
$busyName = stream_socket_get_name($busy, false);
attempt("tcp://$busyName");
attempt('tcp://192.0.2.1:0');               // not a local address
attempt('tcp://gostream-test.invalid:0');   // does not resolve
attempt('foo://127.0.0.1:0');               // unknown transport
attempt('TCP://127.0.0.1:0');               // transport names are case-sensitive
attempt('tcp://127.0.0.1');                 // no port
attempt('127.0.0.1');                       // no scheme, no port
attempt('tcp://[::1]');                     // IPv6 without port
attempt('');                                // empty
attempt('tcp://:0');                        // empty host does not mean "any"
?>
--EXPECTF--
Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:%d (Address already in use) in %s on line %d
tcp://127.0.0.1:%d => false errno=int errstr='Address already in use'

Warning: stream_socket_server(): Unable to connect to tcp://192.0.2.1:0 (Cannot assign requested address) in %s on line %d
tcp://192.0.2.1:0 => false errno=int errstr='Cannot assign requested address'

Warning: stream_socket_server(): php_network_getaddresses: getaddrinfo for gostream-test.invalid failed: %s in %s on line %d

Warning: stream_socket_server(): Unable to connect to tcp://gostream-test.invalid:0 (php_network_getaddresses: getaddrinfo for gostream-test.invalid failed: %s) in %s on line %d
tcp://gostream-test.invalid:0 => false errno=int errstr='php_network_getaddresses: getaddrinfo for gostream-test.invalid failed: %s'

Warning: stream_socket_server(): Unable to connect to foo://127.0.0.1:0 (Unable to find the socket transport "foo" - did you forget to enable it when you configured PHP?) in %s on line %d
foo://127.0.0.1:0 => false errno=int errstr='Unable to find the socket transport "foo" - did you forget to enable it when you configured PHP?'

Warning: stream_socket_server(): Unable to connect to TCP://127.0.0.1:0 (Unable to find the socket transport "TCP" - did you forget to enable it when you configured PHP?) in %s on line %d
TCP://127.0.0.1:0 => false errno=int errstr='Unable to find the socket transport "TCP" - did you forget to enable it when you configured PHP?'

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1 (Failed to parse address "127.0.0.1") in %s on line %d
tcp://127.0.0.1 => false errno=int errstr='Failed to parse address "127.0.0.1"'

Warning: stream_socket_server(): Unable to connect to 127.0.0.1 (Failed to parse address "127.0.0.1") in %s on line %d
127.0.0.1 => false errno=int errstr='Failed to parse address "127.0.0.1"'

Warning: stream_socket_server(): Unable to connect to tcp://[::1] (Failed to parse IPv6 address "[::1]") in %s on line %d
tcp://[::1] => false errno=int errstr='Failed to parse IPv6 address "[::1]"'

Warning: stream_socket_server(): Unable to connect to  (Failed to parse address "") in %s on line %d
 => false errno=int errstr='Failed to parse address ""'

Warning: stream_socket_server(): php_network_getaddresses: getaddrinfo for  failed: %s in %s on line %d

Warning: stream_socket_server(): Unable to connect to tcp://:0 (php_network_getaddresses: getaddrinfo for  failed: %s) in %s on line %d
tcp://:0 => false errno=int errstr='php_network_getaddresses: getaddrinfo for  failed: %s'
