package tlsconf

// Legacy OpenSSL PEM encryption (RFC 1423): "Proc-Type: 4,ENCRYPTED" and
// "DEK-Info: AES-128-CBC,<hex IV>" headers, as written by
// `openssl rsa -aes128 -traditional` and older PHP versions. Implemented here
// rather than with the deprecated x509.DecryptPEMBlock so a wrong passphrase
// is reported the same way as for PKCS#8.

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/pem"
	"strings"
)

// rfc1423SaltSize: the key derivation salt is the first 8 bytes of the IV.
const rfc1423SaltSize = 8

var rfc1423Ciphers = map[string]cbcCipher{
	"DES-CBC":      cipherDES,
	"DES-EDE3-CBC": cipher3DES,
	"AES-128-CBC":  cipherAES128,
	"AES-192-CBC":  cipherAES192,
	"AES-256-CBC":  cipherAES256,
}

// isLegacyEncrypted reports whether a block carries RFC 1423 headers.
func isLegacyEncrypted(b *pem.Block) bool {
	_, dek := b.Headers["DEK-Info"]
	return dek || strings.Contains(b.Headers["Proc-Type"], "ENCRYPTED")
}

func decryptRFC1423(b *pem.Block, passphrase []byte) ([]byte, error) {
	dek, ok := b.Headers["DEK-Info"]
	if !ok {
		return nil, keyError(ErrUnsupported, "encrypted PEM block has no DEK-Info header")
	}
	name, ivHex, ok := strings.Cut(dek, ",")
	if !ok {
		return nil, keyError(ErrUnsupported, "malformed DEK-Info header %q", dek)
	}
	name = strings.TrimSpace(name)
	c, ok := rfc1423Ciphers[strings.ToUpper(name)]
	if !ok {
		return nil, keyError(ErrUnsupported, "unsupported PEM encryption %q (supported: AES-128/192/256-CBC, DES-EDE3-CBC, DES-CBC)", name)
	}
	iv, err := hex.DecodeString(strings.TrimSpace(ivHex))
	if err != nil || len(iv) < rfc1423SaltSize {
		return nil, keyError(ErrUnsupported, "malformed IV in DEK-Info header %q", dek)
	}
	key := evpBytesToKey(passphrase, iv[:rfc1423SaltSize], c.keySize)
	return decryptCBC(c, key, iv, b.Bytes)
}

// evpBytesToKey is OpenSSL's EVP_BytesToKey with MD5 and one iteration:
// D_i = MD5(D_{i-1} || passphrase || salt), concatenated until long enough.
func evpBytesToKey(passphrase, salt []byte, keySize int) []byte {
	var key, prev []byte
	for len(key) < keySize {
		h := md5.New()
		h.Write(prev)
		h.Write(passphrase)
		h.Write(salt)
		prev = h.Sum(nil)
		key = append(key, prev...)
	}
	return key[:keySize]
}
