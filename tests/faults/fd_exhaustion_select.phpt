--TEST--
Issue 8 item 6: the first stream_select while no descriptor is free returns the ready count, as PHP's select(2) does (it failed with "Unable to select [24]"), and selects work again once descriptors are free
--EXTENSIONS--
posix
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/fd_helpers.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $errno, $errstr, 5);
$conn = stream_socket_accept($server, 5);
fwrite($client, 'one');

$held = fd_exhaust();
echo "exhausted\n";
$r = [$conn];
$w = [$client];
$e = null;
var_dump(stream_select($r, $w, $e, 5), count($r), count($w));
var_dump(fread($conn, 10));
$r = [$conn];
$w = $e = null;
var_dump(stream_select($r, $w, $e, 0));

fd_release($held);
echo "released\n";
fwrite($client, 'two');
$r = [$conn];
$w = $e = null;
var_dump(stream_select($r, $w, $e, 5), fread($conn, 10));
?>
--EXPECT--
exhausted
int(2)
int(1)
int(1)
string(3) "one"
int(0)
released
int(1)
string(3) "two"
