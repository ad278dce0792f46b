--TEST--
Deviation: when a read returns the last bytes fgets() read ahead from a closed peer, stream_get_meta_data()['eof'] stays false until the next read or feof() (PHP reads the socket once more and reports it at once)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
fwrite($a, "line\nrest");
fclose($a);
stream_set_blocking($b, false);
var_dump(fgets($b), fread($b, 100), stream_get_meta_data($b)['eof']);
var_dump(fread($b, 100), stream_get_meta_data($b)['eof'], feof($b));
?>
--EXPECT--
string(5) "line
"
string(4) "rest"
bool(false)
string(0) ""
bool(true)
bool(true)
