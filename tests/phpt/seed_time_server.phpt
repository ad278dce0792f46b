--TEST--
Seed 1 (tests/seeds/time_server.php): the time server answers each connection and closes it
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$port = t_free_port();
[$proc, $pipes] = t_spawn(t_seed('time_server.php'), ['SEED_PORT' => (string) $port]);
for ($i = 0; $i < 3; $i++) {
    $c = t_connect("tcp://127.0.0.1:$port");
    stream_set_timeout($c, 5);
    $line = fgets($c);
    var_dump(preg_match('~^The local time is \d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2} (am|pm)\n$~', $line));
    var_dump(fgets($c), feof($c));
    fclose($c);
}
echo t_stop($proc, $pipes), "done\n";
?>
--EXPECT--
int(1)
bool(false)
bool(true)
int(1)
bool(false)
bool(true)
int(1)
bool(false)
bool(true)
done
