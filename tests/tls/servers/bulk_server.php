<?php
// Sends BULK_MIB MiB of random bytes to each ssl:// client while reading
// as many from it, both at once through one stream_select loop with
// non-blocking fwrite (short counts: the rest is kept and written later).
// Prints "sent <sha256> received <sha256> <bytes>" per connection.
// Environment: TLS_CERT, TLS_KEY, BULK_MIB (default 64).
require __DIR__ . '/../../../php-ext/gostream.php';
use function GoStream\{stream_socket_server, stream_socket_accept, stream_socket_get_name, stream_select, stream_set_blocking, fread, fwrite, fclose, feof};

const CHUNK = 1 << 20;        // read size
const WRITE_CHUNK = 8 << 20;  // larger than the library's write queue (4 MiB): fwrite returns short counts
$total = ((int) getenv('BULK_MIB') ?: 64) << 20;

$context = stream_context_create(['ssl' => ['local_cert' => getenv('TLS_CERT'), 'local_pk' => getenv('TLS_KEY')]]);
$server = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $context);
if ($server === false) {
    fwrite(STDERR, "bulk server: $errstr\n");
    exit(1);
}
echo 'listening on ', stream_socket_get_name($server, false), "\n";

while (true) {
    $conn = @stream_socket_accept($server, 60);
    if ($conn === false) {
        continue;
    }
    stream_set_blocking($conn, false);
    $sent = 0;
    $pending = '';
    $sentHash = hash_init('sha256');
    $received = 0;
    $receivedHash = hash_init('sha256');
    $shortWrites = 0;
    $deadline = time() + 100;
    while (($sent < $total || $pending !== '' || $received < $total) && time() < $deadline) {
        $read = $received < $total ? [$conn] : [];
        $write = $sent < $total || $pending !== '' ? [$conn] : [];
        $except = null;
        if (stream_select($read, $write, $except, 5) < 1) {
            continue;
        }
        if ($read) {
            $data = fread($conn, CHUNK);
            if ($data === false || ($data === '' && feof($conn))) {
                break;
            }
            hash_update($receivedHash, $data);
            $received += strlen($data);
        }
        if ($write) {
            if ($pending === '') {
                $pending = random_bytes(min(WRITE_CHUNK, $total - $sent));
                hash_update($sentHash, $pending);
                $sent += strlen($pending);
            }
            $n = fwrite($conn, $pending);
            if ($n === false) {
                break;
            }
            if ($n < strlen($pending)) {
                $shortWrites++;
            }
            $pending = (string) substr($pending, $n);
        }
    }
    echo 'sent ', hash_final($sentHash), ' received ', hash_final($receivedHash), " $received short_writes=$shortWrites\n";
    fclose($conn);
}
