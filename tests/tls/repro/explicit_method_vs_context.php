<?php
/*
 * Library bug reproducer: gs_enable_crypto with an explicit method still
 * validates the context's ssl.crypto_method. PHP uses the context option
 * only when $crypto_method is null (spec §5), so a context that says
 * TLSv1_0 does not stop enable_crypto(..., STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT).
 * gostream fails before any I/O: "crypto_method 9 allows only TLS 1.0,
 * which gostream refuses" (tlsconf.Client -> common -> versionsFromOptions
 * reads the context's crypto_method; Versions() is applied only after).
 * Expected: int(0) (non-blocking handshake started). Run:
 *   php tests/tls/repro/explicit_method_vs_context.php
 */
namespace GoStream;
require __DIR__ . '/../../../php-ext/gostream.php';

$server = stream_socket_server('tcp://127.0.0.1:0');
$ctx = stream_context_create(['ssl' => ['crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_0_CLIENT, 'verify_peer' => false]]);
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false), $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
stream_set_blocking($client, false);
$r = stream_socket_enable_crypto($client, true, STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT);
var_dump($r);
echo $r === 0 ? "OK\n" : "BUG: the explicit method did not override the context's crypto_method\n";
exit($r === 0 ? 0 : 1);
