--TEST--
After stream_select reports data, stream_socket_recvfrom sees it as still in the kernel: STREAM_PEEK shows it, a plain recvfrom takes it (with or without $address), STREAM_OOB takes only urgent data
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

\fwrite($client, "hello");
usleep(20000);
var_dump(ready($conn));
var_dump(stream_socket_recvfrom($conn, 100, STREAM_PEEK));
var_dump(stream_socket_recvfrom($conn, 3, STREAM_PEEK));
var_dump(stream_socket_recvfrom($conn, 100));
var_dump(stream_socket_recvfrom($conn, 100));        // nothing left

// Part of the bytes, then the rest by fread; $address as for any TCP recvfrom.
\fwrite($client, "hello world");
usleep(20000);
var_dump(ready($conn));
$from = 'unset';
var_dump(stream_socket_recvfrom($conn, 5, 0, $from), $from);
var_dump(fread($conn, 100));

// Urgent data is not in the bytes select saw: STREAM_OOB takes it alone.
\fwrite($client, "data");
usleep(20000);
var_dump(ready($conn));
var_dump(stream_socket_recvfrom($conn, 10, STREAM_OOB));   // no urgent byte yet
stream_socket_sendto($client, '!', STREAM_OOB);
usleep(20000);
var_dump(stream_socket_recvfrom($conn, 1, STREAM_OOB));
var_dump(stream_socket_recvfrom($conn, 100));
?>
--EXPECT--
int(1)
string(5) "hello"
string(3) "hel"
string(5) "hello"
bool(false)
int(1)
string(5) "hello"
string(0) ""
string(6) " world"
int(1)
bool(false)
string(1) "!"
string(4) "data"
