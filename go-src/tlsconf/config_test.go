package tlsconf

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestServerOptionErrors(t *testing.T) {
	p := newPKI(t)
	empty := t.TempDir()
	cases := []struct {
		opts Options
		want string
	}{
		{Options{}, "no local_cert option: a TLS server needs a certificate"},
		{Options{"local_cert": ""}, "local_cert is empty"},
		{Options{"local_cert": []any{"x"}}, "local_cert must be a string"},
		{Options{"local_pk": p.server}, "local_pk is set but local_cert is not"},
		{Options{"local_cert": p.server, "SNI_enabled": false, "SNI_server_certs": map[string]any{}}, ""},
		{Options{"SNI_enabled": false, "SNI_server_certs": map[string]any{"a.example.com": p.sniA}}, "no local_cert option"},
		{Options{"local_cert": p.server, "verify_peer": true}, "verify_peer on a server needs cafile or capath"},
		{Options{"local_cert": p.server, "verify_peer_name": true}, "verify_peer_name on a server needs the peer_name option"},
		{Options{"local_cert": p.server, "alpn_protocols": ""}, "Failed parsing comma-separated TLS ALPN protocol string"},
		{Options{"local_cert": p.server, "alpn_protocols": "h2,,http/1.1"}, "Failed parsing comma-separated TLS ALPN protocol string"},
		{Options{"local_cert": p.server, "alpn_protocols": strings.Repeat("x", 256)}, "Failed parsing"},
		{Options{"local_cert": p.server, "ciphers": "NOPE"}, `unknown cipher "NOPE"`},
		{Options{"local_cert": p.server, "crypto_method": float64(16)}, "allows only TLS 1.1"},
		{Options{"local_cert": p.server, "cafile": filepath.Join(empty, "nope.pem")}, "unable to read CA file"},
		{Options{"local_cert": p.server, "cafile": p.sniAKey}, "contains no PEM certificate"},
		{Options{"local_cert": p.server, "capath": empty}, `CA directory "` + empty + `" contains no PEM certificate`},
		{Options{"local_cert": p.server, "peer_fingerprint": "abc"}, "peer_fingerprint string must be an md5"},
		{Options{"local_cert": p.server, "peer_fingerprint": map[string]any{"whirlpool": "00"}}, "Unknown digest method 'whirlpool'"},
		{Options{"local_cert": p.server, "peer_fingerprint": float64(1)}, "Expected peer fingerprint must be a string or an array"},
		{Options{"local_cert": p.server, "verify_depth": float64(-1)}, "verify_depth must be between 0 and 100"},
		{Options{"local_cert": p.server, "security_level": float64(4), "ciphers": "AES128"}, "no selected TLS 1.2 cipher suite is strong enough for security_level 4"},
		// Accepted-and-ignored options do not disturb anything.
		{Options{"local_cert": p.server, "disable_compression": true, "honor_cipher_order": true, "single_dh_use": true,
			"capture_peer_cert": false, "reneg_limit": float64(-1), "rsa_key_size": float64(2048), "dh_param": "/nope"}, ""},
	}
	for _, c := range cases {
		_, err := Server(c.opts)
		if c.want == "" {
			if err != nil {
				t.Errorf("%v: %v", c.opts, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v:\n got %v\nwant %q", c.opts, err, c.want)
		}
	}
}

func TestClientOptions(t *testing.T) {
	p := newPKI(t)
	c, err := Client(Options{}, "[::1]")
	if err != nil || c.ServerName != "::1" {
		t.Errorf("IPv6 host: %v %q", err, c.ServerName)
	}
	if _, err := Client(Options{}, ""); err == nil || !strings.Contains(err.Error(), "verify_peer_name needs a host name") {
		t.Errorf("no host: %v", err)
	}
	if _, err := Client(Options{"verify_peer_name": false}, ""); err != nil {
		t.Errorf("no host, no name check: %v", err)
	}
	if _, err := Client(Options{"local_cert": p.client, "passphrase": "ignored"}, "h"); err != nil {
		t.Errorf("client cert: %v", err)
	}
	if _, err := Client(Options{"local_cert": p.sniAEnc, "local_pk": p.sniAKey}, "h"); !errorsIs(err, ErrNeedPassphrase) {
		t.Errorf("client cert without passphrase: %v", err)
	}
	// CN_match is PHP's old name for peer_name.
	c, err = Client(Options{"CN_match": "cn.example"}, "host.example")
	if err != nil || c.ServerName != "cn.example" {
		t.Errorf("CN_match: %v %q", err, c.ServerName)
	}
}

func TestConfigDefaults(t *testing.T) {
	p := newPKI(t)
	for _, cfg := range []*tls.Config{mustServer(t, Options{"local_cert": p.server}), mustClient(t, Options{}, "h")} {
		if cfg.MinVersion != tls.VersionTLS12 || cfg.MaxVersion != tls.VersionTLS13 {
			t.Errorf("versions %x..%x", cfg.MinVersion, cfg.MaxVersion)
		}
		if !slices.Equal(cfg.CipherSuites, DefaultCipherSuites) {
			t.Errorf("suites %v", cfg.CipherSuites)
		}
		if !slices.Equal(cfg.CurvePreferences, []tls.CurveID{tls.X25519, tls.CurveP256, tls.CurveP384}) {
			t.Errorf("curves %v", cfg.CurvePreferences)
		}
	}
	k384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k521, err := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	c384 := writeFile(t, p.dir, "p384.pem", certPEM(makeCert(t, k384, certSpec{cn: "x"})), pkcs8PEM(t, k384))
	c521 := writeFile(t, p.dir, "p521.pem", certPEM(makeCert(t, k521, certSpec{cn: "x"})), pkcs8PEM(t, k521))
	s := mustServer(t, Options{"local_cert": c384, "no_ticket": true, "security_level": "4"})
	if !s.SessionTicketsDisabled {
		t.Error("no_ticket ignored")
	}
	if !slices.Equal(s.CurvePreferences, []tls.CurveID{tls.CurveP384, tls.CurveP521}) {
		t.Errorf("level 4 curves %v", s.CurvePreferences)
	}
	if len(s.CipherSuites) != 4 {
		t.Errorf("level 4 suites %v", names(s.CipherSuites))
	}
	if s.ClientAuth != tls.NoClientCert {
		t.Errorf("ClientAuth %v by default", s.ClientAuth)
	}
	s = mustServer(t, Options{"local_cert": c521, "crypto_method": float64(64), "ciphers": "AES128", "security_level": 5})
	if s.CipherSuites == nil || len(s.CipherSuites) != 0 {
		t.Errorf("TLS 1.3-only level-5 config must have an empty, non-nil suite list: %v", s.CipherSuites)
	}
}
