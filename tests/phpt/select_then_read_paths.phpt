--TEST--
After stream_select reports data, every read path returns it in order: fread, fgets, stream_get_contents, the global fread, feof and unread_bytes as if the bytes were still in the kernel
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

\fwrite($client, "one\ntwo\nthree");
usleep(20000);
var_dump(ready($conn));
var_dump(stream_get_meta_data($conn)['unread_bytes'], feof($conn));
var_dump(fread($conn, 2));          // part of what select saw
var_dump(fgets($conn));             // the rest of the line
var_dump(\fread($conn, 4));         // PHP's own fread on the same stream
var_dump(stream_get_contents($conn));

\fwrite($client, "tail");
\fclose($client);
usleep(20000);
var_dump(ready($conn));
var_dump(fread($conn, 100), fread($conn, 100), feof($conn));
?>
--EXPECT--
int(1)
int(0)
bool(false)
string(2) "on"
string(2) "e
"
string(4) "two
"
string(5) "three"
int(1)
string(4) "tail"
string(0) ""
bool(true)
