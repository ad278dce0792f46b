--TEST--
Deviation: stream_get_transports() lists only what gostream serves (PHP with OpenSSL adds ssl, tls, tlsv1.0..tlsv1.3) until TLS lands
--SKIPIF--
<?php if (getenv('GOSTREAM_TEST_MODE') !== 'shim') die('skip gostream deviation: shim mode only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
var_dump(stream_get_transports() === ['tcp', 'udp', 'unix', 'udg']);
?>
--EXPECT--
bool(true)
