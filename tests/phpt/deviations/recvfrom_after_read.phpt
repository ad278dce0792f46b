--TEST--
Deviation: stream_socket_recvfrom returns the bytes no read has returned yet, in order, after a short fread() (PHP skips the rest of fread's 8 KiB chunk); fgets' read-ahead is skipped as in PHP, also after a stream_select
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);
stream_set_blocking($conn, false);

function ready($s): int {
    $r = [$s];
    $w = $e = null;
    return stream_select($r, $w, $e, 2);
}

fwrite($client, "hello world");
usleep(20000);
var_dump(fread($conn, 5));
var_dump(stream_socket_recvfrom($conn, 100));   // PHP: false, " world" waits in its buffer

fwrite($client, "line\nrest");
usleep(20000);
var_dump(fgets($conn));
var_dump(ready($conn));
var_dump(stream_socket_recvfrom($conn, 100));   // false, as PHP: "rest" waits in the buffer (a select leaves it there)
var_dump(fread($conn, 100));
?>
--EXPECT--
string(5) "hello"
string(6) " world"
string(5) "line
"
int(1)
bool(false)
string(4) "rest"
