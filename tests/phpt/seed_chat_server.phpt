--TEST--
Seed 4 (tests/seeds/chat_server.php): a stream_select server relays lines between its clients
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$port = t_free_port();
[$proc, $pipes] = t_spawn(t_seed('chat_server.php'), ['SEED_PORT' => (string) $port]);
var_dump(t_line($pipes[1]));
$c = [];
for ($i = 1; $i <= 3; $i++) {
    $c[$i] = t_connect("tcp://127.0.0.1:$port");
    stream_set_timeout($c[$i], 5);
    echo fgets($c[$i]);
}
fwrite($c[1], "hi from 1\n");
echo fgets($c[2]), fgets($c[3]);
fwrite($c[3], "hi from 3\n");
echo fgets($c[1]), fgets($c[2]);

fclose($c[2]);
echo fgets($c[1]), fgets($c[3]);
fwrite($c[1], "bye\n");
echo fgets($c[3]);

// Many lines in one go come through in order.
$lines = '';
for ($i = 0; $i < 200; $i++) {
    $lines .= "line $i\n";
}
fwrite($c[3], $lines);
$got = '';
while (strlen($got) < strlen($lines) && ($l = fgets($c[1])) !== false) {
    $got .= $l;
}
var_dump($got === $lines);
echo t_stop($proc, $pipes), "done\n";
?>
--EXPECT--
string(6) "ready
"
welcome, 1 here
welcome, 2 here
welcome, 3 here
hi from 1
hi from 1
hi from 3
hi from 3
someone left
someone left
bye
bool(true)
done
