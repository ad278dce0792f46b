package tlsconf

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"io"
	"net"
	"slices"
	"strings"
	"testing"
	"time"
)

// handshakeTimeout bounds each test connection.
const handshakeTimeout = 10 * time.Second

type hsResult struct {
	srv, cli       tls.ConnectionState
	srvErr, cliErr error
}

// handshake runs a real TLS handshake over loopback TCP, then one byte each
// way so that a rejection by the server after the client's TLS 1.3 Finished
// reaches the client too.
func handshake(t *testing.T, srvCfg, cliCfg *tls.Config) hsResult {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var r hsResult
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			r.srvErr = err
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(handshakeTimeout))
		s := tls.Server(c, srvCfg)
		if r.srvErr = s.Handshake(); r.srvErr != nil {
			return
		}
		r.srv = s.ConnectionState()
		buf := make([]byte, 1)
		if _, r.srvErr = io.ReadFull(s, buf); r.srvErr == nil {
			_, r.srvErr = s.Write(buf)
		}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(handshakeTimeout))
	cl := tls.Client(c, cliCfg)
	if r.cliErr = cl.Handshake(); r.cliErr == nil {
		r.cli = cl.ConnectionState()
		if _, r.cliErr = cl.Write([]byte{'x'}); r.cliErr == nil {
			_, r.cliErr = io.ReadFull(cl, make([]byte, 1))
		}
	}
	c.Close()
	<-done
	return r
}

func mustServer(t *testing.T, o Options) *tls.Config {
	t.Helper()
	c, err := Server(o)
	if err != nil {
		t.Fatalf("Server(%v): %v", o, err)
	}
	return c
}

func mustClient(t *testing.T, o Options, host string) *tls.Config {
	t.Helper()
	c, err := Client(o, host)
	if err != nil {
		t.Fatalf("Client(%v): %v", o, err)
	}
	return c
}

func expectOK(t *testing.T, r hsResult) {
	t.Helper()
	if r.srvErr != nil || r.cliErr != nil {
		t.Fatalf("handshake failed: server %v; client %v", r.srvErr, r.cliErr)
	}
}

func expectFail(t *testing.T, r hsResult, side, want string) {
	t.Helper()
	err := r.cliErr
	if side == "server" {
		err = r.srvErr
	}
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("%s error %v, want %q (server %v; client %v)", side, err, want, r.srvErr, r.cliErr)
	}
}

func TestHandshakeServerAuth(t *testing.T) {
	p := newPKI(t)
	srv := mustServer(t, Options{"local_cert": p.server})
	self := mustServer(t, Options{"local_cert": p.selfSigned})
	fp := sha256.Sum256(p.serverCert.Raw)

	t.Run("verified", func(t *testing.T) {
		r := handshake(t, srv, mustClient(t, Options{"cafile": p.caFile}, "localhost"))
		expectOK(t, r)
		if r.cli.Version != tls.VersionTLS13 {
			t.Errorf("version %s", tls.VersionName(r.cli.Version))
		}
		if r.cli.ServerName != "localhost" || r.srv.ServerName != "localhost" {
			t.Errorf("SNI %q", r.srv.ServerName)
		}
	})
	t.Run("ip-host", func(t *testing.T) {
		expectOK(t, handshake(t, srv, mustClient(t, Options{"cafile": p.caFile}, "127.0.0.1")))
	})
	t.Run("tls12-suite-and-curve", func(t *testing.T) {
		r := handshake(t, srv, mustClient(t, Options{"cafile": p.caFile, "crypto_method": float64(33)}, "localhost"))
		expectOK(t, r)
		if r.cli.Version != tls.VersionTLS12 || !slices.Contains(DefaultCipherSuites, r.cli.CipherSuite) {
			t.Errorf("%s %s", tls.VersionName(r.cli.Version), tls.CipherSuiteName(r.cli.CipherSuite))
		}
		if !slices.Contains(DefaultCurves, r.cli.CurveID) {
			t.Errorf("curve %v", r.cli.CurveID)
		}
	})
	t.Run("capath", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "README", []byte("not a certificate"))
		writeFile(t, dir, "abcd1234.0", certPEM(p.ca))
		expectOK(t, handshake(t, srv, mustClient(t, Options{"capath": dir}, "localhost")))
	})
	t.Run("unknown-ca", func(t *testing.T) {
		// System roots do not know the test CA.
		expectFail(t, handshake(t, srv, mustClient(t, Options{}, "localhost")), "client", "Could not verify peer")
	})
	t.Run("self-signed-refused", func(t *testing.T) {
		expectFail(t, handshake(t, self, mustClient(t, Options{"cafile": p.caFile}, "localhost")), "client", "Could not verify peer")
	})
	t.Run("allow_self_signed", func(t *testing.T) {
		expectOK(t, handshake(t, self, mustClient(t, Options{"allow_self_signed": "1"}, "localhost")))
	})
	t.Run("verify_peer-off", func(t *testing.T) {
		expectOK(t, handshake(t, self, mustClient(t, Options{"verify_peer": false}, "localhost")))
	})
	t.Run("peer_name-mismatch", func(t *testing.T) {
		r := handshake(t, srv, mustClient(t, Options{"cafile": p.caFile, "peer_name": "other.example"}, "localhost"))
		expectFail(t, r, "client", "Peer certificate CN=`localhost' did not match expected CN=`other.example'")
	})
	t.Run("host-mismatch", func(t *testing.T) {
		expectFail(t, handshake(t, srv, mustClient(t, Options{"cafile": p.caFile}, "127.0.0.2")), "client", "did not match expected CN=`127.0.0.2'")
	})
	t.Run("verify_peer_name-off", func(t *testing.T) {
		expectOK(t, handshake(t, srv, mustClient(t, Options{"cafile": p.caFile, "verify_peer_name": 0.0}, "wrong.example")))
	})
	t.Run("fingerprint", func(t *testing.T) {
		o := Options{"verify_peer": false, "peer_fingerprint": map[string]any{"sha256": hex.EncodeToString(fp[:])}}
		expectOK(t, handshake(t, srv, mustClient(t, o, "localhost")))
		o["peer_fingerprint"] = map[string]any{"sha256": strings.Repeat("00", 32)}
		expectFail(t, handshake(t, srv, mustClient(t, o, "localhost")), "client", "peer_fingerprint match failure")
	})
	t.Run("tls11-client-refused", func(t *testing.T) {
		cli := &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
		expectFail(t, handshake(t, srv, cli), "server", "unsupported versions")
	})
	t.Run("cbc-client-refused", func(t *testing.T) {
		cli := &tls.Config{InsecureSkipVerify: true, MaxVersion: tls.VersionTLS12,
			CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256}}
		expectFail(t, handshake(t, srv, cli), "server", "no cipher suite")
	})
	t.Run("ciphers-narrow-tls12", func(t *testing.T) {
		s := mustServer(t, Options{"local_cert": p.server, "ciphers": "ECDHE-ECDSA-CHACHA20-POLY1305"})
		r := handshake(t, s, mustClient(t, Options{"cafile": p.caFile, "max_proto_version": float64(32)}, "localhost"))
		expectOK(t, r)
		if r.cli.CipherSuite != tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 {
			t.Errorf("suite %s", tls.CipherSuiteName(r.cli.CipherSuite))
		}
	})
}

func TestHandshakeClientCertificates(t *testing.T) {
	p := newPKI(t)
	verifying := mustServer(t, Options{"local_cert": p.server, "verify_peer": true, "cafile": p.caFile})
	cli := func(o Options) *tls.Config {
		o["cafile"] = p.caFile
		return mustClient(t, o, "localhost")
	}

	t.Run("trusted", func(t *testing.T) {
		r := handshake(t, verifying, cli(Options{"local_cert": p.client}))
		expectOK(t, r)
		if len(r.srv.PeerCertificates) != 1 || r.srv.PeerCertificates[0].Subject.CommonName != "client.example" {
			t.Errorf("server saw %d peer certificates", len(r.srv.PeerCertificates))
		}
	})
	t.Run("missing", func(t *testing.T) {
		expectFail(t, handshake(t, verifying, cli(Options{})), "server", "certificate")
	})
	t.Run("other-ca", func(t *testing.T) {
		expectFail(t, handshake(t, verifying, cli(Options{"local_cert": p.otherClient})), "server", "Could not verify peer")
	})
	t.Run("self-signed-refused", func(t *testing.T) {
		expectFail(t, handshake(t, verifying, cli(Options{"local_cert": p.selfClient})), "server", "Could not verify peer")
	})
	t.Run("self-signed-allowed", func(t *testing.T) {
		s := mustServer(t, Options{"local_cert": p.server, "verify_peer": true, "allow_self_signed": true})
		expectOK(t, handshake(t, s, cli(Options{"local_cert": p.selfClient})))
	})
	t.Run("server-cert-is-not-a-client-cert", func(t *testing.T) {
		// ServerAuth-only EKU must not pass as a client certificate.
		expectFail(t, handshake(t, verifying, cli(Options{"local_cert": p.server})), "server", "Could not verify peer")
	})
	t.Run("peer_name", func(t *testing.T) {
		s := mustServer(t, Options{"local_cert": p.server, "verify_peer": true, "cafile": p.caFile,
			"verify_peer_name": true, "peer_name": "client.example"})
		expectOK(t, handshake(t, s, cli(Options{"local_cert": p.client})))
		s = mustServer(t, Options{"local_cert": p.server, "verify_peer": true, "cafile": p.caFile,
			"verify_peer_name": true, "peer_name": "someone.else"})
		expectFail(t, handshake(t, s, cli(Options{"local_cert": p.client})), "server", "did not match expected CN=`someone.else'")
	})
	t.Run("no-request-by-default", func(t *testing.T) {
		asked := false
		c := cli(Options{})
		c.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			asked = true
			return &tls.Certificate{}, nil
		}
		expectOK(t, handshake(t, mustServer(t, Options{"local_cert": p.server}), c))
		if asked {
			t.Error("server sent a CertificateRequest without verify_peer")
		}
		// capture_peer_cert asks, but does not verify.
		r := handshake(t, mustServer(t, Options{"local_cert": p.server, "capture_peer_cert": true}), cli(Options{"local_cert": p.selfClient}))
		expectOK(t, r)
		if len(r.srv.PeerCertificates) != 1 {
			t.Error("capture_peer_cert: no client certificate received")
		}
	})
}

func TestHandshakeALPN(t *testing.T) {
	p := newPKI(t)
	srv := mustServer(t, Options{"local_cert": p.server, "alpn_protocols": "h2,http/1.1"})
	cases := []struct{ client, want string }{
		{"http/1.1", "http/1.1"},
		{"http/1.1,h2", "h2"}, // the server's preference wins, as with OpenSSL
		{"spdy/3", ""},        // nothing in common: continue without ALPN, as OpenSSL
	}
	for _, c := range cases {
		r := handshake(t, srv, mustClient(t, Options{"cafile": p.caFile, "alpn_protocols": c.client}, "localhost"))
		expectOK(t, r)
		if r.cli.NegotiatedProtocol != c.want || r.srv.NegotiatedProtocol != c.want {
			t.Errorf("client %q: negotiated %q/%q, want %q", c.client, r.cli.NegotiatedProtocol, r.srv.NegotiatedProtocol, c.want)
		}
	}
	// A client without ALPN still works.
	expectOK(t, handshake(t, srv, mustClient(t, Options{"cafile": p.caFile}, "localhost")))
}

func TestHandshakeSNI(t *testing.T) {
	p := newPKI(t)
	srv := mustServer(t, Options{
		"local_cert": p.server,
		"SNI_server_certs": map[string]any{
			"a.example.com": map[string]any{"local_cert": p.sniAEnc, "local_pk": p.sniAKey, "passphrase": string(testPass)},
			"*.example.com": p.sniWild,
		},
	})
	cases := []struct{ name, wantCN string }{
		{"a.example.com", "a.example.com"},
		{"A.Example.COM", "a.example.com"},
		{"b.example.com", "*.example.com"},
		{"x.y.example.com", "localhost"}, // '*' covers one label only
		{"example.com", "localhost"},
		{"other.org", "localhost"},
	}
	for _, c := range cases {
		cli := &tls.Config{InsecureSkipVerify: true, ServerName: c.name}
		r := handshake(t, srv, cli)
		expectOK(t, r)
		if got := r.cli.PeerCertificates[0].Subject.CommonName; got != c.wantCN {
			t.Errorf("SNI %q: got certificate %q, want %q", c.name, got, c.wantCN)
		}
	}
	// SNI_enabled false: the SNI certificates are not used.
	off := mustServer(t, Options{"local_cert": p.server, "SNI_enabled": "0", "SNI_server_certs": map[string]any{"a.example.com": p.sniA}})
	r := handshake(t, off, &tls.Config{InsecureSkipVerify: true, ServerName: "a.example.com"})
	expectOK(t, r)
	if got := r.cli.PeerCertificates[0].Subject.CommonName; got != "localhost" {
		t.Errorf("SNI disabled: got %q", got)
	}
	// Only SNI certificates: matching names work, others fail clearly.
	only := mustServer(t, Options{"SNI_server_certs": map[string]any{"a.example.com": p.sniA}})
	expectOK(t, handshake(t, only, &tls.Config{InsecureSkipVerify: true, ServerName: "a.example.com"}))
	expectFail(t, handshake(t, only, &tls.Config{InsecureSkipVerify: true, ServerName: "b.example.com"}), "server",
		`no certificate for server name "b.example.com"`)
	// Client side: SNI_enabled false sends no server name, peer_name sets it.
	r = handshake(t, srv, mustClient(t, Options{"cafile": p.caFile, "SNI_enabled": false}, "localhost"))
	expectOK(t, r)
	if r.srv.ServerName != "" {
		t.Errorf("SNI sent although disabled: %q", r.srv.ServerName)
	}
	r = handshake(t, srv, mustClient(t, Options{"cafile": p.caFile, "peer_name": "a.example.com"}, "127.0.0.1"))
	expectOK(t, r)
	if r.srv.ServerName != "a.example.com" {
		t.Errorf("SNI %q, want peer_name", r.srv.ServerName)
	}
}

// A version pin applied with WithVersions must also hold on the ALPN
// fallback path (client and server share no protocol).
func TestWithVersionsKeepsALPNFallbackPinned(t *testing.T) {
	p := newPKI(t)
	srv := WithVersions(mustServer(t, Options{"local_cert": p.server, "alpn_protocols": "h2"}), tls.VersionTLS13, tls.VersionTLS13)
	cli := func(max uint16, alpn string) *tls.Config {
		return &tls.Config{InsecureSkipVerify: true, MaxVersion: max, NextProtos: []string{alpn}}
	}
	expectOK(t, handshake(t, srv, cli(tls.VersionTLS13, "other")))
	expectFail(t, handshake(t, srv, cli(tls.VersionTLS12, "other")), "server", "unsupported versions")
	expectFail(t, handshake(t, srv, cli(tls.VersionTLS12, "h2")), "server", "unsupported versions")
	r := handshake(t, srv, cli(tls.VersionTLS13, "h2"))
	expectOK(t, r)
	if r.cli.NegotiatedProtocol != "h2" {
		t.Errorf("ALPN %q", r.cli.NegotiatedProtocol)
	}
}
