package tlsconf

// SNI_server_certs: per-host certificates chosen from the client's server
// name. Every entry is loaded and checked when the server is built.

import (
	"crypto/tls"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

type sniEntry struct {
	pattern string // lower case, may hold one '*' in its left-most label
	cert    *tls.Certificate
}

// sniCerts selects a certificate by server name: an exact name first, then
// the most specific wildcard, then the default (local_cert) certificate.
type sniCerts struct {
	exact    map[string]*tls.Certificate
	wildcard []sniEntry // longest pattern first
	def      *tls.Certificate
}

// phpIntKey matches keys PHP stores as integers ("0", "17", "-3"): such an
// array has no string host name there.
var phpIntKey = regexp.MustCompile(`^(0|-?[1-9][0-9]{0,18})$`)

// loadSNICerts parses the option; level is the security level every
// certificate must meet. The error texts for malformed values are PHP's.
func loadSNICerts(v any, passphrase []byte, level int) (*sniCerts, error) {
	const opt = "SNI_server_certs"
	var m map[string]any
	switch x := v.(type) {
	case map[string]any:
		m = x
	case []any: // a PHP list: integer keys
		if len(x) == 0 {
			return nil, optionError(opt, "SNI_server_certs host cert array must not be empty")
		}
		return nil, optionError(opt, "SNI_server_certs array requires string host name keys")
	default:
		return nil, optionError(opt, "SNI_server_certs requires an array mapping host names to cert paths")
	}
	if len(m) == 0 {
		return nil, optionError(opt, "SNI_server_certs host cert array must not be empty")
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names) // deterministic errors and wildcard order

	s := &sniCerts{exact: map[string]*tls.Certificate{}}
	for _, host := range names {
		if phpIntKey.MatchString(host) {
			return nil, optionError(opt, "SNI_server_certs array requires string host name keys")
		}
		pattern := normalizeHost(host)
		if pattern == "" {
			return nil, optionError(opt, "SNI_server_certs host name must not be empty")
		}
		certFile, keyFile, pass, err := sniEntryFiles(host, m[host], passphrase)
		if err != nil {
			return nil, err
		}
		cert, err := loadLocalCert(certFile, keyFile, pass, level)
		if err != nil {
			return nil, err
		}
		if strings.Contains(pattern, "*") {
			if !validWildcard(pattern) {
				return nil, optionError(opt, "SNI_server_certs host %q: a wildcard must be in the left-most label, followed by a domain", host)
			}
			s.wildcard = append(s.wildcard, sniEntry{pattern, &cert})
		} else {
			s.exact[pattern] = &cert
		}
	}
	sort.SliceStable(s.wildcard, func(i, j int) bool { return len(s.wildcard[i].pattern) > len(s.wildcard[j].pattern) })
	return s, nil
}

// sniEntryFiles reads one entry: a path, or an array with local_cert and
// optional local_pk and passphrase (the top-level passphrase otherwise).
func sniEntryFiles(host string, v any, passphrase []byte) (certFile, keyFile string, pass []byte, err error) {
	switch x := v.(type) {
	case string:
		if x = strings.TrimPrefix(x, "file://"); x == "" {
			return "", "", nil, optionError("SNI_server_certs", "SNI_server_certs entry for %q is an empty path", host)
		}
		return x, "", passphrase, nil
	case map[string]any:
		entry := Options(x)
		if certFile, err = entry.getPath("local_cert"); err != nil {
			return "", "", nil, err
		}
		if certFile == "" {
			return "", "", nil, optionError("SNI_server_certs", "local_cert not present in the array")
		}
		if keyFile, err = entry.getPath("local_pk"); err != nil {
			return "", "", nil, err
		}
		pass = passphrase
		if _, ok := entry["passphrase"]; ok {
			if pass, err = entry.getPassphrase("passphrase"); err != nil {
				return "", "", nil, err
			}
		}
		return certFile, keyFile, pass, nil
	}
	return "", "", nil, optionError("SNI_server_certs", "SNI_server_certs entry for %q must be a cert path or an array with local_cert", host)
}

// normalizeHost lower-cases and drops a trailing dot, as DNS names compare.
func normalizeHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
}

// validWildcard: one '*', inside the left-most label, and at least two
// labels after it ("*.example.com", not "*" or "*.com").
func validWildcard(p string) bool {
	star := strings.IndexByte(p, '*')
	dot := strings.IndexByte(p, '.')
	return strings.Count(p, "*") == 1 && dot > star && strings.Count(p[dot+1:], ".") >= 1
}

// matchHostname is PHP's php_openssl_matches_wildcard_name: equal ignoring
// case, or a pattern whose '*' (left-most label only) stands for a run of
// characters without a dot.
func matchHostname(name, pattern string) bool {
	name, pattern = normalizeHost(name), normalizeHost(pattern)
	if name == "" || pattern == "" {
		return false
	}
	if name == pattern {
		return true
	}
	if !validWildcard(pattern) {
		return false
	}
	star := strings.IndexByte(pattern, '*')
	prefix, suffix := pattern[:star], pattern[star+1:]
	if len(name) < len(prefix)+len(suffix) || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, suffix) {
		return false
	}
	middle := name[len(prefix) : len(name)-len(suffix)]
	return !strings.Contains(middle, ".") && (middle != "" || prefix != "")
}

// lookup picks the certificate for a server name; nil if none fits.
func (s *sniCerts) lookup(serverName string) *tls.Certificate {
	name := normalizeHost(serverName)
	if c, ok := s.exact[name]; ok {
		return c
	}
	for _, e := range s.wildcard {
		if matchHostname(name, e.pattern) {
			return e.cert
		}
	}
	return s.def
}

// getCertificate is the tls.Config.GetCertificate hook.
func (s *sniCerts) getCertificate(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	if c := s.lookup(hello.ServerName); c != nil {
		return c, nil
	}
	if hello.ServerName == "" {
		return nil, fmt.Errorf("client sent no server name and there is no local_cert")
	}
	return nil, fmt.Errorf("no certificate for server name %q in SNI_server_certs and no local_cert", hello.ServerName)
}
