<?php
// The issue's scenario, as people write it (after the PHP manual's user
// notes): a self-signed certificate made on the fly, the key exported with
// a passphrase, one ssl:// server. Only the require and use lines were
// added for gostream; tests/tls/run.sh also runs it without them.
// Usage: php issue_server.php PORT PEMFILE
require __DIR__ . '/../../../php-ext/gostream.php';
use function GoStream\{stream_socket_server, stream_socket_accept, fwrite, fclose};

$port = $argv[1] ?? 9001;
$pemfile = $argv[2] ?? __DIR__ . '/server.pem';
$pem_passphrase = 'comet';

$dn = array(
    "countryName" => "UK",
    "stateOrProvinceName" => "Somerset",
    "localityName" => "Glastonbury",
    "organizationName" => "The Brain Room Limited",
    "organizationalUnitName" => "PHP Documentation Team",
    "commonName" => "localhost",
    "emailAddress" => "wez@example.com"
);

// Generate certificate
$privkey = openssl_pkey_new();
$cert = openssl_csr_new($dn, $privkey);
$cert = openssl_csr_sign($cert, null, $privkey, 365);

// Generate PEM file
$pem = array();
openssl_x509_export($cert, $pem[0]);
openssl_pkey_export($privkey, $pem[1], $pem_passphrase);
$pem = implode($pem);

// Save PEM file
file_put_contents($pemfile, $pem);

$context = stream_context_create();

// local_cert must be in PEM format
stream_context_set_option($context, 'ssl', 'local_cert', $pemfile);
// Pass Phrase (password) of private key
stream_context_set_option($context, 'ssl', 'passphrase', $pem_passphrase);
stream_context_set_option($context, 'ssl', 'allow_self_signed', true);
stream_context_set_option($context, 'ssl', 'verify_peer', false);

// Create the server socket
$server = stream_socket_server('ssl://127.0.0.1:' . $port, $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $context);
if (!$server) {
    die("$errstr ($errno)\n");
}
echo "listening on 127.0.0.1:$port\n";

while (true) {
    $client = @stream_socket_accept($server, 60);
    if ($client) {
        fwrite($client, 'The local time is ' . date('n/j/Y g:i a') . "\n");
        fclose($client);
    }
}
