package tlsconf

import (
	"crypto/tls"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

func names(ids []uint16) []string {
	var out []string
	for _, id := range ids {
		for _, s := range allowedSuites {
			if s.id == id {
				out = append(out, s.name)
			}
		}
	}
	return out
}

func TestParseCiphers(t *testing.T) {
	const (
		eA128 = "ECDHE-ECDSA-AES128-GCM-SHA256"
		rA128 = "ECDHE-RSA-AES128-GCM-SHA256"
		eA256 = "ECDHE-ECDSA-AES256-GCM-SHA384"
		rA256 = "ECDHE-RSA-AES256-GCM-SHA384"
		eCha  = "ECDHE-ECDSA-CHACHA20-POLY1305"
		rCha  = "ECDHE-RSA-CHACHA20-POLY1305"
	)
	all := []string{eA256, rA256, eCha, rCha, eA128, rA128}
	cases := []struct {
		in      string
		want    []string
		refused []string
	}{
		{"ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305", []string{rA128, eCha}, nil},
		{"HIGH:!aNULL", all, nil},
		{"DEFAULT", all, nil},
		{"ALL", all, nil},
		{"ECDHE", all, nil},
		{"AESGCM", []string{eA256, rA256, eA128, rA128}, nil},
		{"CHACHA20", []string{eCha, rCha}, nil},
		{"ECDHE+AESGCM", []string{eA256, rA256, eA128, rA128}, nil},
		{"aRSA", []string{rA256, rCha, rA128}, nil},
		{"HIGH:!ECDSA", []string{rA256, rCha, rA128}, nil},
		{"HIGH:-AES256:AES256", []string{eCha, rCha, eA128, rA128, eA256, rA256}, nil},            // '-' then re-add at the end
		{"HIGH:!AES256:AES256", []string{eCha, rCha, eA128, rA128}, nil},                          // '!' is for good
		{"HIGH:+AES128", []string{eA256, rA256, eCha, rCha, eA128, rA128}, nil},                   // already last
		{"AES128:HIGH:@STRENGTH", []string{eA256, rA256, eCha, rCha, eA128, rA128}, nil},          // 256-bit first
		{"AES128:HIGH", []string{eA128, rA128, eA256, rA256, eCha, rCha}, nil},                    // order kept
		{"HIGH:+AES256", []string{eCha, rCha, eA128, rA128, eA256, rA256}, nil},                   // moved to the end
		{"ECDHE-RSA-AES128-GCM-SHA256, ECDHE-RSA-AES256-GCM-SHA384", []string{rA128, rA256}, nil}, // ',' and ' '
		{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", []string{rA128}, nil},                           // IANA name
		{"DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256",
			[]string{rA128}, []string{"DHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA", "AES128-GCM-SHA256"}},
		{"TLS_AES_256_GCM_SHA384:HIGH", all, []string{"TLS_AES_256_GCM_SHA384"}},
		{"DEFAULT:@SECLEVEL=0", all, nil},
	}
	for _, c := range cases {
		sel, err := ParseCiphers(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := names(sel.Suites); !slices.Equal(got, c.want) {
			t.Errorf("%q:\n got %v\nwant %v", c.in, got, c.want)
		}
		if !slices.Equal(sel.Refused, c.refused) {
			t.Errorf("%q: refused %v, want %v", c.in, sel.Refused, c.refused)
		}
	}
}

// PHP's own default list and Mozilla's intermediate list must parse.
func TestParseCiphersRealWorldStrings(t *testing.T) {
	strs := []string{
		// OPENSSL_DEFAULT_STREAM_CIPHERS (PHP 8.2)
		"ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:DHE-DSS-AES128-GCM-SHA256:kEDH+AESGCM:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA:ECDHE-ECDSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA:DHE-DSS-AES128-SHA256:DHE-RSA-AES256-SHA256:DHE-DSS-AES256-SHA:DHE-RSA-AES256-SHA:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128:AES256:HIGH:!SSLv2:!aNULL:!eNULL:!EXPORT:!DES:!MD5:!RC4:!ADH",
		// Mozilla intermediate (2023)
		"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305",
		// Old-style strings from PHP tutorials
		"ALL:!ADH:!EXPORT56:RC4+RSA:+HIGH:+MEDIUM:+LOW:+SSLv2:+EXP",
		"EECDH+AESGCM:EDH+AESGCM:AES256+EECDH:AES256+EDH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA",
	}
	for _, s := range strs {
		sel, err := ParseCiphers(s)
		if err != nil {
			t.Errorf("%.40q...: %v", s, err)
			continue
		}
		if len(sel.Suites) == 0 {
			t.Errorf("%.40q...: nothing selected", s)
		}
	}
}

func TestParseCiphersErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"ECDHE-RSA-AES128-GCM-SHA265", `unknown cipher "ECDHE-RSA-AES128-GCM-SHA265"`},
		{"HIGH:BOGUS", `unknown cipher "BOGUS" in ciphers "HIGH:BOGUS"`},
		{"ECDHE+BOGUS", `unknown cipher "BOGUS"`},
		{"high", `unknown cipher "high" in ciphers "high" (names are case-sensitive: did you mean "HIGH"?)`},
		{"ecdhe-rsa-aes128-gcm-sha256", `did you mean "ECDHE-RSA-AES128-GCM-SHA256"?`},
		{"RC4:3DES", `ciphers "RC4:3DES" selects no cipher suite gostream allows`},
		{"AES128-SHA", `selects no cipher suite gostream allows (ECDHE with AES-GCM or ChaCha20-Poly1305); not supported: AES128-SHA`},
		{"HIGH:!HIGH", "selects no cipher suite"},
		{"", "selects no cipher suite"},
		{"HIGH:!", `empty rule in ciphers "HIGH:!"`},
		{"HIGH:@FOO", `unknown cipher "@FOO"`},
		{"HIGH:@SECLEVEL=9", `bad "@SECLEVEL=9"`},
	}
	for _, c := range cases {
		_, err := ParseCiphers(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.in, err, c.want)
			continue
		}
		if !errorsIs(err, ErrBadOption) {
			t.Errorf("%q: error does not wrap ErrBadOption", c.in)
		}
	}
}

// Every keyword's selection must equal what OpenSSL selects among our
// suites, checked against the installed openssl.
func TestCipherKeywordsMatchOpenSSL(t *testing.T) {
	ossl := needOpenSSL(t)
	for kw := range cipherKeywords {
		out, err := exec.Command(ossl, "ciphers", kw).Output()
		var theirs []string
		if err == nil { // error: this OpenSSL does not know it or selects nothing
			for _, n := range strings.Split(strings.TrimSpace(string(out)), ":") {
				for _, s := range allowedSuites {
					if s.name == n {
						theirs = append(theirs, n)
					}
				}
			}
		}
		var ours []string
		for _, s := range allowedSuites {
			if cipherKeywords[kw](s) {
				ours = append(ours, s.name)
			}
		}
		slices.Sort(theirs)
		slices.Sort(ours)
		if !slices.Equal(ours, theirs) {
			t.Errorf("%s: ours %v, openssl %v", kw, ours, theirs)
		}
	}
	// And every OpenSSL name is either ours or recognised as refused.
	out := runCmd(t, ossl, "ciphers", "ALL:COMPLEMENTOFALL")
	for _, n := range strings.Split(strings.TrimSpace(out), ":") {
		if _, _, err := cipherRule(n, n); err != nil {
			t.Errorf("OpenSSL cipher %s: %v", n, err)
		}
	}
}

func TestDefaultSuitesAreAEADAndForwardSecret(t *testing.T) {
	insecure := map[uint16]bool{}
	for _, c := range tls.InsecureCipherSuites() {
		insecure[c.ID] = true
	}
	for _, id := range DefaultCipherSuites {
		name := tls.CipherSuiteName(id)
		if insecure[id] || !strings.HasPrefix(name, "TLS_ECDHE_") || !(strings.Contains(name, "_GCM_") || strings.Contains(name, "CHACHA20_POLY1305")) {
			t.Errorf("default suite %s is not ECDHE+AEAD", name)
		}
	}
	if len(DefaultCipherSuites) != 6 {
		t.Errorf("%d default suites", len(DefaultCipherSuites))
	}
}
