package tlsconf

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"hash"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var testPass = []byte("s3cret pass")

func TestDecryptPKCS8Matrix(t *testing.T) {
	key := ecKey(t)
	prfs := []struct {
		name string
		oid  asn1.ObjectIdentifier
		h    func() hash.Hash
	}{
		{"sha1", oidHMACWithSHA1, sha1.New},
		{"sha224", oidHMACWithSHA224, sha256.New224},
		{"sha256", oidHMACWithSHA256, sha256.New},
		{"sha384", oidHMACWithSHA384, sha512.New384},
		{"sha512", oidHMACWithSHA512, sha512.New},
	}
	for _, p := range prfs {
		for _, c := range pbes2Ciphers {
			t.Run(p.name+"/"+c.c.name, func(t *testing.T) {
				b := encryptPKCS8(t, key, testPass, p.oid, p.h, c.oid, c.c, 1000)
				got, err := DecryptPrivateKeyPEM(b, testPass)
				if err != nil {
					t.Fatal(err)
				}
				if !sameKey(got, key) {
					t.Fatal("decrypted a different key")
				}
				_, err = DecryptPrivateKeyPEM(b, []byte("wrong"))
				wantErr(t, err, ErrWrongPassphrase, "wrong passphrase")
				_, err = DecryptPrivateKeyPEM(b, nil)
				wantErr(t, err, ErrNeedPassphrase, "no passphrase")
			})
		}
	}
}

// A wrong passphrase must never be mistaken for success, whatever the
// padding happens to be: try many.
func TestWrongPassphraseManyTimes(t *testing.T) {
	key := ecKey(t)
	b := encryptPKCS8(t, key, testPass, oidHMACWithSHA256, sha256.New, oidAES256CBC, cipherAES256, 1)
	for i := range 2000 {
		pw := []byte("wrong-" + string(rune('a'+i%26)) + strings.Repeat("x", i/26))
		if _, err := DecryptPrivateKeyPEM(b, pw); !errorsIs(err, ErrWrongPassphrase) {
			t.Fatalf("passphrase %q: got %v", pw, err)
		}
	}
}

func TestDecryptLegacyRFC1423(t *testing.T) {
	k2048, _ := rsaKeys(t)
	ec := ecKey(t)
	ecDER, err := x509.MarshalECPrivateKey(ec)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"AES-128-CBC", "AES-192-CBC", "AES-256-CBC", "DES-EDE3-CBC", "DES-CBC"} {
		t.Run(name, func(t *testing.T) {
			b := encryptLegacy(t, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(k2048), testPass, name)
			got, err := DecryptPrivateKeyPEM(b, testPass)
			if err != nil {
				t.Fatal(err)
			}
			if !sameKey(got, k2048) {
				t.Fatal("different key")
			}
			_, err = DecryptPrivateKeyPEM(b, []byte("nope"))
			wantErr(t, err, ErrWrongPassphrase, "wrong passphrase")
			_, err = DecryptPrivateKeyPEM(b, nil)
			wantErr(t, err, ErrNeedPassphrase, "no passphrase")

			b = encryptLegacy(t, "EC PRIVATE KEY", ecDER, testPass, name)
			if got, err = DecryptPrivateKeyPEM(b, testPass); err != nil || !sameKey(got, ec) {
				t.Fatalf("EC: %v", err)
			}
		})
	}
}

func TestDecryptUnencrypted(t *testing.T) {
	k2048, _ := rsaKeys(t)
	ec := ecKey(t)
	ed := edKey(t)
	ecDER, _ := x509.MarshalECPrivateKey(ec)
	cases := []struct {
		name string
		b    *pem.Block
		key  any
	}{
		{"pkcs8-rsa", mustBlock(pkcs8PEM(t, k2048)), k2048},
		{"pkcs8-ec", mustBlock(pkcs8PEM(t, ec)), ec},
		{"pkcs8-ed25519", mustBlock(pkcs8PEM(t, ed)), ed},
		{"pkcs1", &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k2048)}, k2048},
		{"sec1", &pem.Block{Type: "EC PRIVATE KEY", Bytes: ecDER}, ec},
		{"mislabelled", &pem.Block{Type: "RSA PRIVATE KEY", Bytes: ecDER}, ec},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, pw := range [][]byte{nil, testPass} { // a passphrase is ignored
				got, err := DecryptPrivateKeyPEM(c.b, pw)
				if err != nil {
					t.Fatal(err)
				}
				if !sameKey(got, c.key) {
					t.Fatal("different key")
				}
			}
		})
	}
}

func TestDecryptErrors(t *testing.T) {
	cases := []struct {
		name     string
		b        *pem.Block
		sentinel error
		want     string
	}{
		{"nil", nil, ErrNoPrivateKey, "no PEM block"},
		{"certificate", &pem.Block{Type: "CERTIFICATE", Bytes: []byte{1}}, ErrNoPrivateKey, "not a private key"},
		{"dsa", &pem.Block{Type: "DSA PRIVATE KEY", Bytes: []byte{1}}, ErrUnsupported, "DSA PRIVATE KEY"},
		{"openssh", &pem.Block{Type: "OPENSSH PRIVATE KEY", Bytes: []byte{1}}, ErrUnsupported, "OpenSSH"},
		{"garbage", &pem.Block{Type: "PRIVATE KEY", Bytes: []byte("garbage")}, ErrUnsupported, "cannot parse"},
		{"garbage-encrypted", &pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte("garbage")}, ErrUnsupported, "malformed"},
		{"bad-dek", &pem.Block{Type: "RSA PRIVATE KEY", Headers: map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "BF-CBC,00"}}, ErrUnsupported, "BF-CBC"},
		{"no-dek", &pem.Block{Type: "RSA PRIVATE KEY", Headers: map[string]string{"Proc-Type": "4,ENCRYPTED"}}, ErrUnsupported, "DEK-Info"},
		{"short-iv", &pem.Block{Type: "RSA PRIVATE KEY", Headers: map[string]string{"DEK-Info": "AES-128-CBC,0011"}}, ErrUnsupported, "IV"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecryptPrivateKeyPEM(c.b, testPass)
			wantErr(t, err, c.sentinel, c.want)
		})
	}
}

func TestIterationLimit(t *testing.T) {
	b := encryptPKCS8(t, ecKey(t), testPass, oidHMACWithSHA256, sha256.New, oidAES128CBC, cipherAES128, 3)
	old := pbkdf2IterationLimit
	pbkdf2IterationLimit = 2
	defer func() { pbkdf2IterationLimit = old }()
	_, err := DecryptPrivateKeyPEM(b, testPass)
	wantErr(t, err, ErrUnsupported, "iteration count 3 is outside 1..2")
}

func mustBlock(data []byte) *pem.Block {
	b, _ := pem.Decode(data)
	return b
}

// TestOpenSSLKeyFormats decrypts what the openssl command writes.
func TestOpenSSLKeyFormats(t *testing.T) {
	ossl := needOpenSSL(t)
	dir := t.TempDir()
	plainEC := filepath.Join(dir, "ec.pem")
	plainRSA := filepath.Join(dir, "rsa.pem")
	plainEd := filepath.Join(dir, "ed.pem")
	runCmd(t, ossl, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", plainEC)
	runCmd(t, ossl, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", plainRSA)
	runCmd(t, ossl, "genpkey", "-algorithm", "ED25519", "-out", plainEd)
	want := map[string]any{}
	for _, p := range []string{plainEC, plainRSA, plainEd} {
		k, err := DecryptPrivateKeyPEM(readPEMBlock(t, p), nil)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		want[p] = k
	}

	type variant struct {
		name string
		in   string
		args []string // output goes to -out
	}
	topk8 := func(in string, extra ...string) []string {
		return append([]string{"pkcs8", "-topk8", "-in", in, "-passout", "pass:" + string(testPass)}, extra...)
	}
	variants := []variant{
		{"pkcs8-aes256-default-prf", plainEC, topk8(plainEC, "-v2", "aes-256-cbc")},
		{"pkcs8-aes128-sha1", plainEC, topk8(plainEC, "-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA1")},
		{"pkcs8-aes192-sha224", plainEC, topk8(plainEC, "-v2", "aes-192-cbc", "-v2prf", "hmacWithSHA224")},
		{"pkcs8-aes256-sha384", plainRSA, topk8(plainRSA, "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA384")},
		{"pkcs8-aes256-sha512", plainEd, topk8(plainEd, "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA512")},
		{"pkcs8-des3", plainRSA, topk8(plainRSA, "-v2", "des3")},
		{"pkcs8-iter-100000", plainEC, topk8(plainEC, "-v2", "aes-256-cbc", "-iter", "100000")},
		{"legacy-rsa-aes128", plainRSA, []string{"rsa", "-in", plainRSA, "-aes128", "-traditional", "-passout", "pass:" + string(testPass)}},
		{"legacy-rsa-des3", plainRSA, []string{"rsa", "-in", plainRSA, "-des3", "-traditional", "-passout", "pass:" + string(testPass)}},
		{"legacy-rsa-aes256", plainRSA, []string{"rsa", "-in", plainRSA, "-aes256", "-traditional", "-passout", "pass:" + string(testPass)}},
		{"legacy-ec-aes256", plainEC, []string{"ec", "-in", plainEC, "-aes256", "-passout", "pass:" + string(testPass)}},
		{"genpkey-encrypted", plainEC, []string{"pkey", "-in", plainEC, "-aes-128-cbc", "-passout", "pass:" + string(testPass)}},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			out := filepath.Join(dir, v.name+".pem")
			runCmd(t, ossl, append(v.args, "-out", out)...)
			b := readPEMBlock(t, out)
			if legacy := b.Headers["DEK-Info"] != ""; legacy != strings.HasPrefix(v.name, "legacy") {
				t.Fatalf("openssl wrote %q with headers %v: not the form under test", b.Type, b.Headers)
			}
			got, err := DecryptPrivateKeyPEM(b, testPass)
			if err != nil {
				t.Fatal(err)
			}
			if !sameKey(got, want[v.in]) {
				t.Fatal("different key")
			}
			_, err = DecryptPrivateKeyPEM(b, []byte("not the passphrase"))
			wantErr(t, err, ErrWrongPassphrase, "wrong passphrase")
			_, err = DecryptPrivateKeyPEM(b, nil)
			wantErr(t, err, ErrNeedPassphrase, "passphrase")
		})
	}

	// Schemes we refuse must say what they are and how to fix it.
	refused := []struct {
		name, want string
		args       []string
	}{
		{"pbes1-3des", "legacy PKCS#5 v1.5/PKCS#12", topk8(plainEC, "-v1", "PBE-SHA1-3DES")},
		{"scrypt", "scrypt", topk8(plainEC, "-scrypt")},
	}
	for _, r := range refused {
		t.Run(r.name, func(t *testing.T) {
			out := filepath.Join(dir, r.name+".pem")
			cmd := exec.Command(ossl, append(r.args, "-out", out)...)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Skipf("this openssl cannot write %s: %v %s", r.name, err, msg)
			}
			_, err := DecryptPrivateKeyPEM(readPEMBlock(t, out), testPass)
			wantErr(t, err, ErrUnsupported, r.want)
		})
	}
}

// TestPHPKeyExport reads a key from PHP's openssl_pkey_export($k, $out,
// 'pw') and a self-signed certificate from openssl_csr_sign.
func TestPHPKeyExport(t *testing.T) {
	php, err := exec.LookPath("php")
	if err != nil {
		t.Skip("php not installed")
	}
	if out, err := exec.Command(php, "-r", `echo extension_loaded("openssl") ? "yes" : "no";`).Output(); err != nil || string(out) != "yes" {
		t.Skip("php has no openssl extension")
	}
	dir := t.TempDir()
	for _, kind := range []string{"rsa", "ec"} {
		t.Run(kind, func(t *testing.T) {
			keyFile := filepath.Join(dir, kind+"-key.pem")
			certFile := filepath.Join(dir, kind+"-cert.pem")
			script := `
$opts = $argv[3] === "ec"
    ? ["private_key_type" => OPENSSL_KEYTYPE_EC, "curve_name" => "prime256v1"]
    : ["private_key_type" => OPENSSL_KEYTYPE_RSA, "private_key_bits" => 2048];
$k = openssl_pkey_new($opts) or exit(1);
openssl_pkey_export($k, $out, "pw") or exit(2);
file_put_contents($argv[1], $out);
$csr = openssl_csr_new(["commonName" => "localhost"], $k, ["digest_alg" => "sha256"]) or exit(3);
$x = openssl_csr_sign($csr, null, $k, 2, ["digest_alg" => "sha256"]) or exit(4);
openssl_x509_export($x, $c) or exit(5);
file_put_contents($argv[2], $c);
`
			runCmd(t, php, "-r", script, keyFile, certFile, kind)
			data, _ := os.ReadFile(keyFile)
			t.Logf("PHP wrote %q", strings.SplitN(string(data), "\n", 2)[0])
			if _, err := LoadKeyPair(certFile, keyFile, []byte("pw")); err != nil {
				t.Fatal(err)
			}
			_, err := LoadKeyPair(certFile, keyFile, []byte("wrong"))
			wantErr(t, err, ErrWrongPassphrase, `unable to load private key "`+keyFile+`": wrong passphrase`)
			_, err = LoadKeyPair(certFile, keyFile, nil)
			wantErr(t, err, ErrNeedPassphrase, `encrypted private key "`+keyFile+`" needs the passphrase option`)
		})
	}
}
