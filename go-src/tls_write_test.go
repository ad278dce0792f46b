package core

import (
	"bytes"
	"crypto/tls"
	"io"
	"testing"
	"time"
)

// A blocking TLS write that times out returns the count crypto/tls was
// given (its bytes reach the peer; the rest was taken back), so a script
// that writes the rest again delivers the data once, whole and in order.
func TestTLSBlockingWriteTimeoutCountsWhatWasSent(t *testing.T) {
	ln, addr, pool := tlsTestListener(t)
	defer Close(ln)
	c, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: pool, ServerName: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	conn, _, err := Accept(ln, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	data := make([]byte, 24<<20)
	for i := range data {
		data[i] = byte(i * 7 / 5)
	}
	SetTimeout(conn, 300*time.Millisecond)
	n, err := Write(conn, data) // nobody reads: it times out
	if in, _ := Stat(conn); err != nil || n <= 0 || n >= len(data) || !in.TimedOut {
		t.Fatalf("timed-out write = %d, %v (timed out %v)", n, err, in.TimedOut)
	}
	got := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(c)
		got <- b
	}()
	SetTimeout(conn, 10*time.Second)
	if m, err := Write(conn, data[n:]); m != len(data)-n || err != nil {
		t.Fatalf("write of the rest = %d, %v", m, err)
	}
	Close(conn) // blocking: flushed, close_notify sent
	select {
	case b := <-got:
		if !bytes.Equal(b, data) {
			t.Fatalf("the peer got %d bytes, equal %v; want %d", len(b), bytes.Equal(b, data), len(data))
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the peer never saw the end of the stream")
	}
}
