--TEST--
Seed 2 (tests/seeds/udp_server.php): a UDP server answers each datagram to its sender
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

[$proc, $pipes] = t_spawn(t_seed('udp_server.php'));
$banner = t_line($pipes[1]);
var_dump(preg_match('~^listening on (127\.0\.0\.1:\d+)\n$~', $banner, $m));
foreach (['hello', 'again'] as $word) {
    $c = stream_socket_client("udp://$m[1]");
    stream_set_timeout($c, 5);
    fwrite($c, $word);
    $reply = fread($c, 1500);
    var_dump(preg_match('~^got ([A-Z]+) at \w{3} \w{3} \d+ \d\d:\d\d:\d\d \d{4}$~', $reply, $r), $r[1]);
    var_dump(t_line($pipes[1]) === stream_socket_get_name($c, false) . "\n");
    fclose($c);
}
echo t_stop($proc, $pipes), "done\n";
?>
--EXPECT--
int(1)
int(1)
string(5) "HELLO"
bool(true)
int(1)
string(5) "AGAIN"
bool(true)
done
