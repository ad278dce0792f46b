package core

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// tlsTestCert writes a self-signed P-256 certificate for 127.0.0.1 and
// returns the ssl options that serve it.
func tlsTestCert(t testing.TB) (Options, *x509.CertPool) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalPKCS8PrivateKey(key)
	dir := t.TempDir()
	cert, kf := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(kf, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600)
	js, _ := json.Marshal(map[string]any{"ssl": map[string]any{"local_cert": cert, "local_pk": kf}})
	opts, err := ParseOptions(js)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	c, _ := x509.ParseCertificate(der)
	pool.AddCert(c)
	return opts, pool
}

// tlsTestListener is a tls:// listener on 127.0.0.1 serving tlsTestCert's
// certificate: its handle, its address and the pool that trusts it.
func tlsTestListener(t testing.TB) (int64, string, *x509.CertPool) {
	t.Helper()
	opts, pool := tlsTestCert(t)
	ln, err := Listen("tls://127.0.0.1:0", FlagBind|FlagListen, opts)
	if err != nil {
		t.Fatal(err)
	}
	addr, _ := Name(ln, false)
	return ln, addr, pool
}

// tlsTestSession is one TLS session over loopback: the accepted server
// stream's handle and the Go client's connection, both closed at the end
// of the test (the listener at once).
func tlsTestSession(t testing.TB) (int64, *tls.Conn) {
	t.Helper()
	ln, addr, pool := tlsTestListener(t)
	defer Close(ln)
	c, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: pool, ServerName: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	conn, _, err := Accept(ln, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Close(conn) })
	return conn, c
}

// A TLS upload read through Select and non-blocking Read arrives whole and
// in good time. Guards two bugs: a non-blocking read never tried the
// socket (a past netpoller deadline fails before the read), and one read
// kept filling for as long as a fast sender sent (16 MiB took 3 s).
func TestTLSUploadThroughSelect(t *testing.T) {
	ln, addr, pool := tlsTestListener(t)
	defer Close(ln)
	const total = 16 << 20
	sent := make(chan [32]byte, 1)
	go func() {
		c, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: pool})
		if err != nil {
			t.Error(err)
			sent <- [32]byte{}
			return
		}
		defer c.Close()
		buf := make([]byte, 64<<10)
		h := sha256.New()
		for i := 0; i < total/len(buf); i++ {
			for j := range buf {
				buf[j] = byte(i + j)
			}
			h.Write(buf)
			if _, err := c.Write(buf); err != nil {
				t.Error(err)
				break
			}
		}
		var sum [32]byte
		copy(sum[:], h.Sum(nil))
		sent <- sum
		c.Read(make([]byte, 1)) // wait for the server to finish
	}()
	conn, _, err := Accept(ln, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(conn)
	SetBlocking(conn, false)
	h := sha256.New()
	got, start := 0, time.Now()
	buf := make([]byte, 64<<10)
	ready := make([]uint32, 1)
	for got < total && time.Since(start) < 20*time.Second {
		if _, err := Select([]int64{conn}, []byte{EvRead}, time.Second, ready); err != nil {
			t.Fatal(err)
		}
		n, err := Read(conn, buf)
		if err != nil && err != ErrWouldBlock {
			t.Fatalf("read after %d bytes: %v", got, err)
		}
		if in, _ := Stat(conn); in.Unread > 2*tlsFillLimit {
			t.Fatalf("%d bytes read ahead: a fill must stop at its limit", in.Unread)
		}
		h.Write(buf[:n])
		got += n
	}
	want := <-sent
	if got != total || string(h.Sum(nil)) != string(want[:]) {
		t.Fatalf("got %d of %d bytes, digest match %v", got, total, string(h.Sum(nil)) == string(want[:]))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("16 MiB took %v", d)
	}
	t.Logf("16 MiB in %v", time.Since(start))
}

// Reading a small message allocates one chunk for the stream's buffer: the
// fill's later read, which finds nothing, takes the room left. Before, it
// grew the buffer to a second chunk (17 KiB allocated per handshake's
// connection in tls-handshake-ec instead of 8).
func TestTLSSmallMessageFillsOneChunk(t *testing.T) {
	conn, c := tlsTestSession(t)
	c.Write(make([]byte, 64))
	SetTimeout(conn, 5*time.Second)
	buf := make([]byte, 16)
	if n, err := Read(conn, buf); n != 16 || err != nil {
		t.Fatalf("read %d, %v", n, err)
	}
	s, err := acquire(conn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.release()
	if s.unread() != 48 || cap(s.rbuf) != readChunk {
		t.Fatalf("buffer holds %d bytes in %d; want 48 in one chunk (%d)", s.unread(), cap(s.rbuf), readChunk)
	}
}

// A TLS listener's accepted socket has the listening socket's family, as
// a plain accept's has: an IPv4 client of a [::] listener is on an AF_INET6
// socket. Before, the family came from the client's address (AF_INET).
func TestTLSAcceptedSocketHasListenerFamily(t *testing.T) {
	opts, pool := tlsTestCert(t)
	ln, err := Listen("tls://[::]:0", FlagBind|FlagListen, opts)
	if err != nil {
		t.Skipf("no IPv6 listener: %v", err)
	}
	defer Close(ln)
	addr, _ := Name(ln, false)
	_, port, _ := net.SplitHostPort(addr)
	c, err := tls.Dial("tcp", "127.0.0.1:"+port, &tls.Config{RootCAs: pool, ServerName: "localhost"})
	if err != nil {
		t.Skipf("no dual-stack listener: %v", err)
	}
	defer c.Close()
	conn, _, err := Accept(ln, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(conn)
	s := handles.get(conn)
	domain, err := unix.GetsockoptInt(s.fd.fd, unix.SOL_SOCKET, unix.SO_DOMAIN)
	if err != nil {
		t.Fatal(err)
	}
	if s.family != domain {
		t.Fatalf("accepted socket's family %d, its domain %d", s.family, domain)
	}
}
