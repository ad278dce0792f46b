--TEST--
Shim: a stream_select whose arrays changed by a few streams since the last call reads only those entries, not every stream (issue 9: an event loop at 900 clients ran at half native speed)
--SKIPIF--
<?php if (!in_array(getenv('GOSTREAM_TEST_MODE'), ['shim', 'whole'], true)) die('skip shim mechanics: shim and whole modes only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

// 200 streams in an array keyed by id, as event loops keep theirs.
$peer = [];
$watch = [];
for ($i = 0; $i < 200; $i++) {
    $p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    stream_set_blocking($p[0], false);
    $watch[(int) $p[0]] = $p[0];
    $peer[(int) $p[0]] = $p[1];
}
$all = array_values($watch);
$w = $e = null;
$read = $watch;
stream_select($read, $w, $e, 0);

// Each call: 1 or 2 streams taken out, those taken out before put back at
// the end (Revolt's watchers), sometimes taken out and put back at once,
// sometimes one given data; the answer must still be right.
mt_srand(3);
$out = [];
$most = 0;
$wrong = 0;
$unread = [];
for ($call = 0; $call < 300; $call++) {
    $back = $out;
    $out = [];
    for ($j = mt_rand(1, 2); $j > 0; $j--) {
        $s = $all[mt_rand(0, 199)];
        if (isset($watch[(int) $s])) {
            unset($watch[(int) $s]);
            $out[(int) $s] = $s;
        }
    }
    if ($call % 3 === 0) {
        $watch += $out;
        $out = [];
    }
    $watch += $back;
    if ($call % 5 === 0) {
        $s = $all[mt_rand(0, 199)];
        fwrite($peer[(int) $s], 'x');
        $unread[(int) $s] = $s;
    }

    $before = SelectRequest::$entriesRead;
    $read = $watch;
    $n = stream_select($read, $w, $e, 0);
    $most = max($most, SelectRequest::$entriesRead - $before);
    $expect = array_intersect_key($watch, $unread);
    if ($n !== \count($expect) || $read !== $expect) {
        $wrong++;
    }
    foreach ($read as $id => $s) {
        fread($s, 10);
        unset($unread[$id]);
    }
}
echo "wrong answers: $wrong\n";
echo $most <= 16 ? "at most 16 entries read per call\n" : "$most entries read in one call\n";

// A larger change costs a rebuild, which reads every entry once.
$before = SelectRequest::$entriesRead;
$read = array_slice($watch, 0, 100, true);
stream_select($read, $w, $e, 0);
var_dump(SelectRequest::$entriesRead - $before);
?>
--EXPECT--
wrong answers: 0
at most 16 entries read per call
int(100)
