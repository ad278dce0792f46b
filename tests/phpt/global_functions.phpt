--TEST--
PHP's global functions on the returned streams: fread/fwrite/fgets/feof/fclose, is_resource, (int), array_search, blocking and timeouts
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);

var_dump(\is_resource($conn), \get_resource_type($conn), \is_int((int) $conn));
var_dump(stream_set_read_buffer($conn, 0));
$all = [$server, $client, $conn];
var_dump(\array_search($conn, $all, true), \in_array($client, $all, true));

var_dump(\fwrite($client, "one\ntwo\nthree\n"));
usleep(20000);
var_dump(\fgets($conn));
// Mixing: the namespaced functions see what the global fgets() left buffered.
var_dump(stream_get_meta_data($conn)['unread_bytes']);
$r = [$conn];
$w = $e = null;
var_dump(stream_select($r, $w, $e, 0));
var_dump(fgets($conn), \fread($conn, 6));
var_dump(stream_get_meta_data($conn)['unread_bytes']);

var_dump(\fputs($conn, 'reply'), \fread($client, 100));
var_dump(\stream_set_blocking($conn, false), \fread($conn, 10));
var_dump(\stream_set_blocking($conn, true));
var_dump(\stream_set_timeout($conn, 0, 100000));
$t = microtime(true);
var_dump(\fread($conn, 10));
var_dump(microtime(true) - $t < 1.5);
var_dump(\feof($conn));

\fclose($client);
usleep(20000);
var_dump(\fread($conn, 10), \feof($conn));
var_dump(\fclose($conn), \is_resource($conn));
try {
    \fread($conn, 1);
} catch (\TypeError $t) {
    echo $t->getMessage(), "\n";
}
try {
    fread($conn, 1);
} catch (\TypeError $t) {
    echo $t->getMessage(), "\n";
}
try {
    fwrite($conn, 'x');
} catch (\TypeError $t) {
    echo $t->getMessage(), "\n";
}
try {
    feof('not a stream');
} catch (\TypeError $t) {
    echo $t->getMessage(), "\n";
}
try {
    fread($server, 0);
} catch (\ValueError $t) {
    echo $t->getMessage(), "\n";
}
?>
--EXPECT--
bool(true)
string(6) "stream"
bool(true)
int(0)
int(2)
bool(true)
int(14)
string(4) "one
"
int(10)
int(1)
string(4) "two
"
string(6) "three
"
int(0)
int(5)
string(5) "reply"
bool(true)
string(0) ""
bool(true)
bool(true)
bool(false)
bool(true)
bool(false)
string(0) ""
bool(true)
bool(true)
bool(false)
fread(): supplied resource is not a valid stream resource
fread(): supplied resource is not a valid stream resource
fwrite(): supplied resource is not a valid stream resource
feof(): Argument #1 ($stream) must be of type resource, string given
fread(): Argument #2 ($length) must be greater than 0
