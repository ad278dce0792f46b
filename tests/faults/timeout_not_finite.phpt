--TEST--
Issue 8 item 7: NAN, INF and -INF as timeouts throw as PHP 8.2 does (ValueError from stream_socket_accept and stream_socket_client, TypeError from the int timeouts of stream_select and stream_set_timeout) and do nothing else
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

/** Runs $f and prints what it threw; E6: a TypeError of a shim function names GoStream\ and adds "called in". */
function attempt(string $what, callable $f): void
{
    try {
        $r = $f();
        echo "$what: no exception, returned ", \is_resource($r) ? 'a resource' : \var_export($r, true), "\n";
    } catch (\Throwable $e) {
        $msg = \preg_replace(['/^GoStream\\\\/', '/, called in .*$/'], '', $e->getMessage());
        echo "$what: ", \get_class($e), ': ', $msg, "\n";
    }
}

$server = stream_socket_server('tcp://127.0.0.1:0');
$address = 'tcp://' . stream_socket_get_name($server, false);
foreach (['NAN' => NAN, 'INF' => INF, '-INF' => -INF] as $name => $t) {
    echo "== $name\n";
    attempt('accept', fn () => stream_socket_accept($server, $t));
    $errno = 7;
    $errstr = 'untouched';
    attempt('client', function () use ($address, $t, &$errno, &$errstr) {
        return stream_socket_client($address, $errno, $errstr, $t);
    });
    echo "client errno/errstr: $errno $errstr\n";
    attempt('select seconds', function () use ($server, $t) {
        $r = [$server];
        $w = $e = null;
        return stream_select($r, $w, $e, $t);
    });
    attempt('select microseconds', function () use ($server, $t) {
        $r = [$server];
        $w = $e = null;
        return stream_select($r, $w, $e, 0, $t);
    });
    attempt('set_timeout seconds', fn () => stream_set_timeout($server, $t));
    attempt('set_timeout microseconds', fn () => stream_set_timeout($server, 1, $t));
}

echo "== nothing was connected or waited for\n";
$r = [$server];
$w = $e = null;
var_dump(stream_select($r, $w, $e, 0));
// A ValueError throws before the stream is even looked at, as in PHP.
$closed = stream_socket_server('tcp://127.0.0.1:0');
fclose($closed);
attempt('accept on a closed stream', fn () => stream_socket_accept($closed, NAN));
$client = stream_socket_client($address, $errno, $errstr, 5);
var_dump(\is_resource(stream_socket_accept($server, 5)));
?>
--EXPECT--
== NAN
accept: ValueError: stream_socket_accept(): Argument #2 ($timeout) must be a finite value
client: ValueError: stream_socket_client(): Argument #4 ($timeout) must be a finite value
client errno/errstr: 7 untouched
select seconds: TypeError: stream_select(): Argument #4 ($seconds) must be of type ?int, float given
select microseconds: TypeError: stream_select(): Argument #5 ($microseconds) must be of type ?int, float given
set_timeout seconds: TypeError: stream_set_timeout(): Argument #2 ($seconds) must be of type int, float given
set_timeout microseconds: TypeError: stream_set_timeout(): Argument #3 ($microseconds) must be of type int, float given
== INF
accept: ValueError: stream_socket_accept(): Argument #2 ($timeout) must be a finite value
client: ValueError: stream_socket_client(): Argument #4 ($timeout) must be a finite value
client errno/errstr: 7 untouched
select seconds: TypeError: stream_select(): Argument #4 ($seconds) must be of type ?int, float given
select microseconds: TypeError: stream_select(): Argument #5 ($microseconds) must be of type ?int, float given
set_timeout seconds: TypeError: stream_set_timeout(): Argument #2 ($seconds) must be of type int, float given
set_timeout microseconds: TypeError: stream_set_timeout(): Argument #3 ($microseconds) must be of type int, float given
== -INF
accept: ValueError: stream_socket_accept(): Argument #2 ($timeout) must be a finite value
client: ValueError: stream_socket_client(): Argument #4 ($timeout) must be a finite value
client errno/errstr: 7 untouched
select seconds: TypeError: stream_select(): Argument #4 ($seconds) must be of type ?int, float given
select microseconds: TypeError: stream_select(): Argument #5 ($microseconds) must be of type ?int, float given
set_timeout seconds: TypeError: stream_set_timeout(): Argument #2 ($seconds) must be of type int, float given
set_timeout microseconds: TypeError: stream_set_timeout(): Argument #3 ($microseconds) must be of type int, float given
== nothing was connected or waited for
int(0)
accept on a closed stream: ValueError: stream_socket_accept(): Argument #2 ($timeout) must be a finite value
bool(true)
