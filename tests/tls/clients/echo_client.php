<?php
// Native PHP (no gostream): an ssl:// client of servers/echo_server.php
// that checks the server's certificate against the test CA.
// Usage: php echo_client.php HOST:PORT CAFILE
[, $address, $ca] = $argv;
$context = stream_context_create(['ssl' => ['cafile' => $ca, 'peer_name' => 'localhost', 'alpn_protocols' => 'http/1.1']]);
$c = stream_socket_client("ssl://$address", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $context);
if ($c === false) {
    echo "connect failed: $errstr\n";
    exit(1);
}
stream_set_timeout($c, 5);
$crypto = stream_get_meta_data($c)['crypto'];
echo 'client sees ', $crypto['protocol'], ' alpn=', $crypto['alpn_protocol'] ?? 'none', "\n";
echo 'greeting: ', fgets($c);
$ok = true;
foreach (['first line', str_repeat('x', 100000), 'last line'] as $line) {
    fwrite($c, "$line\n");
    $echo = '';
    while (!str_ends_with($echo, "\n") && ($part = fgets($c)) !== false) {
        $echo .= $part;
    }
    $ok = $ok && $echo === "$line\n";
}
echo 'echo ', $ok ? 'ok' : 'MISMATCH', "\n";
fwrite($c, "quit\n");
echo 'end: ', fgets($c);
var_dump(fread($c, 10), feof($c));
