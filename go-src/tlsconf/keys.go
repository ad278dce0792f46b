package tlsconf

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"strconv"
	"strings"
	"time"
)

// dateLayout is how certificate dates appear in error messages.
const dateLayout = "2006-01-02"

// timeNow is time.Now; tests move the clock to check expiry handling.
var timeNow = time.Now

// DecryptPrivateKeyPEM decodes one PEM private key block:
//   - "ENCRYPTED PRIVATE KEY": PKCS#8 PBES2, PBKDF2 with HMAC-SHA1/224/256/384/512,
//     AES-128/192/256-CBC, DES-EDE3-CBC or DES-CBC;
//   - legacy RFC 1423 ("Proc-Type: 4,ENCRYPTED" and "DEK-Info" headers);
//   - unencrypted "PRIVATE KEY", "RSA PRIVATE KEY" and "EC PRIVATE KEY".
//
// passphrase nil means "no passphrase option": an encrypted block then fails
// with ErrNeedPassphrase (nothing ever prompts). A passphrase given for an
// unencrypted key is ignored, as OpenSSL does. A wrong passphrase gives
// ErrWrongPassphrase. The result is *rsa.PrivateKey, *ecdsa.PrivateKey,
// ed25519.PrivateKey or, for X25519 PKCS#8 keys, *ecdh.PrivateKey.
func DecryptPrivateKeyPEM(block *pem.Block, passphrase []byte) (crypto.PrivateKey, error) {
	if block == nil {
		return nil, keyError(ErrNoPrivateKey, "no PEM block")
	}
	switch {
	case block.Type == "ENCRYPTED PRIVATE KEY":
		if passphrase == nil {
			return nil, keyError(ErrNeedPassphrase, "key is encrypted and no passphrase was given")
		}
		der, err := decryptPKCS8(block.Bytes, passphrase)
		if err != nil {
			return nil, err
		}
		return parseDecryptedKey(der, "PRIVATE KEY")
	case isLegacyEncrypted(block):
		if passphrase == nil {
			return nil, keyError(ErrNeedPassphrase, "key is encrypted and no passphrase was given")
		}
		der, err := decryptRFC1423(block, passphrase)
		if err != nil {
			return nil, err
		}
		return parseDecryptedKey(der, block.Type)
	case block.Type == "PRIVATE KEY", block.Type == "RSA PRIVATE KEY", block.Type == "EC PRIVATE KEY":
		return parseKeyDER(block.Bytes, block.Type)
	case block.Type == "OPENSSH PRIVATE KEY":
		return nil, keyError(ErrUnsupported, "OpenSSH-format key: convert it with ssh-keygen -p -m PEM or openssl pkey")
	case strings.HasSuffix(block.Type, " PRIVATE KEY"):
		return nil, keyError(ErrUnsupported, "unsupported key type %q (use RSA, ECDSA or Ed25519)", block.Type)
	}
	return nil, keyError(ErrNoPrivateKey, "PEM block %q is not a private key", block.Type)
}

// parseDecryptedKey tells a wrong passphrase (garbage that is not even one
// DER SEQUENCE) from a well-formed key of a kind we cannot use.
func parseDecryptedKey(der []byte, blockType string) (crypto.PrivateKey, error) {
	var seq asn1.RawValue
	if !unmarshalAll(der, &seq) || seq.Class != asn1.ClassUniversal || seq.Tag != asn1.TagSequence || !seq.IsCompound {
		return nil, keyError(ErrWrongPassphrase, "wrong passphrase")
	}
	return parseKeyDER(der, blockType)
}

// parseKeyDER tries the parser the block type names first, then the others:
// mislabelled blocks are common and OpenSSL reads them too.
func parseKeyDER(der []byte, blockType string) (crypto.PrivateKey, error) {
	type parser struct {
		name  string
		parse func([]byte) (crypto.PrivateKey, error)
	}
	pkcs8 := parser{"PKCS#8", func(b []byte) (crypto.PrivateKey, error) { return x509.ParsePKCS8PrivateKey(b) }}
	pkcs1 := parser{"PKCS#1 RSA", func(b []byte) (crypto.PrivateKey, error) { return x509.ParsePKCS1PrivateKey(b) }}
	sec1 := parser{"SEC 1 EC", func(b []byte) (crypto.PrivateKey, error) { return x509.ParseECPrivateKey(b) }}
	order := []parser{pkcs8, pkcs1, sec1}
	switch blockType {
	case "RSA PRIVATE KEY":
		order = []parser{pkcs1, pkcs8, sec1}
	case "EC PRIVATE KEY":
		order = []parser{sec1, pkcs8, pkcs1}
	}
	var first error
	for _, p := range order {
		k, err := p.parse(der)
		if err == nil {
			return k, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, keyError(ErrUnsupported, "cannot parse %s private key: %s", order[0].name, strings.TrimPrefix(first.Error(), "x509: "))
}

// usableKey refuses keys crypto/tls cannot sign with.
func usableKey(k crypto.PrivateKey) error {
	switch k := k.(type) {
	case *rsa.PrivateKey, ed25519.PrivateKey:
		return nil
	case *ecdsa.PrivateKey:
		switch k.Curve {
		case elliptic.P256(), elliptic.P384(), elliptic.P521():
			return nil
		}
		return keyError(ErrUnsupported, "ECDSA curve %s is not usable for TLS (use P-256, P-384 or P-521)", k.Curve.Params().Name)
	case *ecdh.PrivateKey:
		return keyError(ErrUnsupported, "key-agreement-only key (X25519/X448) cannot sign a TLS handshake")
	}
	return keyError(ErrUnsupported, "unsupported private key type %T", k)
}

// LoadKeyPair reads a PEM certificate chain (leaf first) and its private
// key; keyFile "" means the key is in certFile, as PHP's local_cert allows.
// passphrase nil means none was given. It checks the key decrypts and
// matches the leaf and that every certificate is within its validity period.
func LoadKeyPair(certFile, keyFile string, passphrase []byte) (tls.Certificate, error) {
	var none tls.Certificate
	data, err := readFile("local_cert", "certificate file", certFile)
	if err != nil {
		return none, err
	}
	certs, ders, keyBlock, err := scanPEM(certFile, data)
	if err != nil {
		return none, err
	}
	if len(certs) == 0 {
		return none, errorf("local_cert", certFile, "contains no PEM certificate", ErrNoCertificate,
			"%q contains no PEM certificate", certFile)
	}
	if err := checkValidity(certFile, certs); err != nil {
		return none, err
	}

	keyPath := certFile
	if keyFile != "" {
		keyPath = keyFile
		kdata, err := readFile("local_pk", "private key file", keyFile)
		if err != nil {
			return none, err
		}
		keyBlock = firstKeyBlock(kdata)
		if keyBlock == nil {
			return none, errorf("local_pk", keyFile, "contains no PEM private key", ErrNoPrivateKey,
				"%q contains no PEM private key", keyFile)
		}
	} else if keyBlock == nil {
		return none, errorf("local_pk", certFile, "no private key", ErrNoPrivateKey,
			"no private key in %q: set local_pk or append the key to local_cert", certFile)
	}

	key, err := DecryptPrivateKeyPEM(keyBlock, passphrase)
	if err == nil {
		err = usableKey(key)
	}
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			e = &Error{Cause: err.Error(), Err: err}
		}
		if errors.Is(err, ErrNeedPassphrase) {
			return none, errorf("passphrase", keyPath, e.Cause, ErrNeedPassphrase,
				"encrypted private key %q needs the passphrase option", keyPath)
		}
		option := "local_pk"
		if errors.Is(err, ErrWrongPassphrase) {
			option = "passphrase"
		}
		return none, errorf(option, keyPath, e.Cause, e.Err, "unable to load private key %q: %s", keyPath, e.Cause)
	}

	pub, ok := key.(crypto.Signer)
	if !ok || !publicKeysEqual(certs[0].PublicKey, pub.Public()) {
		return none, errorf("local_pk", keyPath, "does not match certificate", ErrKeyMismatch,
			"private key %q does not match certificate %q", keyPath, certFile)
	}
	return tls.Certificate{Certificate: ders, PrivateKey: key, Leaf: certs[0]}, nil
}

func publicKeysEqual(a, b crypto.PublicKey) bool {
	eq, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && eq.Equal(b)
}

// isKeyBlock matches every "... PRIVATE KEY" PEM type.
func isKeyBlock(b *pem.Block) bool {
	return b.Type == "PRIVATE KEY" || strings.HasSuffix(b.Type, " PRIVATE KEY")
}

func firstKeyBlock(data []byte) *pem.Block {
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return nil
		}
		if isKeyBlock(b) {
			return b
		}
	}
}

// scanPEM collects the certificates (in file order) and the first private
// key block. Text between blocks, as `openssl x509 -text` leaves, is skipped.
func scanPEM(file string, data []byte) (certs []*x509.Certificate, ders [][]byte, key *pem.Block, err error) {
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return certs, ders, key, nil
		}
		switch {
		case b.Type == "CERTIFICATE" || b.Type == "X509 CERTIFICATE":
			c, perr := x509.ParseCertificate(b.Bytes)
			if perr != nil {
				cause := strings.TrimPrefix(perr.Error(), "x509: ")
				return nil, nil, nil, errorf("local_cert", file, cause, ErrUnsupported,
					"certificate %d in %q cannot be parsed: %s", len(certs)+1, file, cause)
			}
			certs = append(certs, c)
			ders = append(ders, b.Bytes)
		case key == nil && isKeyBlock(b):
			key = b
		}
	}
}

// checkValidity refuses a chain with a certificate outside its validity
// period: clients would refuse it on every handshake.
func checkValidity(file string, certs []*x509.Certificate) error {
	now := timeNow()
	for i, c := range certs {
		which := "certificate " + strconv.Quote(file)
		if i > 0 {
			which = "chain certificate " + strconv.Quote(c.Subject.String()) + " in " + strconv.Quote(file)
		}
		if now.After(c.NotAfter) {
			return errorf("local_cert", file, "expired", ErrExpired,
				"%s expired on %s", which, c.NotAfter.UTC().Format(dateLayout))
		}
		if now.Before(c.NotBefore) {
			return errorf("local_cert", file, "not yet valid", ErrNotYetValid,
				"%s is not valid before %s", which, c.NotBefore.UTC().Format(dateLayout))
		}
	}
	return nil
}

// isSelfSigned: issuer is subject and the certificate's own key verifies
// its signature (what OpenSSL calls a self-signed depth-0 certificate).
func isSelfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) &&
		c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}
