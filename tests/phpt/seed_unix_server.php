<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';

$dir = t_tmpdir();
$path = "$dir/seed.sock";
[$proc, $pipes] = t_spawn(t_seed('unix_server.php'), ['SEED_SOCKET' => $path]);
var_dump(t_line($pipes[1]));
for ($i = 1; $i <= 2; $i++) {
    $c = t_connect("unix://$path");
    stream_set_timeout($c, 5);
    fwrite($c, "client $i\nstressed\n");
    var_dump(fgets($c), fgets($c));
    fclose($c);
}
echo t_stop($proc, $pipes), "done\n";
?>
