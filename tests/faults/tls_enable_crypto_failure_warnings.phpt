--TEST--
Fault: a failed stream_socket_enable_crypto() gives PHP's warning where PHP's text names the cause (name mismatch, no CN, peer resetting, timeout), and false
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
[$nocn, $nocnKey] = tls_cert_without_cn($dir);
$peers = ['tls' => tls_peer('tls', $cert, $key), 'nocn' => tls_peer('tls', $nocn, $nocnKey), 'reset' => tls_peer('reset'), 'silent' => tls_peer('silent')];

foreach ([
    'name mismatch' => ['tls', ['cafile' => $cert, 'peer_name' => 'wrong.name']],
    'no CN' => ['nocn', ['cafile' => $nocn, 'peer_name' => 'localhost']],
    'no CN, verify_peer off' => ['nocn', ['verify_peer' => false, 'peer_name' => 'localhost']],
    'peer resets' => ['reset', ['cafile' => $cert]],
    'timeout' => ['silent', ['cafile' => $cert]],
] as $case => [$peer, $ssl]) {
    echo "-- $case\n";
    $c = stream_socket_client('tcp://' . $peers[$peer][2], $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create(['ssl' => $ssl]));
    stream_set_timeout($c, 1);
    var_dump(stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
}
foreach ($peers as [$proc, $pipes]) {
    t_stop($proc, $pipes);
}
?>
--EXPECTF--
-- name mismatch

Warning: stream_socket_enable_crypto(): Peer certificate CN=`localhost' did not match expected CN=`wrong.name' in %s on line %d
bool(false)
-- no CN

Warning: stream_socket_enable_crypto(): Unable to locate peer certificate CN in %s on line %d
bool(false)
-- no CN, verify_peer off

Warning: stream_socket_enable_crypto(): Unable to locate peer certificate CN in %s on line %d
bool(false)
-- peer resets

Warning: stream_socket_enable_crypto(): SSL: Connection reset by peer in %s on line %d
bool(false)
-- timeout

Warning: stream_socket_enable_crypto(): SSL: Handshake timed out in %s on line %d
bool(false)
