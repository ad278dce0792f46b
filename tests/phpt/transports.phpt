--TEST--
stream_get_transports: PHP's list with OpenSSL, in PHP's order (tcp, udp, unix, udg, ssl, tls, tlsv1.0..tlsv1.3)
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$t = stream_get_transports();
var_dump(array_is_list($t));
echo implode(' ', $t), "\n";
?>
--EXPECT--
bool(true)
tcp udp unix udg ssl tls tlsv1.0 tlsv1.1 tlsv1.2 tlsv1.3
