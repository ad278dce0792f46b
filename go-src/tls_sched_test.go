package core

import (
	"crypto/tls"
	"testing"
	"time"
)

// goroutineWork must fall back to zero once handshakes, flushes and closes
// have ended and the listener's burst has lingered out or the listener has
// closed: a count left behind would make every later wait of the PHP
// thread hand its P over, which costs plain TCP loops a thread wake-up per
// wait.
func TestGoroutineWorkEndsWithTheSessions(t *testing.T) {
	waitZero := func(what string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for goroutineWork.Load() != 0 {
			if time.Now().After(deadline) {
				t.Fatalf("%s: goroutineWork = %d, want 0", what, goroutineWork.Load())
			}
			time.Sleep(time.Millisecond)
		}
	}
	waitZero("before")
	ln, addr, pool := tlsTestListener(t)
	// session dials the listener and accepts: the client and the handle.
	session := func() (*tls.Conn, int64) {
		t.Helper()
		c, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		h, _, err := Accept(ln, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return c, h
	}
	c, h := session()
	if goroutineWork.Load() == 0 {
		t.Fatal("goroutineWork = 0 right after an accept: the burst does not count")
	}
	// A write big enough for the flusher, read by the client.
	big := make([]byte, 1<<20)
	go func() {
		buf := make([]byte, 64<<10)
		for n := 0; n < len(big); {
			k, err := c.Read(buf)
			if err != nil {
				return
			}
			n += k
		}
	}()
	if n, err := Write(h, big); n != len(big) || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	Close(h)
	waitZero("after the session's close, within the burst's linger")

	// A closed listener ends its burst at once.
	_, h2 := session()
	accepted := time.Now()
	Close(ln)
	Close(h2)
	waitZero("after the listener's close")
	if d := time.Since(accepted); d >= acceptLinger/2 {
		t.Errorf("goroutineWork fell to 0 %v after the accept, want well within the linger (%v): the close did not end the burst", d, acceptLinger)
	}
}
