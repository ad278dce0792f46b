--TEST--
Framework style: STDIN, a proc_open child's pipes and TCP sockets in the same \stream_select loop: lines from STDIN go over TCP to a server that pipes them through a child process and sends its output back; every byte checked, the STDIO streams' meta data as PHP's
--STDIN--
first line
second line with more words
third
fourth line: the last but one
fifth and last
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/framework.inc';

use Fw\Connection;
use Fw\Loop;
use Fw\TcpServer;

$loop = new Loop();
$childErr = '';
$engines = [];

// The server: each connection's bytes go through a child that upper-cases lines.
$procs = [];
$server = new TcpServer($loop, 'tcp://127.0.0.1:0', function ($conn, Loop $loop) use (&$childErr, &$engines, &$procs) {
    $engines[] = \Fw\engine($conn);
    $proc = \proc_open([PHP_BINARY, '-n', '-r', 'while (($l = fgets(STDIN)) !== false) { echo strtoupper($l); } fwrite(STDERR, "child done\n");'],
        [['pipe', 'r'], ['pipe', 'w'], ['pipe', 'w']], $pipes);
    $procs[] = $proc;
    $tcp = new Connection($loop, $conn,
        fn (string $data) => \fwrite($pipes[0], $data),
        function () use ($pipes) { \fclose($pipes[0]); });
    new Connection($loop, $pipes[1],
        fn (string $data) => $tcp->write($data),
        function (Connection $out) use ($tcp) {
            $out->close();
            $tcp->end();
        });
    new Connection($loop, $pipes[2], function (string $data) use (&$childErr) { $childErr .= $data; });
    echo 'child pipes: ', \stream_get_meta_data($pipes[1])['stream_type'], ' ', \stream_get_meta_data($pipes[0])['mode'], "\n";
});

// The client: STDIN to the server, the answer collected.
$client = \stream_socket_client('tcp://' . $server->address(), $errno, $errstr, 5);
$engines[] = \Fw\engine($client);
$answer = '';
$tcp = new Connection($loop, $client,
    function (string $data) use (&$answer) { $answer .= $data; },
    function (Connection $c) use ($loop) { $c->close(); $loop->stop(); });
$sent = '';
new Connection($loop, STDIN,
    function (string $data) use ($tcp, &$sent) { $sent .= $data; $tcp->write($data); },
    fn () => $tcp->endWrite());
$meta = \stream_get_meta_data(STDIN);
echo 'STDIN: ', $meta['stream_type'], ' ', $meta['wrapper_type'], ' ', var_export($meta['blocked'], true), "\n";

var_dump($loop->run(20));
echo $answer;
var_dump($answer === strtoupper($sent), substr_count($sent, "\n"));
echo $childErr;
var_dump(array_map('proc_close', $procs));
var_dump(array_unique($engines) === [\Fw\expectedEngine()]);
?>
--EXPECT--
STDIN: STDIO PHP false
child pipes: STDIO w
bool(true)
FIRST LINE
SECOND LINE WITH MORE WORDS
THIRD
FOURTH LINE: THE LAST BUT ONE
FIFTH AND LAST
bool(true)
int(5)
child done
array(1) {
  [0]=>
  int(0)
}
bool(true)
