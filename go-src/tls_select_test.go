package core

import (
	"crypto/tls"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
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

// release sends what was held but its last keep bytes, in one write(2).
func (c *heldConn) release(keep int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err := c.Conn.Write(c.held[:len(c.held)-keep])
	c.held = c.held[len(c.held)-keep:]
	return err
}

// A client's first record that arrives together with its handshake's last
// is the stream's after the server's handshake: Select sees it and a read
// returns it, whether the handshake's read-ahead took it (into prefix, not
// crypto/tls) or left it in the kernel. With only part of the record come,
// Select counts the stream readable (as the kernel's bytes would make it)
// and the rest wakes the next one. Guards a lost wake-up: crypto/tls read
// it with the handshake, and a part of a record there made no plaintext
// and left epoll nothing to wake on.
func TestTLSHandshakeLeavesNextRecordToSelect(t *testing.T) {
	for _, split := range []bool{false, true} {
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
		keep := 0
		if split {
			keep = 10 // the record's last bytes come later
		}
		if err := hc.release(keep); err != nil { // Finished and the record, in one segment
			t.Fatal(err)
		}
		conn, _, err := Accept(ln, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer Close(conn)
		if s, err := acquire(conn); err == nil {
			t.Logf("split %v: %d bytes read ahead", split, len(s.tls.hc.prefix))
			s.release()
		}
		SetBlocking(conn, false)
		ready := make([]uint32, 1)
		if n, err := Select([]int64{conn}, []byte{EvRead}, 2*time.Second, ready); n != 1 || err != nil {
			t.Fatalf("split %v: select = %d, %v", split, n, err)
		}
		buf := make([]byte, 64)
		if split {
			if n, err := Read(conn, buf); n != 0 || err != ErrWouldBlock {
				t.Fatalf("half a record: read %q, %v", buf[:n], err)
			}
			if err := hc.release(0); err != nil {
				t.Fatal(err)
			}
			if n, err := Select([]int64{conn}, []byte{EvRead}, 2*time.Second, ready); n != 1 || err != nil {
				t.Fatalf("the rest: select = %d, %v", n, err)
			}
		}
		if n, err := Read(conn, buf); string(buf[:n]) != "hello\n" {
			t.Fatalf("split %v: read %q, %v", split, buf[:n], err)
		}
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

// Bytes the handshake read ahead that crypto/tls never took go back to the
// stream when crypto is disabled, as they would have stayed in the kernel:
// here the client's close_notify and plain text sent right after its
// Finished, in one segment.
func TestTLSDisableKeepsBytesReadAhead(t *testing.T) {
	opts, pool := tlsTestCert(t)
	ln, err := Listen("tcp://127.0.0.1:0", FlagBind|FlagListen, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(ln)
	addr, _ := Name(ln, false)
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	srv, _, err := Accept(ln, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(srv)
	hc := &heldConn{Conn: raw}
	client := make(chan error, 1)
	go func() {
		c := tls.Client(hc, &tls.Config{RootCAs: pool, ServerName: "localhost", MinVersion: tls.VersionTLS13})
		err := c.Handshake() // its Finished is held
		if err == nil {
			err = c.CloseWrite()
		}
		if err == nil {
			hc.Write([]byte("plain\n"))
			raw.SetWriteDeadline(time.Time{}) // CloseWrite left it passed
			err = hc.release(0)
		}
		client <- err
	}()
	SetTimeout(srv, 5*time.Second)
	if r, err := EnableCrypto(srv, true, 120, opts); r != CryptoDone || err != nil {
		t.Fatalf("EnableCrypto = %d, %v", r, err)
	}
	if err := <-client; err != nil {
		t.Fatal(err)
	}
	if _, err := EnableCrypto(srv, false, 0, nil); err != nil {
		t.Fatal(err)
	}
	SetTimeout(srv, time.Second)
	var got []byte
	buf := make([]byte, 256)
	for !strings.HasSuffix(string(got), "plain\n") {
		n, err := Read(srv, buf)
		if err != nil || n == 0 {
			t.Fatalf("after %q: read %d, %v", got, n, err)
		}
		got = append(got, buf[:n]...)
	}
}
