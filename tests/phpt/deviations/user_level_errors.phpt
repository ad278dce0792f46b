--TEST--
Deviation: warnings and notices are E_USER_WARNING / E_USER_NOTICE raised in the shim (same text; error handlers see the user level and the shim's file)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

@stream_socket_server('tcp://127.0.0.1', $errno, $errstr);
$e = error_get_last();
var_dump($e['type'] === E_USER_WARNING, $e['message'], str_contains($e['file'], 'php-ext'));
?>
--EXPECT--
bool(true)
string(98) "stream_socket_server(): Unable to connect to tcp://127.0.0.1 (Failed to parse address "127.0.0.1")"
bool(true)
