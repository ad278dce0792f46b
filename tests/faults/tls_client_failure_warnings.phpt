--TEST--
Fault: a failed ssl:// client handshake gives PHP's warnings in PHP's order (the cause, "Failed to enable crypto", "Unable to connect … (Unknown error)"), $error_code 0; verification, name mismatch, no CN, plaintext peer, peer closing or resetting, timeout
--EXTENSIONS--
openssl
sockets
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../phpt/tls_helpers.inc';
require __DIR__ . '/tls_peer.inc';

$dir = t_tmpdir();
[$cert, $key] = tls_cert($dir);
[$other] = tls_cert($dir, 'other');
[$nocn, $nocnKey] = tls_cert_without_cn($dir);
$peers = [];
foreach (['tls' => [$cert, $key], 'nocn' => [$nocn, $nocnKey], 'plain' => [], 'close' => [], 'reset' => [], 'silent' => []] as $name => $files) {
    $peers[$name] = tls_peer($name === 'nocn' ? 'tls' : $name, ...$files);
}

foreach ([
    'untrusted certificate' => ['tls', ['cafile' => $other, 'peer_name' => 'localhost']],
    'name mismatch' => ['tls', ['cafile' => $cert, 'peer_name' => 'wrong.name']],
    'no CN' => ['nocn', ['cafile' => $nocn, 'peer_name' => 'localhost']],
    'plaintext peer' => ['plain', ['cafile' => $cert]],
    'peer closes' => ['close', ['cafile' => $cert]],
    'peer resets' => ['reset', ['cafile' => $cert]],
    'timeout' => ['silent', ['cafile' => $cert]],
] as $case => [$peer, $ssl]) {
    echo "-- $case\n";
    $c = stream_socket_client('ssl://' . $peers[$peer][2], $errno, $errstr, 1, STREAM_CLIENT_CONNECT, stream_context_create(['ssl' => $ssl]));
    var_dump($c, $errno);
}
foreach ($peers as [$proc, $pipes]) {
    t_stop($proc, $pipes);
}
?>
--EXPECTF--
-- untrusted certificate

Warning: stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000086:SSL routines::certificate verify failed in %s on line %d

Warning: stream_socket_client(): Failed to enable crypto in %s on line %d

Warning: stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error) in %s on line %d
bool(false)
int(0)
-- name mismatch

Warning: stream_socket_client(): Peer certificate CN=`localhost' did not match expected CN=`wrong.name' in %s on line %d

Warning: stream_socket_client(): Failed to enable crypto in %s on line %d

Warning: stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error) in %s on line %d
bool(false)
int(0)
-- no CN

Warning: stream_socket_client(): Unable to locate peer certificate CN in %s on line %d

Warning: stream_socket_client(): Failed to enable crypto in %s on line %d

Warning: stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error) in %s on line %d
bool(false)
int(0)
-- plaintext peer

Warning: stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A00010B:SSL routines::wrong version number in %s on line %d

Warning: stream_socket_client(): Failed to enable crypto in %s on line %d

Warning: stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error) in %s on line %d
bool(false)
int(0)
-- peer closes

Warning: stream_socket_client(): Failed to enable crypto in %s on line %d

Warning: stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error) in %s on line %d
bool(false)
int(0)
-- peer resets

Warning: stream_socket_client(): SSL: Connection reset by peer in %s on line %d

Warning: stream_socket_client(): Failed to enable crypto in %s on line %d

Warning: stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error) in %s on line %d
bool(false)
int(0)
-- timeout

Warning: stream_socket_client(): SSL: Handshake timed out in %s on line %d

Warning: stream_socket_client(): Failed to enable crypto in %s on line %d

Warning: stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error) in %s on line %d
bool(false)
int(0)
