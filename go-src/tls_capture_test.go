package core

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"testing"
	"time"
)

// clientOpts are ssl options for a client of tlsTestCert's server.
func clientOpts(t *testing.T, ssl map[string]any) Options {
	js, _ := json.Marshal(map[string]any{"ssl": ssl})
	return qaOpts(t, string(js))
}

// wantPeerCN checks that pemText is the test server's certificate.
func wantPeerCN(t *testing.T, what, pemText string) {
	t.Helper()
	b, _ := pem.Decode([]byte(pemText))
	if b == nil {
		t.Fatalf("%s: no certificate kept", what)
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil || c.Subject.CommonName != "localhost" {
		t.Fatalf("%s: kept %v, %v", what, c, err)
	}
}

// capture_peer_cert keeps the peer's certificate when the handshake fails
// a check PHP makes after capturing it (peer name, fingerprint), as
// php-src's capture_peer_cert_001.phpt, but not when the chain does not
// verify (OpenSSL fails that handshake before PHP captures).
func TestPeerCertificateKeptAfterFailedPeerCheck(t *testing.T) {
	srvOpts, _ := tlsTestCert(t)
	cert := srvOpts.String("ssl", "local_cert")
	ln, err := Listen("tls://127.0.0.1:0", FlagBind|FlagListen, srvOpts)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(ln)
	addr := qaDialAddr(t, "tls", ln)

	for _, c := range []struct {
		what string
		ssl  map[string]any
		kept bool
	}{
		{"name mismatch", map[string]any{"cafile": cert, "peer_name": "wrong.name"}, true},
		{"fingerprint mismatch", map[string]any{"verify_peer": false, "peer_name": "localhost", "peer_fingerprint": "00000000000000000000000000000000"}, true},
		{"untrusted chain", map[string]any{"peer_name": "localhost"}, false},
	} {
		_, err := Dial(addr, 0, 5*time.Second, clientOpts(t, c.ssl))
		if err == nil || CodeOf(err) != CodeTLS {
			t.Fatalf("%s: Dial = %v, want a TLS failure", c.what, err)
		}
		if got := FailedPeerCertificate(err); c.kept {
			wantPeerCN(t, c.what, got)
		} else if got != "" {
			t.Errorf("%s: a certificate was kept", c.what)
		}
	}
	h, err := Dial(addr, 0, 5*time.Second, clientOpts(t, map[string]any{"cafile": cert, "peer_name": "localhost"}))
	if err != nil {
		t.Fatal(err)
	}
	defer Close(h)
	pemText, _ := PeerCertificate(h)
	wantPeerCN(t, "success", pemText)

	// The same through EnableCrypto on a plain stream: the handle keeps it.
	c := qaStream(t, "tcp://127.0.0.1:0")
	SetBlocking(c.srv, false)
	if _, err := EnableCrypto(c.srv, true, 120, srvOpts); err != nil { // STREAM_CRYPTO_METHOD_ANY_SERVER
		t.Fatal(err)
	}
	SetTimeout(c.cli, 5*time.Second)
	if _, err := EnableCrypto(c.cli, true, 121, clientOpts(t, map[string]any{"cafile": cert, "peer_name": "wrong.name"})); err == nil {
		t.Fatal("EnableCrypto with a wrong peer_name succeeded")
	}
	pemText, err = PeerCertificate(c.cli)
	if err != nil {
		t.Fatal(err)
	}
	wantPeerCN(t, "enable_crypto", pemText)
}
