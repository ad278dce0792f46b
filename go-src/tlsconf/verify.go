package tlsconf

// Peer certificate checks with PHP's semantics, run from
// tls.Config.VerifyConnection for both roles. crypto/tls's own verification
// is switched off (InsecureSkipVerify / RequireAnyClientCert) because it
// cannot express allow_self_signed, the CN fallback of verify_peer_name,
// peer_fingerprint or a peer_name that differs from the SNI name.

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"net"
	"sort"
	"strings"
)

// defaultVerifyDepth is PHP's OPENSSL_DEFAULT_STREAM_VERIFY_DEPTH.
const defaultVerifyDepth = 9

// maxVerifyDepth caps verify_depth at OpenSSL's own default limit.
const maxVerifyDepth = 100

type fingerprint struct {
	algo string
	new  func() hash.Hash
	want []byte
}

var fingerprintAlgos = map[string]func() hash.Hash{
	"md5": md5.New, "sha1": sha1.New, "sha224": sha256.New224, "sha256": sha256.New,
	"sha384": sha512.New384, "sha512": sha512.New,
}

// peerPolicy is what PHP's php_openssl_apply_peer_verification_policy
// checks after the handshake.
type peerPolicy struct {
	server          bool // we are the server: the peer is a client
	verifyPeer      bool
	allowSelfSigned bool
	roots           *x509.CertPool // nil: system roots (client) / none (server)
	depth           int
	verifyName      bool
	name            string
	fingerprints    []fingerprint
}

// needsCert reports whether the peer must present a certificate.
func (p *peerPolicy) needsCert() bool {
	return p.verifyPeer || p.verifyName || len(p.fingerprints) > 0
}

func peerError(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Cause: msg, Err: ErrPeerRejected, msg: msg}
}

// errChainRejected marks a peer chain that did not verify; it is an
// ErrPeerRejected too.
var errChainRejected = fmt.Errorf("%w: chain not trusted", ErrPeerRejected)

func chainError(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Cause: msg, Err: errChainRejected, msg: msg}
}

// FailedAfterCapture reports whether a handshake that failed with err had
// got as far as PHP's capture_peer_cert: PHP captures the certificate when
// OpenSSL's handshake is done and then checks the peer name and the
// fingerprint, while OpenSSL itself fails a chain that does not verify.
func FailedAfterCapture(err error) bool {
	return errors.Is(err, ErrPeerRejected) && !errors.Is(err, errChainRejected)
}

// verify is the VerifyConnection hook. Texts follow PHP's warnings.
func (p *peerPolicy) verify(cs tls.ConnectionState) error {
	if !p.needsCert() {
		return nil
	}
	if len(cs.PeerCertificates) == 0 {
		return peerError("Could not get peer certificate")
	}
	leaf := cs.PeerCertificates[0]
	if p.verifyPeer {
		if err := p.verifyChain(cs.PeerCertificates); err != nil {
			return err
		}
	}
	for _, f := range p.fingerprints {
		h := f.new()
		h.Write(leaf.Raw)
		if subtle.ConstantTimeCompare(h.Sum(nil), f.want) != 1 {
			return peerError("peer_fingerprint match failure")
		}
	}
	if p.verifyName && !matchCertName(leaf, p.name) {
		return nameMismatch(leaf, p.name)
	}
	return nil
}

// nameMismatch is PHP's warning for a certificate none of whose names
// matched (php_openssl_matches_common_name): it quotes the subject's CN,
// or says there is none.
func nameMismatch(c *x509.Certificate, name string) error {
	cn, ok := commonName(c)
	if !ok {
		return peerError("Unable to locate peer certificate CN")
	}
	if nul := strings.IndexByte(cn, 0); nul >= 0 {
		return peerError("Peer certificate CN=`%s' is malformed", cn[:nul])
	}
	return peerError("Peer certificate CN=`%s' did not match expected CN=`%s'", cn, name)
}

// oidCommonName is the X.509 attribute type of a subject's CN.
var oidCommonName = asn1.ObjectIdentifier{2, 5, 4, 3}

// commonName is the subject's first CN, as OpenSSL reads it; ok is false
// when the subject has none. (Go's Subject.CommonName keeps the last, and
// is "" for both a missing and an empty CN.)
func commonName(c *x509.Certificate) (cn string, ok bool) {
	for _, atv := range c.Subject.Names {
		if atv.Type.Equal(oidCommonName) {
			s, _ := atv.Value.(string)
			return s, true
		}
	}
	return "", false
}

func (p *peerPolicy) verifyChain(certs []*x509.Certificate) error {
	leaf := certs[0]
	usage := x509.ExtKeyUsageServerAuth
	if p.server {
		usage = x509.ExtKeyUsageClientAuth
	}
	opts := x509.VerifyOptions{
		Roots:         p.roots,
		Intermediates: x509.NewCertPool(),
		KeyUsages:     []x509.ExtKeyUsage{usage},
		CurrentTime:   timeNow(),
	}
	for _, c := range certs[1:] {
		opts.Intermediates.AddCert(c)
	}
	var err error
	if p.server && p.roots == nil {
		// Servers get no system trust store (PHP/OpenSSL behave the same).
		err = fmt.Errorf("no cafile or capath to verify it against")
	} else {
		var chains [][]*x509.Certificate
		chains, err = leaf.Verify(opts)
		if err == nil {
			for _, ch := range chains {
				// OpenSSL depth: levels 0..depth below the trust anchor.
				if len(ch) <= p.depth+2 {
					return nil
				}
			}
			return chainError("Could not verify peer: certificate chain too long (verify_depth %d)", p.depth)
		}
	}
	if p.allowSelfSigned && isSelfSigned(leaf) {
		now := timeNow()
		if now.Before(leaf.NotBefore) || now.After(leaf.NotAfter) {
			return chainError("Could not verify peer: self-signed certificate is outside its validity period (%s to %s)",
				leaf.NotBefore.UTC().Format(dateLayout), leaf.NotAfter.UTC().Format(dateLayout))
		}
		return nil
	}
	return chainError("Could not verify peer: %s", strings.TrimPrefix(err.Error(), "x509: "))
}

// matchCertName is PHP's peer name rule: any DNS SAN (or IP SAN for an IP
// name), then the subject CN; '*' only in the left-most label.
func matchCertName(c *x509.Certificate, name string) bool {
	if ip := net.ParseIP(strings.Trim(name, "[]")); ip != nil {
		for _, a := range c.IPAddresses {
			if a.Equal(ip) {
				return true
			}
		}
	}
	for _, d := range c.DNSNames {
		if matchHostname(name, d) {
			return true
		}
	}
	cn, _ := commonName(c)
	return !strings.ContainsRune(cn, 0) && matchHostname(name, cn)
}

// parseFingerprints reads peer_fingerprint: a hex string (32 chars md5, 40
// sha1) or an array of algo => hex, all of which must match.
func parseFingerprints(v any) ([]fingerprint, error) {
	const opt = "peer_fingerprint"
	one := func(algo, hexStr string) (fingerprint, error) {
		algo = strings.ToLower(algo)
		newHash, ok := fingerprintAlgos[algo]
		if !ok {
			return fingerprint{}, optionError(opt, "Unknown digest method '%s' in peer_fingerprint", algo)
		}
		want, err := hex.DecodeString(hexStr)
		if err != nil || len(want) != newHash().Size() {
			return fingerprint{}, optionError(opt, "peer_fingerprint %s value %q is not a %d-character hex digest", algo, hexStr, 2*newHash().Size())
		}
		return fingerprint{algo, newHash, want}, nil
	}
	switch x := v.(type) {
	case string:
		switch len(x) {
		case 2 * md5.Size:
			f, err := one("md5", x)
			return []fingerprint{f}, err
		case 2 * sha1.Size:
			f, err := one("sha1", x)
			return []fingerprint{f}, err
		}
		return nil, optionError(opt, "peer_fingerprint string must be an md5 (32 hex characters) or sha1 (40) digest; use [algo => hex] for others")
	case map[string]any:
		if len(x) == 0 {
			return nil, optionError(opt, "Invalid peer_fingerprint array; [algo => fingerprint] form required")
		}
		algos := make([]string, 0, len(x))
		for k := range x {
			algos = append(algos, k)
		}
		sort.Strings(algos)
		var out []fingerprint
		for _, a := range algos {
			s, ok := x[a].(string)
			if !ok {
				return nil, optionError(opt, "Invalid peer_fingerprint array; [algo => fingerprint] form required")
			}
			f, err := one(a, s)
			if err != nil {
				return nil, err
			}
			out = append(out, f)
		}
		return out, nil
	case []any:
		return nil, optionError(opt, "Invalid peer_fingerprint array; [algo => fingerprint] form required")
	}
	return nil, optionError(opt, "Expected peer fingerprint must be a string or an array")
}

// peerPolicyFromOptions reads the verification options shared by both
// roles; defaults differ (clients verify, servers do not).
func peerPolicyFromOptions(opts Options, server bool, defaultName string) (*peerPolicy, error) {
	p := &peerPolicy{
		server:          server,
		verifyPeer:      opts.getBool("verify_peer", !server),
		allowSelfSigned: opts.getBool("allow_self_signed", false),
		depth:           defaultVerifyDepth,
	}
	if d, ok := opts.getInt("verify_depth"); ok {
		if d < 0 || d > maxVerifyDepth {
			return nil, optionError("verify_depth", "verify_depth must be between 0 and %d", maxVerifyDepth)
		}
		p.depth = int(d)
	}
	// CN_match is PHP's deprecated spelling of peer_name; it also turns
	// name checking on.
	_, hasCN := opts["CN_match"]
	p.verifyName = opts.getBool("verify_peer_name", !server)
	if hasCN {
		p.verifyName = opts.getBool("verify_peer_name", true)
	}
	name, ok, err := opts.getString("peer_name")
	if err != nil {
		return nil, err
	}
	if !ok && hasCN {
		if name, ok, err = opts.getString("CN_match"); err != nil {
			return nil, err
		}
	}
	if !ok {
		name = defaultName
	}
	p.name = name
	if p.verifyName && p.name == "" {
		if server {
			return nil, optionError("peer_name", "verify_peer_name on a server needs the peer_name option (the name expected in client certificates)")
		}
		return nil, optionError("peer_name", "verify_peer_name needs a host name or the peer_name option")
	}
	if v, ok := opts["peer_fingerprint"]; ok && v != nil {
		if p.fingerprints, err = parseFingerprints(v); err != nil {
			return nil, err
		}
	}
	return p, nil
}
