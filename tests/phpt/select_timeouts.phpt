--TEST--
stream_select: timeouts in seconds and microseconds (>= 1e6 carried), write readiness
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);

$r = [$pair[0]];
$w = $e = null;
$t = microtime(true);
var_dump(stream_select($r, $w, $e, 0, 300000));
$took = microtime(true) - $t;
var_dump($took >= 0.28 && $took < 1.5);

$r = [$pair[0]];
$t = microtime(true);
var_dump(stream_select($r, $w, $e, 0, 1200000));
$took = microtime(true) - $t;
var_dump($took >= 1.15 && $took < 2.5);

$r = [$pair[0]];
$t = microtime(true);
var_dump(stream_select($r, $w, $e, 1, 0));
$took = microtime(true) - $t;
var_dump($took >= 0.95 && $took < 2.5);

// Writable at once; null seconds (block) returns as soon as something is ready.
$r = null;
$w = ['a' => $pair[0], 'b' => $pair[1]];
var_dump(stream_select($r, $w, $e, null), array_keys($w));

// A full send buffer is not writable; reading on the other side makes it so.
stream_set_blocking($pair[0], false);
$chunk = str_repeat('.', 65536);
while (fwrite($pair[0], $chunk) > 0);
$w = [$pair[0]];
var_dump(stream_select($r, $w, $e, 0), $w);
stream_set_blocking($pair[1], false);
while (fread($pair[1], 65536) !== '');
$w = [$pair[0]];
var_dump(stream_select($r, $w, $e, 1));
?>
--EXPECT--
int(0)
bool(true)
int(0)
bool(true)
int(0)
bool(true)
int(2)
array(2) {
  [0]=>
  string(1) "a"
  [1]=>
  string(1) "b"
}
int(0)
array(0) {
}
int(1)
