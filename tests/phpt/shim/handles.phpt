--TEST--
Shim: every way a stream ends (fclose, unset, end of scope, failed calls) closes its library handle
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip shim mechanics: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$base = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$open = fn () => Gateway::$ffi->gs_open_handles();
$start = $open();
var_dump($start, count(Stream::$open));

function session(): void
{
    $server = stream_socket_server('tcp://127.0.0.1:0');
    $clients = [];
    for ($i = 0; $i < 20; $i++) {
        $c = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
        $a = stream_socket_accept($server, 5);
        $clients[(int) $a] = [$a, $c];
        $r = [$a];
        $w = $e = null;
        stream_select($r, $w, $e, 0);
    }
    foreach (array_slice($clients, 0, 10, true) as $k => [$a, $c]) {
        fclose($a);
        unset($clients[$k]);
    }
    @stream_socket_server('tcp://127.0.0.1');
    @stream_socket_client('tcp://127.0.0.1:1');
}
session();
// stream_select keeps the arrays of its last call (to recognise a loop):
// their streams close at the next call, which this one is.
$r = [$base[0]];
$w = $e = null;
stream_select($r, $w, $e, 0);
var_dump($open() === $start, count(Stream::$open));

$p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
unset($p);
var_dump($open() === $start);
?>
--EXPECT--
int(2)
int(2)
bool(true)
int(2)
bool(true)
