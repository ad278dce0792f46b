--TEST--
Deviation: a gostream stream dropped from stream_select's arrays without fclose() stays open until the next stream_select (PHP closes it as its last reference goes)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$peer = \stream_socket_client('tcp://' . stream_socket_get_name($server, false));   // PHP's own socket
\stream_set_blocking($peer, false);
$clients = [stream_socket_accept($server, 5)];

// Whether the peer sees the connection closed within $ms milliseconds.
function peer_sees_close($peer, int $ms): bool
{
    $deadline = hrtime(true) + $ms * 1000000;
    while (hrtime(true) < $deadline) {
        if (\fread($peer, 10) === '' && \feof($peer)) {
            return true;
        }
        usleep(5000);
    }
    return false;
}

$r = $clients;
$w = $e = null;
var_dump(stream_select($r, $w, $e, 0));
unset($clients[0], $r);                   // the last references of the script
var_dump(peer_sees_close($peer, 200));    // PHP: true

$r = [$server];
var_dump(stream_select($r, $w, $e, 0));   // other arrays: the kept request lets go
var_dump(peer_sees_close($peer, 2000));
?>
--EXPECT--
int(0)
bool(false)
int(0)
bool(true)
