// Package tlsconf turns PHP "ssl" stream-context options into a
// *tls.Config, loading and checking every certificate and key once, when
// the listener or client is created, with errors that name the file and
// the cause. Nothing ever prompts for a passphrase.
//
// # Secure defaults
//
//   - Versions: TLS 1.2 and TLS 1.3. SSLv2/SSLv3/TLS 1.0/TLS 1.1 are never
//     negotiated; a crypto_method or min/max_proto_version that allows only
//     those is an error, one that also allows TLS 1.2+ is narrowed.
//   - TLS 1.2 suites (DefaultCipherSuites): ECDHE with AEAD only —
//     ECDHE-{ECDSA,RSA}-AES128-GCM-SHA256, ECDHE-{ECDSA,RSA}-AES256-GCM-SHA384,
//     ECDHE-{ECDSA,RSA}-CHACHA20-POLY1305. No CBC (LUCKY13), no static RSA,
//     no 3DES/RC4. The "ciphers" option can only narrow this set. TLS 1.3
//     suites are Go's (AES-GCM, ChaCha20-Poly1305) and not configurable.
//   - Groups (DefaultCurves): X25519, P-256, P-384.
//   - security_level 2 unless set: RSA keys >= 2048 bits, EC >= 224, no
//     MD5/SHA-1 signatures in the local chain (self-signed roots exempt).
//   - Servers send no CertificateRequest unless verify_peer,
//     verify_peer_name, peer_fingerprint or capture_peer_cert asks for one
//     (PHP/OpenSSL send one by default and reject untrusted volunteers).
//   - Clients verify the peer chain (system roots unless cafile/capath) and
//     name by default, as PHP does.
//
// # Options
//
// Honoured: local_cert, local_pk, passphrase, verify_peer,
// verify_peer_name, peer_name, CN_match (old alias), allow_self_signed,
// cafile, capath, verify_depth, peer_fingerprint, ciphers, crypto_method,
// min_proto_version, max_proto_version, security_level, SNI_enabled,
// SNI_server_certs, alpn_protocols, no_ticket, capture_peer_cert and
// capture_peer_cert_chain (a server then requests a client certificate;
// capturing is the caller's job).
//
// Accepted and ignored, because Go already behaves that way or the option
// has no Go equivalent: disable_compression (Go never compresses),
// honor_cipher_order (Go picks the order), single_dh_use and dh_param (no
// finite-field DHE), ecdh_curve (see DefaultCurves), reneg_limit,
// reneg_window, reneg_limit_callback (a Go server never renegotiates),
// rsa_key_size (removed from PHP), capture_session_meta, session_meta.
// Unknown names are ignored as PHP ignores them; UnknownOptions lists them.
//
// Values are converted the PHP way: booleans with zend_is_true ("0" and ""
// are false, "false" is true), integers with zval_get_long ("12abc" is 12),
// by internal/phpconv, which the core's socket options share.
//
// Behaviour that differs from PHP on purpose: errors are reported at
// creation, not at each accept; verify_peer on a server without cafile or
// capath is an error; ALPN without a common protocol continues without ALPN
// (like OpenSSL) instead of failing (like crypto/tls).
package tlsconf
