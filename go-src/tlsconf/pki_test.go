package tlsconf

import (
	"crypto/x509"
	"net"
	"testing"
)

// testPKI is a small CA with server and client certificates on disk.
type testPKI struct {
	dir         string
	ca          *x509.Certificate
	caFile      string
	server      string // localhost + 127.0.0.1, signed by ca, key inside
	serverCert  *x509.Certificate
	selfSigned  string // localhost, self-signed, key inside
	client      string // CN client.example, signed by ca, key inside
	otherClient string // signed by another CA
	selfClient  string // self-signed client certificate
	sniA        string // a.example.com
	sniWild     string // *.example.com
	sniAEnc     string // a.example.com with an encrypted key, passphrase testPass
	sniAKey     string
}

func newPKI(t *testing.T) *testPKI {
	t.Helper()
	p := &testPKI{dir: t.TempDir()}
	caKey := ecKey(t)
	p.ca = makeCert(t, caKey, certSpec{cn: "Test CA", isCA: true})
	p.caFile = writeFile(t, p.dir, "ca.pem", certPEM(p.ca))

	sk := ecKey(t)
	p.serverCert = makeCert(t, sk, certSpec{cn: "localhost", dns: []string{"localhost"}, ips: []net.IP{net.IPv4(127, 0, 0, 1)}, parent: p.ca, parentKey: caKey})
	p.server = writeFile(t, p.dir, "server.pem", certPEM(p.serverCert), pkcs8PEM(t, sk))

	ssk := ecKey(t)
	p.selfSigned = writeFile(t, p.dir, "self.pem", certPEM(makeCert(t, ssk, certSpec{cn: "localhost", dns: []string{"localhost"}})), pkcs8PEM(t, ssk))

	ck := ecKey(t)
	p.client = writeFile(t, p.dir, "client.pem", certPEM(makeCert(t, ck, certSpec{cn: "client.example", client: true, parent: p.ca, parentKey: caKey})), pkcs8PEM(t, ck))

	otherCAKey := ecKey(t)
	otherCA := makeCert(t, otherCAKey, certSpec{cn: "Other CA", isCA: true})
	ok := ecKey(t)
	p.otherClient = writeFile(t, p.dir, "other-client.pem", certPEM(makeCert(t, ok, certSpec{cn: "client.example", client: true, parent: otherCA, parentKey: otherCAKey})), pkcs8PEM(t, ok))

	sck := ecKey(t)
	p.selfClient = writeFile(t, p.dir, "self-client.pem", certPEM(makeCert(t, sck, certSpec{cn: "client.example", client: true})), pkcs8PEM(t, sck))

	ak := ecKey(t)
	aCert := makeCert(t, ak, certSpec{cn: "a.example.com", dns: []string{"a.example.com"}, parent: p.ca, parentKey: caKey})
	p.sniA = writeFile(t, p.dir, "a.pem", certPEM(aCert), pkcs8PEM(t, ak))
	wk := ecKey(t)
	p.sniWild = writeFile(t, p.dir, "wild.pem", certPEM(makeCert(t, wk, certSpec{cn: "*.example.com", dns: []string{"*.example.com"}, parent: p.ca, parentKey: caKey})), pkcs8PEM(t, wk))
	p.sniAEnc = writeFile(t, p.dir, "a-cert-only.pem", certPEM(aCert))
	p.sniAKey = writeFile(t, p.dir, "a-key-enc.pem", pemEncode(encryptPKCS8(t, ak, testPass, oidHMACWithSHA256, sha256New, oidAES256CBC, cipherAES256, 2048)))
	return p
}
