--TEST--
Deviations S1, S3, S9, S10: backlog defaults to the kernel maximum, sockets are close-on-exec, PERSISTENT gives an ordinary connection, feof() on a listener is false
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip gostream deviation: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

function sockets(): array {   // socket inodes this process holds
    $out = [];
    foreach (scandir('/proc/self/fd') as $f) {
        $l = @readlink("/proc/self/fd/$f");
        if ($l !== false && str_starts_with($l, 'socket:')) {
            $out[] = $l;
        }
    }
    return $out;
}
$before = sockets();

// S1: the listen backlog (ss shows it as Send-Q of a listener).
$default = stream_socket_server('tcp://127.0.0.1:0');
$small = stream_socket_server('tcp://127.0.0.1:0', $e, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['socket' => ['backlog' => 7]]));
function backlog($srv): int {
    $port = explode(':', stream_socket_get_name($srv, false))[1];
    $out = shell_exec("ss -Hltn 'sport = :$port'");
    return (int)preg_split('/\s+/', trim((string)$out))[2];
}
$max = (int)file_get_contents('/proc/sys/net/core/somaxconn');
var_dump(backlog($default) === $max, backlog($small));

// S3: a child started by the shell inherits none of our sockets (the test
// runner's own may be there: only ours are compared).
$name = stream_socket_get_name($default, false);
$ours = array_diff(sockets(), $before);
$child = shell_exec(PHP_BINARY . ' -r \'foreach (scandir("/proc/self/fd") as $f) { $l = @readlink("/proc/self/fd/$f"); if ($l && str_starts_with($l, "socket:")) echo $l, "\n"; }\'');
var_dump(count($ours) >= 2, array_values(array_intersect($ours, explode("\n", trim((string)$child)))));

// S9: a persistent client is an ordinary connection that works.
$c = stream_socket_client("tcp://$name", $e, $es, 5, STREAM_CLIENT_CONNECT | STREAM_CLIENT_PERSISTENT);
$a = stream_socket_accept($default, 5);
fwrite($c, "hi");
var_dump(fread($a, 10));

// S10: a listener with a connection waiting is not at end of stream.
$c2 = stream_socket_client("tcp://$name", $e, $es, 5);
usleep(20000);
var_dump(feof($default));
?>
--EXPECT--
bool(true)
int(7)
bool(true)
array(0) {
}
string(2) "hi"
bool(false)
