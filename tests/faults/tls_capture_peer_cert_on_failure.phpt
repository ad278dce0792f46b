--TEST--
Fault: capture_peer_cert stores peer_certificate even when PHP's checks after the handshake then fail (peer name, fingerprint), as php-src's capture_peer_cert_001.phpt; not when the chain is not trusted (OpenSSL fails first)
--EXTENSIONS--
openssl
--FILE--
<?php
namespace GoStream;
require __DIR__ . '/bootstrap.inc';
require __DIR__ . '/../phpt/tls_helpers.inc';
require __DIR__ . '/tls_peer.inc';

function captured($ctx): string
{
    $cert = stream_context_get_options($ctx)['ssl']['peer_certificate'] ?? null;
    return $cert === null ? 'none' : get_class($cert) . ' CN=' . openssl_x509_parse($cert)['subject']['CN'];
}

$dir = t_tmpdir();
$ca = tls_cert($dir, 'Test CA');
[$cert, $key] = tls_cert($dir, 'capture_peer_cert_001', null, $ca);
[$other] = tls_cert($dir, 'other');
[$proc, $pipes, $addr] = tls_peer('tls', $cert, $key);

foreach ([
    // capture_peer_cert_001's shape: trusted, but the name is 127.0.0.1.
    'name mismatch' => ['cafile' => $ca[0]],
    'fingerprint mismatch' => ['cafile' => $ca[0], 'peer_name' => 'capture_peer_cert_001', 'peer_fingerprint' => str_repeat('0', 40)],
    'untrusted chain' => ['cafile' => $other, 'peer_name' => 'capture_peer_cert_001'],
    'success' => ['cafile' => $ca[0], 'peer_name' => 'capture_peer_cert_001'],
] as $case => $ssl) {
    $ssl['capture_peer_cert'] = true;
    $ctx = stream_context_create(['ssl' => $ssl]);
    $c = @stream_socket_client("ssl://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    echo "$case, ssl://: ", $c === false ? 'failed' : 'connected', ', ', captured($ctx), "\n";
    $ctx = stream_context_create(['ssl' => $ssl]);
    $c = stream_socket_client("tcp://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    stream_set_timeout($c, 5);
    $ok = @stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT);
    echo "$case, enable_crypto: ", $ok ? 'connected' : 'failed', ', ', captured($ctx), "\n";
}
t_stop($proc, $pipes);
?>
--EXPECT--
name mismatch, ssl://: failed, OpenSSLCertificate CN=capture_peer_cert_001
name mismatch, enable_crypto: failed, OpenSSLCertificate CN=capture_peer_cert_001
fingerprint mismatch, ssl://: failed, OpenSSLCertificate CN=capture_peer_cert_001
fingerprint mismatch, enable_crypto: failed, OpenSSLCertificate CN=capture_peer_cert_001
untrusted chain, ssl://: failed, none
untrusted chain, enable_crypto: failed, none
success, ssl://: connected, OpenSSLCertificate CN=capture_peer_cert_001
success, enable_crypto: connected, OpenSSLCertificate CN=capture_peer_cert_001
