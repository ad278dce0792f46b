--TEST--
stream_socket_client failures: connect errors fill $error_code, the others leave 0
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

function attempt(string $address): void
{
    $errno = 'unset';
    $errstr = 'unset';
    $r = stream_socket_client($address, $errno, $errstr, 2);
    echo "$address => ", var_export($r, true), " errno=", var_export($errno, true), " errstr=", var_export($errstr, true), "\n";
}

// A port nobody listens on: bind one, close it.
$s = stream_socket_server('tcp://127.0.0.1:0');
$closed = stream_socket_get_name($s, false);
fclose($s);
attempt("tcp://$closed");
attempt("$closed");
$dir = t_tmpdir();
attempt("unix://$dir/none.sock");
attempt('tcp://gostream-test.invalid:80');
attempt("tcp://it's.invalid:80");           // the warning shows the address through addslashes()
attempt('foo://127.0.0.1:80');
attempt('tcp://127.0.0.1');
?>
--EXPECTF--
Warning: stream_socket_client(): Unable to connect to tcp://127.0.0.1:%d (Connection refused) in %s on line %d
tcp://127.0.0.1:%d => false errno=111 errstr='Connection refused'

Warning: stream_socket_client(): Unable to connect to 127.0.0.1:%d (Connection refused) in %s on line %d
127.0.0.1:%d => false errno=111 errstr='Connection refused'

Warning: stream_socket_client(): Unable to connect to unix://%s/none.sock (No such file or directory) in %s on line %d
unix://%s/none.sock => false errno=2 errstr='No such file or directory'

Warning: stream_socket_client(): php_network_getaddresses: getaddrinfo for gostream-test.invalid failed: %s in %s on line %d

Warning: stream_socket_client(): Unable to connect to tcp://gostream-test.invalid:80 (php_network_getaddresses: getaddrinfo for gostream-test.invalid failed: %s) in %s on line %d
tcp://gostream-test.invalid:80 => false errno=0 errstr='php_network_getaddresses: getaddrinfo for gostream-test.invalid failed: %s'

Warning: stream_socket_client(): php_network_getaddresses: getaddrinfo for it's.invalid failed: %s in %s on line %d

Warning: stream_socket_client(): Unable to connect to tcp://it\'s.invalid:80 (php_network_getaddresses: getaddrinfo for it's.invalid failed: %s) in %s on line %d
tcp://it's.invalid:80 => false errno=0 errstr='php_network_getaddresses: getaddrinfo for it\'s.invalid failed: %s'

Warning: stream_socket_client(): Unable to connect to foo://127.0.0.1:80 (Unable to find the socket transport "foo" - did you forget to enable it when you configured PHP?) in %s on line %d
foo://127.0.0.1:80 => false errno=0 errstr='Unable to find the socket transport "foo" - did you forget to enable it when you configured PHP?'

Warning: stream_socket_client(): Unable to connect to tcp://127.0.0.1 (Failed to parse address "127.0.0.1") in %s on line %d
tcp://127.0.0.1 => false errno=0 errstr='Failed to parse address "127.0.0.1"'
