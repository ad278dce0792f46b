package tlsconf

import (
	"crypto/tls"
	"path/filepath"
	"strings"
	"testing"
)

func TestMatchHostname(t *testing.T) {
	cases := []struct {
		name, pattern string
		want          bool
	}{
		{"a.example.com", "a.example.com", true},
		{"A.EXAMPLE.com.", "a.example.com", true},
		{"a.example.com", "*.example.com", true},
		{"example.com", "*.example.com", false},
		{"x.a.example.com", "*.example.com", false},
		{".example.com", "*.example.com", false},
		{"www1.example.com", "www*.example.com", true}, // PHP allows a partial label
		{"www.example.com", "www*.example.com", true},
		{"mail.example.com", "www*.example.com", false},
		{"example.com", "*.com", false}, // too broad
		{"localhost", "*", false},       // too broad
		{"a.b.example.com", "a.*.example.com", false},
		{"", "*.example.com", false},
	}
	for _, c := range cases {
		if got := matchHostname(c.name, c.pattern); got != c.want {
			t.Errorf("matchHostname(%q, %q) = %v", c.name, c.pattern, got)
		}
	}
}

func TestSNIErrors(t *testing.T) {
	p := newPKI(t)
	missing := filepath.Join(p.dir, "missing.pem")
	cases := []struct {
		v    any
		want string
	}{
		{"a.pem", "SNI_server_certs requires an array mapping host names to cert paths"},
		{float64(1), "SNI_server_certs requires an array mapping host names to cert paths"},
		{map[string]any{}, "SNI_server_certs host cert array must not be empty"},
		{[]any{}, "SNI_server_certs host cert array must not be empty"},
		{[]any{p.sniA}, "SNI_server_certs array requires string host name keys"},
		{map[string]any{"0": p.sniA}, "SNI_server_certs array requires string host name keys"},
		{map[string]any{"a.example.com": map[string]any{"local_pk": p.sniAKey}}, "local_cert not present in the array"},
		{map[string]any{"a.example.com": missing}, `unable to read certificate file "` + missing + `"`},
		{map[string]any{"a.example.com": float64(3)}, `SNI_server_certs entry for "a.example.com" must be a cert path`},
		{map[string]any{"*.com": p.sniWild}, `a wildcard must be in the left-most label`},
		{map[string]any{"a.example.com": map[string]any{"local_cert": p.sniAEnc, "local_pk": p.sniAKey}},
			`encrypted private key "` + p.sniAKey + `" needs the passphrase option`},
	}
	for _, c := range cases {
		_, err := Server(Options{"local_cert": p.server, "SNI_server_certs": c.v})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%#v: got %v, want %q", c.v, err, c.want)
		}
	}
	// The top-level passphrase serves SNI entries that give none.
	_, err := Server(Options{"local_cert": p.server, "passphrase": string(testPass),
		"SNI_server_certs": map[string]any{"a.example.com": map[string]any{"local_cert": p.sniAEnc, "local_pk": p.sniAKey}}})
	if err != nil {
		t.Error(err)
	}
}

func TestSNILookupOrder(t *testing.T) {
	a, w, longer, def := &tls.Certificate{}, &tls.Certificate{}, &tls.Certificate{}, &tls.Certificate{}
	s := &sniCerts{
		exact:    map[string]*tls.Certificate{"a.example.com": a},
		wildcard: []sniEntry{{"*.sub.example.com", longer}, {"*.example.com", w}},
		def:      def,
	}
	if s.lookup("a.example.com") != a || s.lookup("b.example.com") != w || s.lookup("x.sub.example.com") != longer || s.lookup("nope") != def || s.lookup("") != def {
		t.Error("wrong SNI selection")
	}
}
