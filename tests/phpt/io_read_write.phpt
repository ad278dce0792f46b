--TEST--
fread/fgets/fwrite/feof/stream_get_contents on accepted streams, partial lines, EOF after the peer closes
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);

var_dump(fwrite($client, "line one\nline two\nrest"));
usleep(20000);
var_dump(fgets($conn));
var_dump(fgets($conn, 5));          // at most 4 bytes
var_dump(fgets($conn));
var_dump(feof($conn));
// (Ask for what is buffered: PHP would wait for more, up to the timeout.)
var_dump(fread($conn, 2), fread($conn, 2));

// fputs is fwrite; a $length cuts the data; an empty write is 0.
var_dump(fputs($client, "abcdef", 3), fwrite($client, ''), fwrite($client, 'xyz', 0), fwrite($client, 'z', -1));
var_dump(fread($conn, 100));

// A long line arrives whole through fgets() without a length.
$long = str_repeat('0123456789', 20000) . "\n";
var_dump(fwrite($client, $long . "after\n"));
$got = '';
while (strlen($got) < strlen($long)) {
    $got .= fgets($conn);
}
var_dump($got === $long, fgets($conn));

// Bulk: what is written arrives, in order.
$bulk = random_bytes(300000);
var_dump(fwrite($client, $bulk));
$in = '';
while (strlen($in) < strlen($bulk)) {
    $in .= fread($conn, 65536);
}
var_dump($in === $bulk);

// The peer closes: the rest, then "" and feof.
fwrite($client, "last words\nno newline");
fclose($client);
var_dump(stream_get_contents($conn));
var_dump(feof($conn), fread($conn, 10), fgets($conn), stream_get_contents($conn));
var_dump(stream_get_meta_data($conn)['eof']);

// Writing to a closed peer fails with PHP's notice (EPIPE or ECONNRESET).
$c2 = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$a2 = stream_socket_accept($server, 5);
fclose($c2);
usleep(20000);
$results = [];
for ($i = 0; $i < 5 && ($r = @fwrite($a2, str_repeat('x', 1000))) !== false; $i++) {
    usleep(10000);
}
var_dump($r);
$err = error_get_last();
var_dump((bool) preg_match('/^fwrite\(\): Send of 1000 bytes failed with errno=(32 Broken pipe|104 Connection reset by peer)$/', $err['message']));

// stream_get_contents with a length.
$c3 = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$a3 = stream_socket_accept($server, 5);
fwrite($c3, '0123456789');
usleep(20000);
var_dump(stream_get_contents($a3, 4), stream_get_contents($a3, 0));
stream_set_blocking($a3, false);
var_dump(stream_get_contents($a3));
?>
--EXPECT--
int(22)
string(9) "line one
"
string(4) "line"
string(5) " two
"
bool(false)
string(2) "re"
string(2) "st"
int(3)
int(0)
int(0)
int(0)
string(3) "abc"
int(200007)
bool(true)
string(6) "after
"
int(300000)
bool(true)
string(21) "last words
no newline"
bool(true)
string(0) ""
bool(false)
string(0) ""
bool(true)
bool(false)
bool(true)
string(4) "0123"
string(0) ""
string(6) "456789"
