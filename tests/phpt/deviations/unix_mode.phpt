--TEST--
Deviation (addition): the socket.unix_mode context option gives the socket file a mode regardless of umask (PHP has no such option)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$dir = t_tmpdir();
umask(022);
foreach (['0660', '600', 0640, 0777] as $mode) {
    $path = "$dir/m" . decoct(is_int($mode) ? $mode : octdec($mode)) . '.sock';
    $s = stream_socket_server("unix://$path", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['socket' => ['unix_mode' => $mode]]));
    clearstatcache();
    printf("%s %o\n", var_export($mode, true), fileperms($path) & 0777);
}
// Without the option: 0777 & ~umask, as PHP.
stream_socket_server("unix://$dir/plain.sock");
printf("plain %o\n", fileperms("$dir/plain.sock") & 0777);
var_dump(@stream_socket_server("unix://$dir/bad.sock", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['socket' => ['unix_mode' => 'rw-']])), $errstr);
?>
--EXPECT--
'0660' 660
'600' 600
416 640
511 777
plain 755
bool(false)
string(55) "socket option unix_mode "rw-" is not an octal file mode"
