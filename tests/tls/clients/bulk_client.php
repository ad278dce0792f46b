<?php
// Native PHP (no gostream): the peer of servers/bulk_server.php. Sends
// BULK_MIB MiB of random bytes while reading as many, non-blocking, with
// PHP's own stream_select; prints "sent <sha256> received <sha256> <bytes>".
// Usage: php bulk_client.php HOST:PORT CAFILE
[, $address, $ca] = $argv;
const CHUNK = 1 << 20;
$total = ((int) getenv('BULK_MIB') ?: 64) << 20;
$context = stream_context_create(['ssl' => ['cafile' => $ca, 'peer_name' => 'localhost']]);
$c = stream_socket_client("ssl://$address", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $context);
if ($c === false) {
    echo "connect failed: $errstr\n";
    exit(1);
}
stream_set_blocking($c, false);
$sent = 0;
$pending = '';
$sentHash = hash_init('sha256');
$received = 0;
$receivedHash = hash_init('sha256');
$deadline = time() + 100;
while (($sent < $total || $pending !== '' || $received < $total) && time() < $deadline) {
    $read = $received < $total ? [$c] : [];
    $write = $sent < $total || $pending !== '' ? [$c] : [];
    $except = null;
    if (stream_select($read, $write, $except, 5) < 1) {
        continue;
    }
    if ($read) {
        $data = fread($c, CHUNK);
        if ($data === false || ($data === '' && feof($c))) {
            break;
        }
        hash_update($receivedHash, $data);
        $received += strlen($data);
    }
    if ($write) {
        if ($pending === '') {
            $pending = random_bytes(min(CHUNK, $total - $sent));
            hash_update($sentHash, $pending);
            $sent += strlen($pending);
        }
        $n = fwrite($c, $pending);
        if ($n === false) {
            break;
        }
        $pending = (string) substr($pending, $n);
    }
}
echo 'sent ', hash_final($sentHash), ' received ', hash_final($receivedHash), " $received\n";
