package tlsconf

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"testing"
)

// fuzzIterationLimit keeps mutated PBKDF2 iteration counts cheap.
const fuzzIterationLimit = 2048

// FuzzDecryptPrivateKeyPEM: the decoder is a parser of untrusted bytes; it
// must never panic, and a key it returns must be one it documents.
func FuzzDecryptPrivateKeyPEM(f *testing.F) {
	old := pbkdf2IterationLimit
	pbkdf2IterationLimit = fuzzIterationLimit
	f.Cleanup(func() { pbkdf2IterationLimit = old })

	ec := ecKey(f)
	ecDER, _ := x509.MarshalECPrivateKey(ec)
	pw := []byte("pw")
	seeds := []*pem.Block{
		encryptPKCS8(f, ec, pw, oidHMACWithSHA256, sha256.New, oidAES256CBC, cipherAES256, 10),
		encryptPKCS8(f, ec, pw, oidHMACWithSHA1, sha1.New, oidDESEDE3CBC, cipher3DES, 10),
		encryptLegacy(f, "EC PRIVATE KEY", ecDER, pw, "AES-128-CBC"),
		{Type: "EC PRIVATE KEY", Bytes: ecDER},
		{Type: "PRIVATE KEY", Bytes: mustBlock(pkcs8PEM(f, edKey(f))).Bytes},
	}
	for _, b := range seeds {
		f.Add(pem.EncodeToMemory(b), pw, uint8(0))
		f.Add(b.Bytes, pw, uint8(1))
	}
	f.Add([]byte{}, []byte(nil), uint8(2))

	types := []string{"ENCRYPTED PRIVATE KEY", "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "legacy"}
	f.Fuzz(func(t *testing.T, data, pass []byte, kind uint8) {
		// Either a whole PEM file, or raw bytes under a chosen block type.
		b, _ := pem.Decode(data)
		if b == nil {
			typ := types[int(kind)%len(types)]
			b = &pem.Block{Type: typ, Bytes: data}
			if typ == "legacy" {
				b.Type = "RSA PRIVATE KEY"
				iv := "00112233445566778899AABBCCDDEEFF"
				b.Headers = map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-128-CBC," + iv}
			}
		}
		if kind&0x80 != 0 {
			pass = nil
		}
		k, err := DecryptPrivateKeyPEM(b, pass)
		if err != nil {
			var e *Error
			if !errorsAs(err, &e) || e.Error() == "" {
				t.Fatalf("error %T %v is not a described *Error", err, err)
			}
			return
		}
		if k == nil {
			t.Fatal("nil key without error")
		}
	})
}
