package core

import (
	"crypto/tls"
	"net"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// heldConn passes its first write through and holds the later ones until
// release sends them in one write(2), so the peer's kernel receives them
// as one segment.
type heldConn struct {
	net.Conn
	mu     sync.Mutex
	writes int
	held   []byte
}

func (c *heldConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.writes++; c.writes == 1 {
		return c.Conn.Write(p)
	}
	c.held = append(c.held, p...)
	return len(p), nil
}

func (c *heldConn) release() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err := c.Conn.Write(c.held)
	return err
}

// A client's first record that arrives together with its handshake's last
// stays in the kernel after the server's handshake (handshake reads stop
// at record ends, as OpenSSL's do), so Select sees it. Guards a lost
// wake-up: crypto/tls read it with the handshake, and a part of a record
// there made no plaintext and left epoll nothing to wake on.
func TestTLSHandshakeLeavesNextRecordInKernel(t *testing.T) {
	ln, addr, pool := tlsTestListener(t)
	defer Close(ln)
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	hc := &heldConn{Conn: raw}
	c := tls.Client(hc, &tls.Config{RootCAs: pool, ServerName: "localhost", MinVersion: tls.VersionTLS13})
	defer c.Close()
	if err := c.Handshake(); err != nil { // its Finished is held
		t.Fatal(err)
	}
	c.Write([]byte("hello\n"))
	if err := hc.release(); err != nil { // Finished and the record, in one segment
		t.Fatal(err)
	}
	conn, _, err := Accept(ln, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(conn)
	s, _ := acquire(conn)
	inKernel, _ := unix.IoctlGetInt(s.fd.fd, unix.SIOCINQ)
	s.release()
	if inKernel == 0 {
		t.Fatal("the handshake read the record that followed it")
	}
	SetBlocking(conn, false)
	ready := make([]uint32, 1)
	if n, err := Select([]int64{conn}, []byte{EvRead}, 2*time.Second, ready); n != 1 || err != nil {
		t.Fatalf("select = %d, %v", n, err)
	}
	buf := make([]byte, 64)
	if n, err := Read(conn, buf); string(buf[:n]) != "hello\n" {
		t.Fatalf("read %q, %v", buf[:n], err)
	}
}

// recordFramer stops reads at record ends, whatever the read sizes.
func TestRecordFramerLimits(t *testing.T) {
	stream := []byte{22, 3, 3, 0, 3, 'a', 'b', 'c', 23, 3, 3, 0, 0, 23, 3, 3, 0, 2, 'x', 'y'}
	var f recordFramer
	var steps []int
	for off := 0; off < len(stream); {
		n := f.limit(100)
		f.advance(stream[off : off+n])
		off += n
		steps = append(steps, n)
	}
	want := []int{5, 3, 5, 5, 2}
	if len(steps) != len(want) {
		t.Fatalf("reads %v, want %v", steps, want)
	}
	for i := range want {
		if steps[i] != want[i] {
			t.Fatalf("reads %v, want %v", steps, want)
		}
	}
}
