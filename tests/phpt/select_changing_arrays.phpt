--TEST--
stream_select: arrays that change between calls (entries taken out and put back, a key given another stream, duplicates, a stream moving between sets, arrays coming and going, closed streams)
--DESCRIPTION--
Event loops hand stream_select a slightly different array on every call;
gostream updates the request it kept from the last call instead of reading
every entry again (SelectDelta). Each answer here is PHP's.
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$names = [];
$peer = [];
$s = [];
foreach (['a', 'b', 'c', 'd', 'e'] as $name) {
    $p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    stream_set_blocking($p[0], false);
    $s[$name] = $p[0];
    $peer[$name] = $p[1];
    $names[(int) $p[0]] = $name;
}
// Prints the count and what is left of each array, key=stream name ("id"
// for a key that is the stream's resource id, which differs between modes).
$select = function (?array $r, ?array $w = null, ?array $e = null) use (&$names): void {
    $show = function (?array $a) use (&$names): string {
        if ($a === null) {
            return 'null';
        }
        $out = [];
        foreach ($a as $k => $v) {
            $out[] = ($k === (int) $v ? 'id' : $k) . '=' . ($names[(int) $v] ?? '?');
        }
        return '[' . implode(' ', $out) . ']';
    };
    try {
        $n = stream_select($r, $w, $e, 0);
        echo $n, ': r ', $show($r), ', w ', $show($w), ', e ', $show($e), "\n";
    } catch (\Throwable $t) {
        t_throwable($t);
    }
};
fwrite($peer['b'], 'x');
fwrite($peer['d'], 'y');

echo "-- a loop's array, keyed by id: a stream taken out and put back at the end\n";
$loop = [];
foreach ($s as $v) {
    $loop[(int) $v] = $v;
}
$select($loop);
unset($loop[(int) $s['b']]);
$select($loop);
$loop[(int) $s['b']] = $s['b'];
$select($loop);
unset($loop[(int) $s['d']], $loop[(int) $s['a']]);
$loop[(int) $s['d']] = $s['d'];
$select($loop);
$loop[(int) $s['a']] = $s['a'];
$select($loop);

echo "-- a kept key given another stream\n";
$r = ['k' => $s['a'], 'm' => $s['b']];
$select($r);
$r['k'] = $s['d'];
$select($r);
$r['m'] = $s['c'];
$select($r);

echo "-- duplicates come and go\n";
$r = ['one' => $s['b'], 'two' => $s['c']];
$select($r);
$r['again'] = $s['b'];
$select($r);
unset($r['one']);
$select($r);
$r[7] = $s['b'];
$r[8] = $s['c'];
$select($r);
unset($r['again'], $r[7]);
$select($r);

echo "-- a stream moves between the sets, or is in both\n";
$r = [$s['a'], $s['b']];
$w = [];
$select($r, $w);
unset($r[1]);
$w[] = $s['b'];
$select($r, $w);
$r[] = $s['b'];
$select($r, $w);
unset($w[0]);
$select($r, $w);
$e = [$s['d']];
$select($r, $w, $e);
unset($r[0]);
$select($r, $w, $e);

echo "-- a list taken apart and numbered again\n";
$r = [$s['a'], $s['b'], $s['c'], $s['d']];
$select($r);
unset($r[1]);
$select($r);
$r = array_values($r);
$select($r);

echo "-- arrays come and go\n";
$r = [$s['b']];
$w = [$s['c']];
$select($r, $w);
$select($r, null);
$select(null, $w);
$select($r, $w, []);

echo "-- closed streams\n";
$q = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$names[(int) $q[0]] = 'q';
$r = [$s['a'], $s['b'], $q[0]];
$select($r);
fclose($q[0]);
unset($r[2]);
$select($r);
$r[] = $q[0];
$select($r);
unset($r[0], $r[1]);
$select($r);
$select([]);

echo "-- data read between calls\n";
$r = [$s['b'], $s['d']];
$select($r);
var_dump(fread($s['b'], 10));
$select($r);
$r[] = $s['d'];
$select($r);
var_dump(fread($s['d'], 10));
$select($r);
?>
--EXPECT--
-- a loop's array, keyed by id: a stream taken out and put back at the end
2: r [id=b id=d], w null, e null
1: r [id=d], w null, e null
2: r [id=d id=b], w null, e null
2: r [id=b id=d], w null, e null
2: r [id=b id=d], w null, e null
-- a kept key given another stream
1: r [m=b], w null, e null
2: r [k=d m=b], w null, e null
1: r [k=d], w null, e null
-- duplicates come and go
1: r [one=b], w null, e null
1: r [one=b again=b], w null, e null
1: r [again=b], w null, e null
1: r [again=b 7=b], w null, e null
0: r [], w null, e null
-- a stream moves between the sets, or is in both
1: r [1=b], w [], e null
1: r [], w [0=b], e null
2: r [2=b], w [0=b], e null
1: r [2=b], w [], e null
1: r [2=b], w [], e []
1: r [2=b], w [], e []
-- a list taken apart and numbered again
2: r [1=b 3=d], w null, e null
1: r [3=d], w null, e null
1: r [2=d], w null, e null
-- arrays come and go
2: r [0=b], w [0=c], e null
1: r [0=b], w null, e null
1: r null, w [0=c], e null
2: r [0=b], w [0=c], e []
-- closed streams
1: r [1=b], w null, e null
1: r [1=b], w null, e null
TypeError: stream_select(): supplied resource is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
ValueError: No stream arrays were passed
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
ValueError: No stream arrays were passed
-- data read between calls
2: r [0=b 1=d], w null, e null
string(1) "x"
1: r [1=d], w null, e null
1: r [1=d 2=d], w null, e null
string(1) "y"
0: r [], w null, e null
