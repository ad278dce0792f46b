package tlsconf

// security_level, after OpenSSL's SSL_CTX_set_security_level: each level
// sets a minimum strength in bits, checked here against the local keys,
// the signatures of the local chain, the TLS 1.2 suites and the curves.

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"strconv"
)

const (
	minSecurityLevel = 0
	maxSecurityLevel = 5
	// defaultSecurityLevel is 2 (112-bit: RSA >= 2048, no SHA-1
	// signatures), what Debian and Ubuntu configure OpenSSL with. Plain
	// OpenSSL's default is 1; set "security_level" => 1 for 1024-bit keys.
	defaultSecurityLevel = 2
)

// Per level: minimum security bits, and the RSA and EC key sizes that reach
// them (OpenSSL's table; Ed25519 counts as 128 bits).
var (
	levelBits  = [...]int{0, 80, 112, 128, 192, 256}
	levelRSA   = [...]int{0, 1024, 2048, 3072, 7680, 15360}
	levelEC    = [...]int{0, 160, 224, 256, 384, 512}
	ed25519Sec = 128
)

// DefaultCipherSuites are the TLS 1.2 suites used when "ciphers" is unset.
var DefaultCipherSuites = func() []uint16 {
	ids := make([]uint16, len(allowedSuites))
	for i, s := range allowedSuites {
		ids[i] = s.id
	}
	return ids
}()

// DefaultCurves are the key exchange groups offered: X25519, P-256, P-384.
var DefaultCurves = []tls.CurveID{tls.X25519, tls.CurveP256, tls.CurveP384}

// curveBits: security bits of each group, for security_level 4 and 5.
var curveBits = map[tls.CurveID]int{tls.X25519: 128, tls.CurveP256: 128, tls.CurveP384: 192, tls.CurveP521: 256}

// securityLevel reads the option: out of 0..5 is an error with PHP's text
// (PHP only warns and applies it anyway, OpenSSL then clamps).
func securityLevel(opts Options, fromCiphers int) (int, error) {
	n, ok := opts.getInt("security_level")
	if !ok {
		if fromCiphers >= 0 {
			return fromCiphers, nil
		}
		return defaultSecurityLevel, nil
	}
	if n < minSecurityLevel || n > maxSecurityLevel {
		return 0, optionError("security_level", "Security level must be between %d and %d", minSecurityLevel, maxSecurityLevel)
	}
	return int(n), nil
}

// keyStrength describes a public key: its kind, size in bits and security bits.
func keyStrength(pub any) (kind string, size, sec int) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		size = k.N.BitLen()
		for lvl := len(levelRSA) - 1; lvl >= 0; lvl-- {
			if size >= levelRSA[lvl] {
				return "RSA", size, levelBits[lvl]
			}
		}
	case *ecdsa.PublicKey:
		size = k.Curve.Params().BitSize
		return "EC", size, min(size/2, levelBits[maxSecurityLevel])
	case ed25519.PublicKey:
		return "Ed25519", 256, ed25519Sec
	}
	return fmt.Sprintf("%T", pub), 0, 0
}

// sigBits is the security of a certificate signature's digest.
func sigBits(a x509.SignatureAlgorithm) int {
	switch a {
	case x509.MD2WithRSA, x509.MD5WithRSA:
		return 0
	case x509.SHA1WithRSA, x509.DSAWithSHA1, x509.ECDSAWithSHA1:
		return 80
	case x509.SHA256WithRSA, x509.SHA256WithRSAPSS, x509.ECDSAWithSHA256, x509.DSAWithSHA256, x509.PureEd25519:
		return 128
	case x509.SHA384WithRSA, x509.SHA384WithRSAPSS, x509.ECDSAWithSHA384:
		return 192
	}
	return 256
}

// loadLocalCert loads a certificate chain and key this side presents,
// refused when weaker than the security level.
func loadLocalCert(certFile, keyFile string, passphrase []byte, level int) (tls.Certificate, error) {
	c, err := LoadKeyPair(certFile, keyFile, passphrase)
	if err != nil {
		return tls.Certificate{}, err
	}
	if err := checkChainLevel(certFile, &c, level); err != nil {
		return tls.Certificate{}, err
	}
	return c, nil
}

// checkChainLevel refuses a local chain weaker than the level, as OpenSSL
// does when the certificate is set ("ee key too small", "ca md too weak").
func checkChainLevel(file string, cert *tls.Certificate, level int) error {
	need := levelBits[level]
	for i, der := range cert.Certificate {
		c := cert.Leaf
		if i > 0 || c == nil {
			var err error
			if c, err = x509.ParseCertificate(der); err != nil {
				continue // LoadKeyPair parsed it already
			}
		}
		what := "certificate " + strconv.Quote(file)
		if i > 0 {
			what = "chain certificate " + strconv.Quote(c.Subject.String()) + " in " + strconv.Quote(file)
		}
		kind, size, sec := keyStrength(c.PublicKey)
		if sec < need {
			want := ""
			switch kind {
			case "RSA":
				want = fmt.Sprintf("; use an RSA key of at least %d bits", levelRSA[level])
			case "EC":
				want = fmt.Sprintf("; use an EC key of at least %d bits", levelEC[level])
			}
			return errorf("security_level", file, "key too weak", ErrWeakKey,
				"%s has a %d-bit %s key, too weak for security_level %d%s (or lower security_level)",
				what, size, kind, level, want)
		}
		// OpenSSL does not judge the signature on a self-signed certificate.
		if !isSelfSigned(c) && sigBits(c.SignatureAlgorithm) < need {
			return errorf("security_level", file, "signature too weak", ErrWeakKey,
				"%s is signed with %s, too weak for security_level %d", what, c.SignatureAlgorithm, level)
		}
	}
	return nil
}

// levelSuites keeps the suites strong enough for the level.
func levelSuites(ids []uint16, level int) []uint16 {
	var out []uint16
	for _, id := range ids {
		for _, s := range allowedSuites {
			if s.id == id && s.bits >= levelBits[level] {
				out = append(out, id)
			}
		}
	}
	return out
}

// levelCurves keeps the groups strong enough for the level; above the
// defaults' 128 bits it adds P-521 so level 5 still has a group.
func levelCurves(level int) []tls.CurveID {
	if levelBits[level] <= 128 {
		return append([]tls.CurveID(nil), DefaultCurves...)
	}
	var out []tls.CurveID
	for _, c := range append(append([]tls.CurveID(nil), DefaultCurves...), tls.CurveP521) {
		if curveBits[c] >= levelBits[level] {
			out = append(out, c)
		}
	}
	return out
}
