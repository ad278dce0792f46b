package tlsconf

import (
	"crypto"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"hash"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Keys are generated once per test binary: RSA generation is slow under -race.
var (
	keysOnce sync.Once
	rsa2048  *rsa.PrivateKey
	rsa1024  *rsa.PrivateKey
)

func rsaKeys(t testing.TB) (k2048, k1024 *rsa.PrivateKey) {
	t.Helper()
	keysOnce.Do(func() {
		var err error
		if rsa2048, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if rsa1024, err = rsa.GenerateKey(rand.Reader, 1024); err != nil {
			panic(err)
		}
	})
	return rsa2048, rsa1024
}

func ecKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func edKey(t testing.TB) ed25519.PrivateKey {
	t.Helper()
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// certSpec describes a test certificate.
type certSpec struct {
	cn        string
	names     []pkix.AttributeTypeAndValue // more subject attributes, after cn
	dns       []string
	ips       []net.IP
	isCA      bool
	client    bool // ExtKeyUsageClientAuth instead of ServerAuth
	notBefore time.Time
	notAfter  time.Time
	parent    *x509.Certificate // nil: self-signed
	parentKey crypto.Signer
}

var serial int64 = 1
var serialMu sync.Mutex

func makeCert(t testing.TB, key crypto.Signer, s certSpec) *x509.Certificate {
	t.Helper()
	serialMu.Lock()
	serial++
	sn := serial
	serialMu.Unlock()
	if s.notBefore.IsZero() {
		s.notBefore = time.Now().Add(-time.Hour)
	}
	if s.notAfter.IsZero() {
		s.notAfter = time.Now().Add(24 * time.Hour)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(sn),
		Subject:               pkix.Name{CommonName: s.cn, ExtraNames: s.names},
		DNSNames:              s.dns,
		IPAddresses:           s.ips,
		NotBefore:             s.notBefore,
		NotAfter:              s.notAfter,
		BasicConstraintsValid: true,
		IsCA:                  s.isCA,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
	}
	if s.isCA {
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	} else if s.client {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	} else {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	}
	parent, parentKey := tmpl, key
	if s.parent != nil {
		parent, parentKey = s.parent, s.parentKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func certPEM(certs ...*x509.Certificate) []byte {
	var out []byte
	for _, c := range certs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}

func pkcs8PEM(t testing.TB, key any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

func writeFile(t testing.TB, dir, name string, parts ...[]byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	var data []byte
	for _, b := range parts {
		data = append(data, b...)
	}
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// pad7 adds PKCS#7 padding.
func pad7(b []byte, bs int) []byte {
	n := bs - len(b)%bs
	out := append([]byte(nil), b...)
	for range n {
		out = append(out, byte(n))
	}
	return out
}

func cbcEncrypt(t testing.TB, c cbcCipher, key, iv, plain []byte) []byte {
	t.Helper()
	block, err := c.new(key)
	if err != nil {
		t.Fatal(err)
	}
	data := pad7(plain, block.BlockSize())
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(data, data)
	return data
}

// encryptPKCS8 is the test-side PBES2 encoder (the decoder is checked
// against OpenSSL separately, so a shared misunderstanding would show).
func encryptPKCS8(t testing.TB, key any, pass []byte, prfOID asn1.ObjectIdentifier, prf func() hash.Hash, cOID asn1.ObjectIdentifier, c cbcCipher, iter int) *pem.Block {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	salt := make([]byte, 16)
	rand.Read(salt)
	k, err := pbkdf2.Key(prf, string(pass), salt, iter, c.keySize)
	if err != nil {
		t.Fatal(err)
	}
	block, err := c.new(k)
	if err != nil {
		t.Fatal(err)
	}
	iv := make([]byte, block.BlockSize())
	rand.Read(iv)
	enc := cbcEncrypt(t, c, k, iv, der)
	ivDER, _ := asn1.Marshal(iv)
	kp := pbkdf2Params{Salt: salt, Iterations: iter}
	if !prfOID.Equal(oidHMACWithSHA1) { // SHA-1 is the DEFAULT, so omitted
		kp.PRF = pkix.AlgorithmIdentifier{Algorithm: prfOID, Parameters: asn1.NullRawValue}
	}
	kpDER, err := asn1.Marshal(kp)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := asn1.Marshal(pbes2Params{
		KeyDerivationFunc: pkix.AlgorithmIdentifier{Algorithm: oidPBKDF2, Parameters: asn1.RawValue{FullBytes: kpDER}},
		EncryptionScheme:  pkix.AlgorithmIdentifier{Algorithm: cOID, Parameters: asn1.RawValue{FullBytes: ivDER}},
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := asn1.Marshal(encryptedPrivateKeyInfo{
		Algo:          pkix.AlgorithmIdentifier{Algorithm: oidPBES2, Parameters: asn1.RawValue{FullBytes: p2}},
		EncryptedData: enc,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: out}
}

// encryptLegacy writes the RFC 1423 form ("Proc-Type: 4,ENCRYPTED").
func encryptLegacy(t testing.TB, blockType string, der, pass []byte, name string) *pem.Block {
	t.Helper()
	c := rfc1423Ciphers[name]
	bs := 16
	if strings.HasPrefix(name, "DES") {
		bs = 8
	}
	iv := make([]byte, bs)
	rand.Read(iv)
	key := evpBytesToKey(pass, iv[:8], c.keySize)
	return &pem.Block{
		Type: blockType,
		Headers: map[string]string{
			"Proc-Type": "4,ENCRYPTED",
			"DEK-Info":  name + "," + strings.ToUpper(hex.EncodeToString(iv)),
		},
		Bytes: cbcEncrypt(t, c, key, iv, der),
	}
}

// needOpenSSL returns the openssl binary or skips the (sub)test.
func needOpenSSL(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl command not installed")
	}
	return p
}

func runCmd(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// sameKey compares private keys through their public halves.
func sameKey(a, b crypto.PrivateKey) bool {
	sa, ok1 := a.(crypto.Signer)
	sb, ok2 := b.(crypto.Signer)
	return ok1 && ok2 && publicKeysEqual(sa.Public(), sb.Public())
}

func readPEMBlock(t *testing.T, path string) *pem.Block {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b := firstKeyBlock(data)
	if b == nil {
		t.Fatalf("%s: no key block in\n%s", path, data)
	}
	return b
}

// wantErr checks err is an *Error wrapping sentinel whose text contains want.
func wantErr(t *testing.T, err error, sentinel error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %q", want)
	}
	var e *Error
	if !errorsAs(err, &e) {
		t.Fatalf("error %T %v is not *Error", err, err)
	}
	if sentinel != nil && !errorsIs(err, sentinel) {
		t.Errorf("error %q does not wrap %v", err, sentinel)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
}

var randReader = rand.Reader

func ecdhX25519() ecdh.Curve { return ecdh.X25519() }

var sha256New = sha256.New

func pemEncode(b *pem.Block) []byte { return pem.EncodeToMemory(b) }
