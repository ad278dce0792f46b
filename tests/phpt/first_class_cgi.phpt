--TEST--
First-class streams under php-cgi, where php://fd is refused: socket_import_stream and PHP's stream_select work (gostream lends descriptor 0 through php://stdin for the moment of the open), and standard input is left as it was (issue 9)
--SKIPIF--
<?php
if (!extension_loaded('sockets')) die('skip ext/sockets not loaded');
if (trim((string) shell_exec('command -v php-cgi8.2 || command -v php-cgi')) === '') die('skip php-cgi missing (php8.2-cgi)');
?>
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$cgi = trim((string) shell_exec('command -v php-cgi8.2 || command -v php-cgi'));
$child = tempnam(sys_get_temp_dir(), 'gs-cgi-');
register_shutdown_function('unlink', $child);
file_put_contents($child, '<?php
namespace GoStream;
require ' . var_export(__DIR__ . '/bootstrap.inc', true) . ';
$before = readlink("/proc/self/fd/0");
$server = stream_socket_server("tcp://127.0.0.1:0");
$client = stream_socket_client("tcp://" . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 5);
echo PHP_SAPI, "\n";
$sock = \socket_import_stream($conn);
var_dump($sock instanceof \Socket, \socket_set_option($sock, SOL_TCP, TCP_NODELAY, 1), \socket_get_option($sock, SOL_TCP, TCP_NODELAY));
fwrite($client, "hi\n");
$r = [$conn]; $w = [$client]; $x = null;
var_dump(\stream_select($r, $w, $x, 2), fgets($conn));
var_dump(readlink("/proc/self/fd/0") === $before);
echo fgets(fopen("php://stdin", "r"));
');
$args = [$cgi, '-q', '-d', 'ffi.enable=1', '-d', 'display_errors=1'];
if (getenv('GOSTREAM_TEST_MODE') === 'whole') {
    array_push($args, '-d', 'auto_prepend_file=' . ini_get('auto_prepend_file'));
}
$args[] = $child;
// Without run-tests.php's CGI variables: with them php-cgi would run the test file itself.
$env = array_diff_key(getenv(), array_flip(['REQUEST_METHOD', 'SCRIPT_FILENAME', 'PATH_TRANSLATED', 'QUERY_STRING', 'REDIRECT_STATUS', 'CONTENT_TYPE', 'CONTENT_LENGTH', 'HTTP_COOKIE']));
$proc = proc_open($args, [['pipe', 'r'], ['pipe', 'w'], ['pipe', 'w']], $pipes, null, $env);
fwrite($pipes[0], "standard input intact\n");
fclose($pipes[0]);
stream_set_timeout($pipes[1], 20);
echo stream_get_contents($pipes[1]), stream_get_contents($pipes[2]);
echo 'exit ', proc_close($proc), "\n";
?>
--EXPECT--
cgi-fcgi
bool(true)
bool(true)
int(1)
int(2)
string(3) "hi
"
bool(true)
standard input intact
exit 0
