--TEST--
stream_select: seeded random changes to the arrays between calls (entries added, removed, duplicated, given another stream, put back at the end; arrays renumbered, coming and going; closed streams), each answer checked against PHP's rules
--DESCRIPTION--
gostream keeps the request of the last call and updates it by the entries
that changed (SelectDelta). This drives that update through many small and
large changes and checks every answer against what PHP reports: the ready
entries of each array (keys, order and duplicates kept), the count (a
stream once per set), the TypeError chain for closed streams (one error per
walk of an array: 3 for $read, 2 for $write and $except) and the ValueError
when no stream is left. Data is left unread across calls at random, so
streams are also listed while bytes the last select fetched wait in the
shim. The model decides only by names, never by resource ids (they differ
between modes), so every mode draws the same rounds.
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

const ROUNDS = 800;
const POOL = 10;
mt_srand(90210);

$pool = [];      // slot => stream (its name is in $names)
$peers = [];     // name => the other end
$names = [];     // resource id => name
$pending = [];   // name => bytes written to its peer and not read yet
$buffered = [];  // name => how many of them wait in a buffer (PHP's, or the library's), read ahead by fgets
$writes = [];    // name => writes to its peer since it was last read to the end
$isClosed = [];  // name => true once the test closed the stream
$made = 0;
$pair = function () use (&$peers, &$names, &$pending, &$buffered, &$writes, &$made) {
    $p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    stream_set_blocking($p[0], false);
    $name = 's' . $made++;
    $names[(int) $p[0]] = $name;
    $peers[$name] = $p[1];
    $pending[$name] = '';
    $buffered[$name] = 0;
    $writes[$name] = 0;
    return $p[0];
};
for ($i = 0; $i < POOL; $i++) {
    $pool[$i] = $pair();
}
$name = function ($s) use (&$names): string {
    return $names[(int) $s];
};
$pick = fn (array $a) => $a[mt_rand(0, \count($a) - 1)];
// Keys as loops and scripts make them: the stream's id, a string, a negative int (never an id).
$key = function ($s) {
    return match (mt_rand(0, 2)) {
        0 => (int) $s,
        1 => 'k' . mt_rand(0, 15),
        2 => -mt_rand(1, 15),
    };
};
$show = function (?array $a) use ($name, &$isClosed): string {
    if ($a === null) {
        return 'null';
    }
    $out = [];
    foreach ($a as $k => $v) {
        $out[] = (\is_int($k) && $k > 0 ? 'id' : $k) . '=' . $name($v);
    }
    return '[' . implode(' ', $out) . ']';
};

$sets = [[], [], null];
$stats = ['answers' => 0, 'ready' => 0, 'type errors' => 0, 'value errors' => 0, 'mismatches' => 0];
for ($round = 0; $round < ROUNDS; $round++) {
    // 1 to 3 changes; now and then a large one.
    for ($c = mt_rand(1, 3); $c > 0; $c--) {
        $op = mt_rand(0, 99);
        $set = [0, 0, 0, 0, 0, 0, 1, 1, 2][mt_rand(0, 8)];
        $nonEmpty = array_keys(array_filter($sets, fn ($a) => $a !== null && $a !== []));
        if ($op < 30) {                                   // add (or give a key another stream)
            $s = $pick($pool);
            $sets[$set] ??= [];
            $sets[$set][$key($s)] = $s;
        } elseif ($op < 50 && $nonEmpty !== []) {         // remove
            $set = $pick($nonEmpty);
            unset($sets[$set][$pick(array_keys($sets[$set]))]);
        } elseif ($op < 65 && $nonEmpty !== []) {         // take out and put back at the end
            $set = $pick($nonEmpty);
            $k = $pick(array_keys($sets[$set]));
            $v = $sets[$set][$k];
            unset($sets[$set][$k]);
            $sets[$set][$k] = $v;
        } elseif ($op < 75 && $nonEmpty !== []) {         // duplicate, in the same set or another
            $from = $pick($nonEmpty);
            $v = $pick(array_values($sets[$from]));
            $sets[$set] ??= [];
            $sets[$set][$key($v)] = $v;
        } elseif ($op < 82 && $nonEmpty !== []) {         // a kept key, another stream
            $set = $pick($nonEmpty);
            $sets[$set][$pick(array_keys($sets[$set]))] = $pick($pool);
        } elseif ($op < 86) {                             // an array comes or goes
            $sets[$set] = $sets[$set] === null ? [] : null;
        } elseif ($op < 89 && $nonEmpty !== []) {         // renumbered
            $set = $pick($nonEmpty);
            $sets[$set] = array_values($sets[$set]);
        } elseif ($op < 92) {                             // a listed stream closed
            $slot = mt_rand(0, POOL - 1);
            $n = $name($pool[$slot]);
            fclose($pool[$slot]);
            fclose($peers[$n]);
            $isClosed[$n] = true;
            $pending[$n] = '';
            $buffered[$n] = 0;
            $pool[$slot] = $pair();
        } elseif ($op < 96) {                             // closed streams taken out
            foreach ($sets as $i => $a) {
                if ($a !== null) {
                    $sets[$i] = array_filter($a, fn ($v) => !isset($isClosed[$name($v)]));
                }
            }
        } else {                                          // a whole new read array
            $sets[0] = [];
            foreach ($pool as $s) {
                if (mt_rand(0, 1)) {
                    $sets[0][$key($s)] = $s;
                }
            }
        }
    }
    if (mt_rand(0, 2) === 0) {
        $s = $pick($pool);
        $bytes = str_repeat('x', mt_rand(1, 3)) . (mt_rand(0, 1) ? "\n" : '');
        fwrite($peers[$name($s)], $bytes);
        $pending[$name($s)] .= $bytes;
        $writes[$name($s)]++;
    }

    // What PHP reports. Bytes waiting in a buffer come first: those $read
    // entries alone, each counted, the other arrays emptied, no wait.
    $closedIn = [0, 0, 0];
    $open = 0;
    $want = [null, null, null];
    $count = 0;
    $inBuffer = [];
    foreach ($sets[0] ?? [] as $k => $v) {
        if (!isset($isClosed[$name($v)]) && $buffered[$name($v)] > 0) {
            $inBuffer[$k] = $v;
        }
    }
    foreach ($sets as $i => $a) {
        if ($a === null) {
            continue;
        }
        $want[$i] = [];
        $distinct = [];
        foreach ($a as $k => $v) {
            if (isset($isClosed[$name($v)])) {
                $closedIn[$i]++;
                continue;
            }
            $open++;
            if ($inBuffer !== []) {
                continue;
            }
            if (($i === 0 && $pending[$name($v)] !== '') || $i === 1) {
                $want[$i][$k] = $v;
                $distinct[$name($v)] = true;
            }
        }
        $count += \count($distinct);
    }
    if ($inBuffer !== []) {
        $want = [$inBuffer, $sets[1] === null ? null : [], $sets[2] === null ? null : []];
        $count = \count($inBuffer);
        $walks = [2, 1, 1];
    } else {
        $walks = [3, 2, 2];
    }
    $closed = array_sum($closedIn);
    if ($open === 0) {
        $want = $sets;
        $expect = 'ValueError: No stream arrays were passed, chain ' . ($closed + 1);
    } elseif ($closed > 0) {
        $expect = 'TypeError: stream_select(): supplied resource is not a valid stream resource, chain ' . ($walks[0] * $closedIn[0] + $walks[1] * $closedIn[1] + $walks[2] * $closedIn[2]);
    } else {
        $expect = "count $count";
    }

    [$r, $w, $e] = $sets;
    try {
        $got = 'count ' . stream_select($r, $w, $e, 0);
        $stats['answers']++;
        $stats['ready'] += $count;
    } catch (\Throwable $t) {
        $got = \get_class($t) . ': ' . $t->getMessage();
        $stats[$t instanceof \ValueError ? 'value errors' : 'type errors']++;
        for ($chain = 0; $t !== null; $t = $t->getPrevious()) {
            $chain++;
        }
        $got .= ", chain $chain";
    }
    if ($got !== $expect || [$r, $w, $e] !== $want) {
        $stats['mismatches']++;
        echo "round $round: asked r ", $show($sets[0]), ' w ', $show($sets[1]), ' e ', $show($sets[2]), "\n",
            "  PHP:  $expect; r ", $show($want[0]), ' w ', $show($want[1]), ' e ', $show($want[2]), "\n",
            "  got:  $got; r ", $show($r), ' w ', $show($w), ' e ', $show($e), "\n";
    }

    // Read some of what was reported: all of it, or a line (the rest of
    // what the kernel held then waits in a buffer); leave the rest for later.
    foreach ($want[0] ?? [] as $v) {
        $n = $name($v);
        $how = mt_rand(0, 5);
        if ($pending[$n] === '' || $how > 2) {
            continue;
        }
        $eol = strpos($pending[$n], "\n");
        // fgets only where the shim is known to match: bytes of one write, or
        // a buffer already filled. (Bytes a select fetched, then more in the
        // kernel: PHP's fgets fills its buffer with both, the shim's gives
        // the fetched bytes back and takes a line from them alone.)
        if ($how === 0 && $eol !== false && ($writes[$n] === 1 || $buffered[$n] > 0)) {
            $expect = substr($pending[$n], 0, $eol + 1);
            $data = fgets($v);
            $pending[$n] = (string) substr($pending[$n], $eol + 1);
            // A line already in the buffer is taken from it alone; else the
            // buffer is filled with all the kernel holds.
            $buffered[$n] = $eol < $buffered[$n] ? $buffered[$n] - $eol - 1 : \strlen($pending[$n]);
        } else {
            // Through gostream a read may return the bytes the select fetched
            // alone, and the rest at the next read (a socket read may be short).
            $expect = $pending[$n];
            $data = '';
            for ($try = 0; $try < 3 && \strlen($data) < \strlen($expect); $try++) {
                $data .= fread($v, 100);
            }
            $pending[$n] = '';
            $buffered[$n] = 0;
            $writes[$n] = 0;
        }
        if ($data !== $expect) {
            $stats['mismatches']++;
            echo "round $round: read from $n gave ", var_export($data, true), ', not ', var_export($expect, true), "\n";
        }
    }
}
foreach ($stats as $what => $n) {
    echo "$what: $n\n";
}
?>
--EXPECT--
answers: 649
ready: 1902
type errors: 121
value errors: 30
mismatches: 0
