package tlsconf

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestLoadKeyPair(t *testing.T) {
	dir := t.TempDir()
	key := ecKey(t)
	cert := makeCert(t, key, certSpec{cn: "localhost", dns: []string{"localhost"}})
	certFile := writeFile(t, dir, "cert.pem", certPEM(cert))
	keyFile := writeFile(t, dir, "key.pem", pkcs8PEM(t, key))
	both := writeFile(t, dir, "both.pem", []byte("text before\n"), certPEM(cert), pkcs8PEM(t, key))
	encBlock := encryptPKCS8(t, key, testPass, oidHMACWithSHA256, sha256.New, oidAES256CBC, cipherAES256, 2048)
	encKey := writeFile(t, dir, "enc.pem", pem.EncodeToMemory(encBlock))
	bothEnc := writeFile(t, dir, "both-enc.pem", certPEM(cert), pem.EncodeToMemory(encBlock))

	ok := []struct {
		name      string
		cert, key string
		pass      []byte
	}{
		{"separate", certFile, keyFile, nil},
		{"key-in-cert-file", both, "", nil},
		{"encrypted", certFile, encKey, testPass},
		{"encrypted-in-cert-file", bothEnc, "", testPass},
	}
	for _, c := range ok {
		t.Run(c.name, func(t *testing.T) {
			tc, err := LoadKeyPair(c.cert, c.key, c.pass)
			if err != nil {
				t.Fatal(err)
			}
			if tc.Leaf == nil || !tc.Leaf.Equal(cert) || len(tc.Certificate) != 1 || !sameKey(tc.PrivateKey, key) {
				t.Fatal("wrong certificate contents")
			}
		})
	}

	other := ecKey(t)
	otherKey := writeFile(t, dir, "other.pem", pkcs8PEM(t, other))
	expired := writeFile(t, dir, "expired.pem", certPEM(makeCert(t, key, certSpec{cn: "x",
		notBefore: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), notAfter: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})))
	future := writeFile(t, dir, "future.pem", certPEM(makeCert(t, key, certSpec{cn: "x",
		notBefore: time.Now().Add(48 * time.Hour), notAfter: time.Now().Add(96 * time.Hour)})))
	notPEM := writeFile(t, dir, "notpem.pem", []byte("hello, this is not PEM\n"))
	der := writeFile(t, dir, "cert.der", cert.Raw)
	keyOnly := writeFile(t, dir, "keyonly.pem", pkcs8PEM(t, key))
	badCert := writeFile(t, dir, "badcert.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("junk")}))
	missing := filepath.Join(dir, "missing.pem")

	bad := []struct {
		name      string
		cert, key string
		pass      []byte
		sentinel  error
		want      string
	}{
		{"mismatch", certFile, otherKey, nil, ErrKeyMismatch, `private key "` + otherKey + `" does not match certificate "` + certFile + `"`},
		{"expired", expired, keyFile, nil, ErrExpired, `certificate "` + expired + `" expired on 2024-01-01`},
		{"not-yet-valid", future, keyFile, nil, ErrNotYetValid, `certificate "` + future + `" is not valid before`},
		{"not-pem", notPEM, keyFile, nil, ErrNoCertificate, `"` + notPEM + `" contains no PEM certificate`},
		{"der", der, keyFile, nil, ErrNoCertificate, `"` + der + `" contains no PEM certificate`},
		{"key-only", keyOnly, "", nil, ErrNoCertificate, "contains no PEM certificate"},
		{"bad-cert", badCert, keyFile, nil, ErrUnsupported, `certificate 1 in "` + badCert + `" cannot be parsed`},
		{"no-key", certFile, "", nil, ErrNoPrivateKey, `no private key in "` + certFile + `": set local_pk`},
		{"key-file-without-key", certFile, certFile, nil, ErrNoPrivateKey, `"` + certFile + `" contains no PEM private key`},
		{"missing-cert", missing, keyFile, nil, os.ErrNotExist, `unable to read certificate file "` + missing + `": no such file or directory`},
		{"missing-key", certFile, missing, nil, os.ErrNotExist, `unable to read private key file "` + missing + `": no such file or directory`},
		{"directory", dir, keyFile, nil, ErrBadOption, "is a directory"},
		{"wrong-passphrase", certFile, encKey, []byte("nope"), ErrWrongPassphrase, `unable to load private key "` + encKey + `": wrong passphrase`},
		{"missing-passphrase", certFile, encKey, nil, ErrNeedPassphrase, `encrypted private key "` + encKey + `" needs the passphrase option`},
		{"empty-passphrase", certFile, encKey, []byte{}, ErrWrongPassphrase, "wrong passphrase"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadKeyPair(c.cert, c.key, c.pass)
			wantErr(t, err, c.sentinel, c.want)
			if strings.Contains(err.Error(), "tlsconf") {
				t.Errorf("error %q carries a package prefix", err)
			}
		})
	}
}

func TestLoadKeyPairChainOrderAndIntermediate(t *testing.T) {
	dir := t.TempDir()
	caKey, midKey, leafKey := ecKey(t), ecKey(t), ecKey(t)
	ca := makeCert(t, caKey, certSpec{cn: "root", isCA: true})
	mid := makeCert(t, midKey, certSpec{cn: "mid", isCA: true, parent: ca, parentKey: caKey})
	leaf := makeCert(t, leafKey, certSpec{cn: "leaf", dns: []string{"leaf"}, parent: mid, parentKey: midKey})
	chain := writeFile(t, dir, "chain.pem", certPEM(leaf, mid), pkcs8PEM(t, leafKey))
	tc, err := LoadKeyPair(chain, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(tc.Certificate) != 2 {
		t.Fatalf("chain has %d certificates", len(tc.Certificate))
	}
	oldMid := makeCert(t, midKey, certSpec{cn: "old mid", isCA: true, parent: ca, parentKey: caKey,
		notBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), notAfter: time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)})
	chain2 := writeFile(t, dir, "chain2.pem", certPEM(leaf, oldMid), pkcs8PEM(t, leafKey))
	_, err = LoadKeyPair(chain2, "", nil)
	wantErr(t, err, ErrExpired, `chain certificate "CN=old mid" in "`+chain2+`" expired on 2021-06-01`)
}

func TestLoadKeyPairUnusableKey(t *testing.T) {
	dir := t.TempDir()
	key := ecKey(t)
	cert := makeCert(t, key, certSpec{cn: "x"})
	certFile := writeFile(t, dir, "c.pem", certPEM(cert))
	x, err := (ecdhX25519()).GenerateKey(randReader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(x)
	if err != nil {
		t.Fatal(err)
	}
	k := writeFile(t, dir, "x.pem", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	_, err = LoadKeyPair(certFile, k, nil)
	wantErr(t, err, ErrUnsupported, `unable to load private key "`+k+`": key-agreement-only key`)
}

func TestSecurityLevelKeySize(t *testing.T) {
	dir := t.TempDir()
	k2048, k1024 := rsaKeys(t)
	c2048 := writeFile(t, dir, "2048.pem", certPEM(makeCert(t, k2048, certSpec{cn: "a"})), pkcs8PEM(t, k2048))
	c1024 := writeFile(t, dir, "1024.pem", certPEM(makeCert(t, k1024, certSpec{cn: "b"})), pkcs8PEM(t, k1024))
	ec := ecKey(t)
	cEC := writeFile(t, dir, "ec.pem", certPEM(makeCert(t, ec, certSpec{cn: "c"})), pkcs8PEM(t, ec))
	cases := []struct {
		file  string
		level any // PHP value as JSON would give it, or unset
		want  string
	}{
		{c2048, nil, ""},
		{c1024, nil, `certificate "` + c1024 + `" has a 1024-bit RSA key, too weak for security_level 2; use an RSA key of at least 2048 bits`},
		{c1024, float64(1), ""},
		{c1024, "0", ""},
		{c2048, float64(3), "has a 2048-bit RSA key, too weak for security_level 3; use an RSA key of at least 3072 bits"},
		{cEC, float64(3), ""},
		{cEC, "4", "has a 256-bit EC key, too weak for security_level 4; use an EC key of at least 384 bits"},
		{c2048, float64(6), "Security level must be between 0 and 5"},
		{c2048, float64(-1), "Security level must be between 0 and 5"},
	}
	for _, c := range cases {
		opts := Options{"local_cert": c.file}
		if c.level != nil {
			opts["security_level"] = c.level
		}
		_, err := Server(opts)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s level %v: %v", filepath.Base(c.file), c.level, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s level %v: got %v, want %q", filepath.Base(c.file), c.level, err, c.want)
		}
	}
	// @SECLEVEL in the cipher string counts when security_level is unset.
	if _, err := Server(Options{"local_cert": c1024, "ciphers": "DEFAULT:@SECLEVEL=1"}); err != nil {
		t.Errorf("@SECLEVEL=1: %v", err)
	}
}

// TestOpenSSLCertificate loads a certificate and encrypted key written by
// `openssl req -x509 -newkey`.
func TestOpenSSLCertificate(t *testing.T) {
	ossl := needOpenSSL(t)
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "c.pem"), filepath.Join(dir, "k.pem")
	runCmd(t, ossl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
		"-keyout", key, "-passout", "pass:pw", "-out", cert, "-days", "2", "-subj", "/CN=localhost",
		"-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")
	tc, err := LoadKeyPair(cert, key, []byte("pw"))
	if err != nil {
		t.Fatal(err)
	}
	if !matchCertName(tc.Leaf, "localhost") || !matchCertName(tc.Leaf, "127.0.0.1") || matchCertName(tc.Leaf, "example.com") {
		t.Error("name matching on an openssl certificate is wrong")
	}
}

func TestFileLimits(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.pem")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxPEMFileSize + 1); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	f.Close()
	_, err = LoadKeyPair(big, "", nil)
	wantErr(t, err, ErrBadOption, `certificate file "`+big+`" is larger than 16 MiB`)
	if err := os.Truncate(big, maxPEMFileSize); err != nil {
		t.Fatal(err)
	}
	_, err = LoadKeyPair(big, "", nil) // at the limit: read, then found empty
	wantErr(t, err, ErrNoCertificate, "contains no PEM certificate")

	many := t.TempDir()
	for i := range maxCAPathFiles + 1 {
		if err := os.WriteFile(filepath.Join(many, strconv.Itoa(i)), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, err = loadCAPath(many)
	wantErr(t, err, ErrBadOption, "more than 10000")
}

// A self-signed peer accepted by allow_self_signed must still be within
// its validity period; timeNow moves the clock.
func TestAllowSelfSignedValidity(t *testing.T) {
	key := ecKey(t)
	c := makeCert(t, key, certSpec{cn: "localhost", dns: []string{"localhost"}})
	p := &peerPolicy{verifyPeer: true, allowSelfSigned: true, depth: defaultVerifyDepth, verifyName: true, name: "localhost"}
	cs := tls.ConnectionState{PeerCertificates: []*x509.Certificate{c}}
	if err := p.verify(cs); err != nil {
		t.Fatal(err)
	}
	defer func(old func() time.Time) { timeNow = old }(timeNow)
	timeNow = func() time.Time { return time.Now().Add(72 * time.Hour) }
	err := p.verify(cs)
	wantErr(t, err, ErrPeerRejected, "self-signed certificate is outside its validity period")
	p.allowSelfSigned = false
	wantErr(t, p.verify(cs), ErrPeerRejected, "Could not verify peer")
	if err := p.verify(tls.ConnectionState{}); err == nil || err.Error() != "Could not get peer certificate" {
		t.Errorf("no certificate: %v", err)
	}
}

// A SHA-1 signature in the local chain fails security_level 2 (as OpenSSL's
// "ca md too weak") but passes level 1.
func TestOpenSSLWeakSignature(t *testing.T) {
	ossl := needOpenSSL(t)
	dir := t.TempDir()
	f := func(n string) string { return filepath.Join(dir, n) }
	runCmd(t, ossl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
		"-keyout", f("ca.key"), "-out", f("ca.pem"), "-days", "2", "-subj", "/CN=SHA1 CA")
	runCmd(t, ossl, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
		"-keyout", f("leaf.key"), "-out", f("leaf.csr"), "-subj", "/CN=localhost")
	runCmd(t, ossl, "x509", "-req", "-sha1", "-in", f("leaf.csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key"),
		"-CAcreateserial", "-out", f("leaf.pem"), "-days", "2")
	opts := Options{"local_cert": f("leaf.pem"), "local_pk": f("leaf.key")}
	_, err := Server(opts)
	wantErr(t, err, ErrWeakKey, `certificate "`+f("leaf.pem")+`" is signed with ECDSA-SHA1, too weak for security_level 2`)
	opts["security_level"] = float64(1)
	if _, err := Server(opts); err != nil {
		t.Fatal(err)
	}
}
