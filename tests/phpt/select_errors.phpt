--TEST--
stream_select: every ValueError and TypeError, chained as PHP chains them
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$s = $pair[0];
fwrite($pair[1], 'x');
$ctx = stream_context_create();
$closed = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0)[0];
fclose($closed);

function attempt(string $what, $r, $w, $e, $sec, $usec = null): void
{
    echo "-- $what\n";
    try {
        var_dump(stream_select($r, $w, $e, $sec, $usec));
    } catch (\Throwable $t) {
        t_throwable($t);
    }
    echo 'read after: ', is_array($r) ? count($r) . ' element(s)' : var_export($r, true), "\n";
}

attempt('string element', [$s, 'str'], null, null, 0);
attempt('int and context elements', ['a' => $s, 'b' => $ctx], [1], null, 0);
attempt('closed stream', [$closed, $s], null, null, 0);
attempt('closed stream in write', [$s], [$closed], null, 0);
attempt('only bad elements', ['str', 1], null, null, 0);
attempt('empty arrays', [], [], [], 0);
attempt('all null', null, null, null, 0);
attempt('read not an array', 'x', null, null, 0);
attempt('write not an array', [$s], 1, null, 0);
attempt('except not an array', [$s], null, 1.5, 0);
attempt('negative seconds', [$s], null, null, -1);
attempt('negative microseconds', [$s], null, null, 0, -1);
attempt('microseconds without seconds', [$s], null, null, null, 5);
attempt('bad element and negative seconds', [$s, 'str'], null, null, -1);
attempt('no streams and negative seconds', [], null, null, -1);
attempt('null seconds with microseconds 0', [$s], null, null, null, 0);
?>
--EXPECT--
-- string element
TypeError: stream_select(): supplied argument is not a valid stream resource
  previous TypeError: stream_select(): supplied argument is not a valid stream resource
  previous TypeError: stream_select(): supplied argument is not a valid stream resource
read after: 1 element(s)
-- int and context elements
TypeError: stream_select(): supplied argument is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
  previous TypeError: stream_select(): supplied argument is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
read after: 1 element(s)
-- closed stream
TypeError: stream_select(): supplied resource is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
read after: 1 element(s)
-- closed stream in write
TypeError: stream_select(): supplied resource is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
read after: 1 element(s)
-- only bad elements
ValueError: No stream arrays were passed
  previous TypeError: stream_select(): supplied argument is not a valid stream resource
  previous TypeError: stream_select(): supplied argument is not a valid stream resource
read after: 2 element(s)
-- empty arrays
ValueError: No stream arrays were passed
read after: 0 element(s)
-- all null
ValueError: No stream arrays were passed
read after: NULL
-- read not an array
TypeError: stream_select(): Argument #1 ($read) must be of type ?array, string given
read after: 'x'
-- write not an array
TypeError: stream_select(): Argument #2 ($write) must be of type ?array, int given
read after: 1 element(s)
-- except not an array
TypeError: stream_select(): Argument #3 ($except) must be of type ?array, float given
read after: 1 element(s)
-- negative seconds
ValueError: stream_select(): Argument #4 ($seconds) must be greater than or equal to 0
read after: 1 element(s)
-- negative microseconds
ValueError: stream_select(): Argument #5 ($microseconds) must be greater than or equal to 0
read after: 1 element(s)
-- microseconds without seconds
ValueError: stream_select(): Argument #5 ($microseconds) must be null when argument #4 ($seconds) is null
read after: 1 element(s)
-- bad element and negative seconds
TypeError: stream_select(): supplied argument is not a valid stream resource
read after: 2 element(s)
-- no streams and negative seconds
ValueError: No stream arrays were passed
read after: 0 element(s)
-- null seconds with microseconds 0
int(1)
read after: 1 element(s)
