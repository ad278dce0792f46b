package tlsconf

// Encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY", RFC 5958 / RFC 8018 PBES2),
// which OpenSSL 3 and PHP's openssl_pkey_export write by default and the Go
// standard library cannot read.

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"crypto/x509/pkix"
	"encoding/asn1"
	"hash"
)

// maxPBKDF2Iterations bounds the work a hostile key file can demand. OpenSSL
// writes 2048 by default; 10 million is far above any real key yet finishes
// in seconds.
const maxPBKDF2Iterations = 10_000_000

// pbkdf2IterationLimit is maxPBKDF2Iterations; the fuzz test lowers it so a
// mutated iteration count does not stall the fuzzer.
var pbkdf2IterationLimit = maxPBKDF2Iterations

var (
	oidPBES2  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidScrypt = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11591, 4, 11}

	oidHMACWithSHA1   = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	oidHMACWithSHA224 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 8}
	oidHMACWithSHA256 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidHMACWithSHA384 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 10}
	oidHMACWithSHA512 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 11}

	oidAES128CBC  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	oidAES192CBC  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}
	oidAES256CBC  = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
	oidDESEDE3CBC = asn1.ObjectIdentifier{1, 2, 840, 113549, 3, 7}
	oidDESCBC     = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 7}

	// PBES1 (PKCS#5 v1.5) and PKCS#12 PBE: old "-v1" keys, named in errors.
	oidPKCS5PBES1Prefix = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5}
	oidPKCS12PBEPrefix  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1}
)

type prfInfo struct {
	name string
	new  func() hash.Hash
}

var pbkdf2PRFs = []struct {
	oid asn1.ObjectIdentifier
	prfInfo
}{
	{oidHMACWithSHA1, prfInfo{"hmacWithSHA1", sha1.New}},
	{oidHMACWithSHA224, prfInfo{"hmacWithSHA224", sha256.New224}},
	{oidHMACWithSHA256, prfInfo{"hmacWithSHA256", sha256.New}},
	{oidHMACWithSHA384, prfInfo{"hmacWithSHA384", sha512.New384}},
	{oidHMACWithSHA512, prfInfo{"hmacWithSHA512", sha512.New}},
}

// cbcCipher describes one block cipher in CBC mode, shared with RFC 1423.
type cbcCipher struct {
	name    string
	keySize int
	new     func(key []byte) (cipher.Block, error)
}

var (
	cipherAES128 = cbcCipher{"AES-128-CBC", 16, aes.NewCipher}
	cipherAES192 = cbcCipher{"AES-192-CBC", 24, aes.NewCipher}
	cipherAES256 = cbcCipher{"AES-256-CBC", 32, aes.NewCipher}
	cipher3DES   = cbcCipher{"DES-EDE3-CBC", 24, des.NewTripleDESCipher}
	cipherDES    = cbcCipher{"DES-CBC", 8, des.NewCipher}
)

var pbes2Ciphers = []struct {
	oid asn1.ObjectIdentifier
	c   cbcCipher
}{
	{oidAES128CBC, cipherAES128},
	{oidAES192CBC, cipherAES192},
	{oidAES256CBC, cipherAES256},
	{oidDESEDE3CBC, cipher3DES},
	{oidDESCBC, cipherDES},
}

type encryptedPrivateKeyInfo struct {
	Algo          pkix.AlgorithmIdentifier
	EncryptedData []byte
}

type pbes2Params struct {
	KeyDerivationFunc pkix.AlgorithmIdentifier
	EncryptionScheme  pkix.AlgorithmIdentifier
}

type pbkdf2Params struct {
	Salt       []byte // the "otherSource" choice is not used by anyone; it fails to parse
	Iterations int
	KeyLength  int                      `asn1:"optional"`
	PRF        pkix.AlgorithmIdentifier `asn1:"optional"` // absent means hmacWithSHA1
}

// unmarshalAll is asn1.Unmarshal that also refuses trailing bytes.
func unmarshalAll(der []byte, v any) bool {
	rest, err := asn1.Unmarshal(der, v)
	return err == nil && len(rest) == 0
}

// decryptPKCS8 turns the DER of an EncryptedPrivateKeyInfo into the DER of
// the PrivateKeyInfo inside.
func decryptPKCS8(der, passphrase []byte) ([]byte, error) {
	var info encryptedPrivateKeyInfo
	if !unmarshalAll(der, &info) {
		return nil, keyError(ErrUnsupported, "malformed encrypted PKCS#8 key")
	}
	if !info.Algo.Algorithm.Equal(oidPBES2) {
		return nil, unsupportedPBE(info.Algo.Algorithm)
	}
	var params pbes2Params
	if !unmarshalAll(info.Algo.Parameters.FullBytes, &params) {
		return nil, keyError(ErrUnsupported, "malformed PBES2 parameters")
	}
	kdf := params.KeyDerivationFunc
	if kdf.Algorithm.Equal(oidScrypt) {
		return nil, keyError(ErrUnsupported, "scrypt-encrypted keys are not supported: re-encrypt with openssl pkcs8 -topk8 -v2 aes-256-cbc")
	}
	if !kdf.Algorithm.Equal(oidPBKDF2) {
		return nil, keyError(ErrUnsupported, "unsupported key derivation function %s", kdf.Algorithm)
	}
	var kp pbkdf2Params
	if !unmarshalAll(kdf.Parameters.FullBytes, &kp) {
		return nil, keyError(ErrUnsupported, "malformed PBKDF2 parameters")
	}
	prf := prfInfo{"hmacWithSHA1", sha1.New}
	if len(kp.PRF.Algorithm) > 0 {
		found := false
		for _, p := range pbkdf2PRFs {
			if kp.PRF.Algorithm.Equal(p.oid) {
				prf, found = p.prfInfo, true
				break
			}
		}
		if !found {
			return nil, keyError(ErrUnsupported, "unsupported PBKDF2 pseudo-random function %s", kp.PRF.Algorithm)
		}
	}
	if kp.Iterations < 1 || kp.Iterations > pbkdf2IterationLimit {
		return nil, keyError(ErrUnsupported, "PBKDF2 iteration count %d is outside 1..%d", kp.Iterations, pbkdf2IterationLimit)
	}

	scheme := params.EncryptionScheme
	var c *cbcCipher
	for i := range pbes2Ciphers {
		if scheme.Algorithm.Equal(pbes2Ciphers[i].oid) {
			c = &pbes2Ciphers[i].c
			break
		}
	}
	if c == nil {
		return nil, keyError(ErrUnsupported, "unsupported key encryption cipher %s (supported: AES-128/192/256-CBC, DES-EDE3-CBC)", scheme.Algorithm)
	}
	if kp.KeyLength != 0 && kp.KeyLength != c.keySize {
		return nil, keyError(ErrUnsupported, "PBKDF2 key length %d does not fit %s", kp.KeyLength, c.name)
	}
	var iv []byte
	if !unmarshalAll(scheme.Parameters.FullBytes, &iv) {
		return nil, keyError(ErrUnsupported, "malformed %s parameters", c.name)
	}

	key, err := pbkdf2.Key(prf.new, string(passphrase), kp.Salt, kp.Iterations, c.keySize)
	if err != nil { // only in FIPS-only mode (short salt or passphrase)
		return nil, keyError(ErrUnsupported, "PBKDF2: %v", err)
	}
	return decryptCBC(*c, key, iv, info.EncryptedData)
}

// decryptCBC decrypts and strips PKCS#7 padding. Bad padding is how a wrong
// passphrase usually shows; the caller's parse catches the 1-in-256 rest.
func decryptCBC(c cbcCipher, key, iv, data []byte) ([]byte, error) {
	block, err := c.new(key)
	if err != nil {
		return nil, keyError(ErrUnsupported, "%s: %v", c.name, err)
	}
	bs := block.BlockSize()
	if len(iv) != bs {
		return nil, keyError(ErrUnsupported, "%s needs a %d-byte IV, found %d bytes", c.name, bs, len(iv))
	}
	if len(data) == 0 || len(data)%bs != 0 {
		return nil, keyError(ErrUnsupported, "encrypted key length %d is not a multiple of the %s block size", len(data), c.name)
	}
	out := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, data)
	n := int(out[len(out)-1])
	if n == 0 || n > bs {
		return nil, keyError(ErrWrongPassphrase, "wrong passphrase")
	}
	pad := out[len(out)-n:]
	// Constant-time compare: no padding oracle for whoever watches timing.
	want := make([]byte, n)
	for i := range want {
		want[i] = byte(n)
	}
	if subtle.ConstantTimeCompare(pad, want) != 1 {
		return nil, keyError(ErrWrongPassphrase, "wrong passphrase")
	}
	return out[:len(out)-n], nil
}

// unsupportedPBE names old PBES1/PKCS#12 schemes so users know what to redo.
func unsupportedPBE(oid asn1.ObjectIdentifier) error {
	if hasPrefix(oid, oidPKCS5PBES1Prefix) || hasPrefix(oid, oidPKCS12PBEPrefix) {
		return keyError(ErrUnsupported, "legacy PKCS#5 v1.5/PKCS#12 key encryption %s is not supported: re-encrypt with openssl pkcs8 -topk8 -v2 aes-256-cbc", oid)
	}
	return keyError(ErrUnsupported, "unsupported key encryption scheme %s", oid)
}

func hasPrefix(oid, prefix asn1.ObjectIdentifier) bool {
	return len(oid) > len(prefix) && prefix.Equal(oid[:len(prefix)])
}
