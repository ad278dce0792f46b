--TEST--
Whole-process: every way a file names PHP's function reaches gostream's (unqualified, \-qualified, `use function`, call_user_func, string callables), in files that load nothing; other streams get PHP's own behaviour, warnings and errors
--SKIPIF--
<?php if (getenv('GOSTREAM_TEST_MODE') !== 'whole') die('skip whole-process mode only'); ?>
--FILE--
<?php
namespace App {
    use function stream_socket_accept as accept;

    function serve()
    {
        $server = \stream_socket_server('tcp://127.0.0.1:0');
        $client = stream_socket_client(\stream_socket_get_name($server, false));
        $conn = accept($server, 5);
        return [$server, $client, $conn];
    }
}

namespace {
    [$server, $client, $conn] = App\serve();
    // Each is a gostream stream: PHP's own stream_socket_accept() cannot accept from one.
    var_dump(isset(GoStream\Stream::$open[(int) $server], GoStream\Stream::$open[(int) $client], GoStream\Stream::$open[(int) $conn]));
    $port = (int) substr(stream_socket_get_name($server, false), strlen('127.0.0.1:'));
    $f = fsockopen('127.0.0.1', $port);
    var_dump(isset(GoStream\Stream::$open[(int) $f]));
    var_dump(call_user_func_array('fwrite', [$client, "ping\n"]));
    $read = [$conn];
    $write = $except = null;
    var_dump(\call_user_func_array('stream_select', [&$read, &$write, &$except, 5]));
    var_dump(implode('', array_map('fgets', [$conn])));
    var_dump((new ReflectionFunction('stream_select'))->getName());

    // Not a gostream stream: PHP's own function, warnings and errors, named as PHP names them.
    $file = fopen('php://memory', 'w+');
    fwrite($file, "memory\n");
    rewind($file);
    var_dump(fgets($file), feof($file), stream_get_meta_data($file)['stream_type']);
    var_dump(stream_socket_accept($file, 0));
    try {
        fread($file, 0);
    } catch (ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
    try {
        stream_select($read, $write, $except, -1);
    } catch (ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
    fclose($file);
    try {
        fwrite($file, 'x');
    } catch (TypeError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECTF--
bool(true)
bool(true)
int(5)
int(1)
string(5) "ping
"
string(22) "GoStream\stream_select"
string(7) "memory
"
bool(false)
string(6) "MEMORY"

Warning: stream_socket_accept(): Accept failed: %s in %s on line %d
bool(false)
ValueError: fread(): Argument #2 ($length) must be greater than 0
ValueError: stream_select(): Argument #4 ($seconds) must be greater than or equal to 0
TypeError: fwrite(): supplied resource is not a valid stream resource
