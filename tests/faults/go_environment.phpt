--TEST--
Fault: Go variables that kill PHP at load (GODEBUG=cgocheck=2 exit 2, GOMEMLIMIT=bogus exit 134) or harm it (GOMAXPROCS in the thousands) are a LibraryException naming the variable and the fix; harmless values load
--SKIPIF--
<?php if (getenv('GOSTREAM_TEST_MODE') !== 'shim') die('skip shim mechanics: shim mode only'); ?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

// Each case in a child PHP started with the variable: the Go runtime reads
// the environment a process starts with (putenv() changes nothing for it).
$child = '<?php
require ' . var_export(__DIR__ . '/../../php-ext/gostream.php', true) . ';
if (isset($argv[1])) putenv($argv[1]);
try {
    \GoStream\stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    echo "loaded\n";
} catch (\GoStream\LibraryException $e) {
    echo $e->getMessage(), "\n";
}';
$show = fn (array $env) => implode(' ', array_map(fn ($k, $v) => "$k=$v", array_keys($env), $env));
$cases = [
    ['GODEBUG' => 'cgocheck=2'],
    ['GODEBUG' => 'cgocheck=0,cgocheck=+2'],      // the last setting wins, as in Go
    ['GODEBUG' => 'cgocheck=2,cgocheck=1'],
    ['GODEBUG' => 'gctrace=0,asyncpreemptoff=0'],
    ['GOMEMLIMIT' => 'bogus'],
    ['GOMEMLIMIT' => '8388608TiB'],               // one TiB past the int64 range
    ['GOMEMLIMIT' => '512MiB'],
    ['GOMAXPROCS' => '5000'],
    ['GOMAXPROCS' => '2', 'GOGC' => 'off', 'GOTRACEBACK' => 'crash'],
];
foreach ($cases as $env) {
    [$proc, $pipes] = t_spawn($child, $env);
    $line = t_line($pipes[1], 30);
    fclose($pipes[0]); fclose($pipes[1]); fclose($pipes[2]);
    $status = proc_close($proc);
    echo $show($env), " => exit $status: ", $line === false ? "(nothing)\n" : $line;
}
// putenv() neither breaks nor repairs what Go reads at load.
foreach ([[[], 'GOMEMLIMIT=bogus'], [['GOMEMLIMIT' => 'bogus'], 'GOMEMLIMIT=1GiB']] as [$env, $put]) {
    [$proc, $pipes] = t_spawn($child, $env, [$put]);
    $line = t_line($pipes[1], 30);
    fclose($pipes[0]); fclose($pipes[1]); fclose($pipes[2]);
    echo ltrim($show($env) . " putenv($put)"), ' => exit ', proc_close($proc), ': ', $line === false ? "(nothing)\n" : $line;
}
?>
--EXPECT--
GODEBUG=cgocheck=2 => exit 0: gostream: GODEBUG=cgocheck=2 makes the Go runtime end PHP at load (exit 2, "cgocheck > 1 mode is no longer supported at runtime"): remove cgocheck from GODEBUG in the environment PHP is started with (putenv() cannot change what Go reads)
GODEBUG=cgocheck=0,cgocheck=+2 => exit 0: gostream: GODEBUG=cgocheck=2 makes the Go runtime end PHP at load (exit 2, "cgocheck > 1 mode is no longer supported at runtime"): remove cgocheck from GODEBUG in the environment PHP is started with (putenv() cannot change what Go reads)
GODEBUG=cgocheck=2,cgocheck=1 => exit 0: loaded
GODEBUG=gctrace=0,asyncpreemptoff=0 => exit 0: loaded
GOMEMLIMIT=bogus => exit 0: gostream: GOMEMLIMIT=bogus is malformed: the Go runtime aborts PHP at load (exit 134). Set a byte count such as 512MiB or 2GiB, or off, or nothing, in the environment PHP is started with (putenv() cannot change what Go reads)
GOMEMLIMIT=8388608TiB => exit 0: gostream: GOMEMLIMIT=8388608TiB is malformed: the Go runtime aborts PHP at load (exit 134). Set a byte count such as 512MiB or 2GiB, or off, or nothing, in the environment PHP is started with (putenv() cannot change what Go reads)
GOMEMLIMIT=512MiB => exit 0: loaded
GOMAXPROCS=5000 => exit 0: gostream: GOMAXPROCS=5000 makes the Go runtime set up that many processors at load (10,000 take 2 s and 300 MB, 100,000 over a minute): set at most 1024, or nothing (Go then uses the number of CPUs), in the environment PHP is started with (putenv() cannot change what Go reads)
GOMAXPROCS=2 GOGC=off GOTRACEBACK=crash => exit 0: loaded
putenv(GOMEMLIMIT=bogus) => exit 0: loaded
GOMEMLIMIT=bogus putenv(GOMEMLIMIT=1GiB) => exit 0: gostream: GOMEMLIMIT=bogus is malformed: the Go runtime aborts PHP at load (exit 134). Set a byte count such as 512MiB or 2GiB, or off, or nothing, in the environment PHP is started with (putenv() cannot change what Go reads)
