--TEST--
Shim: a select loop that reads every byte its select fetched keeps stream_select's fast path (the block is sent as it is), and a fetch left unread takes it away until the general path has run; a stream closed with fetched bytes gets PHP's TypeError; each answer stays right
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip shim mechanics: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$server = stream_socket_server('tcp://127.0.0.1:0');
$name = stream_socket_get_name($server, false);
$ca = stream_socket_client("tcp://$name");
$a = stream_socket_accept($server, 5);
$cb = stream_socket_client("tcp://$name");
$b = stream_socket_accept($server, 5);
stream_set_blocking($a, false);
stream_set_blocking($b, false);

function sel(array $streams, int $seconds): string {
    $r = $streams;
    $w = $e = null;
    $n = stream_select($r, $w, $e, $seconds);
    return $n . ' [' . implode(',', array_keys($r)) . ']';
}
/** Whether the next select on equal arguments takes the fast path (its own test). */
function primed(): string {
    return SelectWait::$primed !== null && Stream::$fetchedAhead === [] && Stream::$phpBuffered === [] ? 'fast' : 'general';
}

$both = ['a' => $a, 'b' => $b];
echo sel($both, 0), ' ', primed(), "\n";           // primed by an idle call
for ($i = 0; $i < 3; $i++) {
    \fwrite($ca, "line $i\n");
    echo sel($both, 2), ' ', primed();              // the fetch suspends it
    echo ' ', json_encode(fgets($a)), ' ', primed(), "\n"; // all read: fast again
}
\fwrite($ca, "two\nlines\n");
usleep(20000);
echo sel($both, 2), ' ', json_encode(fgets($a)), ' ', primed(), "\n"; // "lines\n" given back: fast, the library reports it
echo sel($both, 0), ' ', json_encode(fgets($a)), ' ', primed(), "\n";
\fwrite($ca, "unread\n");
usleep(20000);
echo sel($both, 2), ' ', primed(), "\n";               // left unread
echo sel($both, 0), ' ', primed(), "\n";               // the general path marks it
echo json_encode(fread($a, 100)), ' ', sel($both, 0), ' ', primed(), "\n";
\fwrite($cb, "b\n");
usleep(20000);
echo sel($both, 2), "\n";
fclose($b);                                           // closed with fetched bytes unread: the kept block names it
try {
    sel($both, 0);
} catch (\TypeError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
0 [] fast
1 [a] general "line 0\n" fast
1 [a] general "line 1\n" fast
1 [a] general "line 2\n" fast
1 [a] "two\n" fast
1 [a] "lines\n" fast
1 [a] general
1 [a] general
"unread\n" 0 [] fast
1 [b]
TypeError: stream_select(): supplied resource is not a valid stream resource
