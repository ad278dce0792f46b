package core

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// SelectFetch hands out what a ready stream holds, marks the end of a
// stream, leaves listeners alone, and Unread puts bytes back in order.
func TestSelectFetch(t *testing.T) {
	c := qaTCP(t)
	qaWrite(t, c.cli, "hello")
	hs, want := []int64{c.srv, c.ln}, []byte{EvRead, EvRead}
	ready, lens, data := make([]uint32, 2), make([]uint32, 2), make([]byte, 1024)
	deadline := time.Now().Add(2 * time.Second)
	k := 0
	for k == 0 && time.Now().Before(deadline) {
		var err error
		if k, err = SelectFetch(hs, want, time.Second, ready, data, lens); err != nil {
			t.Fatal(err)
		}
	}
	if k != 1 || ready[0] != EvRead || lens[0] != 1+5 || string(data[:5]) != "hello" {
		t.Fatalf("k=%d ready=%v lens=%v data=%q", k, ready[:k], lens[:k], data[:5])
	}
	// Give back "llo": the next read starts with it.
	if err := Unread(c.srv, data[2:5]); err != nil {
		t.Fatal(err)
	}
	qaWrite(t, c.cli, "!")
	time.Sleep(20 * time.Millisecond)
	buf := make([]byte, 16)
	n, _ := Read(c.srv, buf)
	if got := string(buf[:n]); got != "llo" && got != "llo!" {
		t.Fatalf("after Unread: %q", got)
	}
	// End of stream is reported as lens 1.
	Close(c.cli)
	SetBlocking(c.srv, false)
	for i := 0; i < 3; i++ {
		k, _ = SelectFetch(hs[:1], want[:1], time.Second, ready, data, lens)
		if k == 1 && lens[0] == 1 {
			return
		}
	}
	t.Fatalf("no end of stream: k=%d lens=%v", k, lens[:1])
}

// Buffered bytes are not fetched: every SelectFetch reports the stream
// alone (PHP's shortcut) until a read takes them, not only the first.
func TestSelectFetchLeavesBuffered(t *testing.T) {
	c := qaTCP(t)
	c2 := qaTCP(t)
	if err := Unread(c.srv, []byte("kept")); err != nil {
		t.Fatal(err)
	}
	qaWrite(t, c2.cli, "kernel")
	qaWaitReadable(t, c2.srv, unix.POLLIN)
	hs, want := []int64{c2.srv, c.srv}, []byte{EvRead | EvWrite, EvRead}
	ready, lens, data := make([]uint32, 2), make([]uint32, 2), make([]byte, 1024)
	for i := 0; i < 2; i++ {
		k, err := SelectFetch(hs, want, time.Second, ready, data, lens)
		if err != nil || k != 1 || ready[0] != readyEntry(1, EvRead) || lens[0] != 0 {
			t.Fatalf("SelectFetch %d: k=%d err=%v ready=%v lens=%v, want the buffered stream alone, nothing fetched", i, k, err, ready[:k], lens[:k])
		}
	}
	buf := make([]byte, 16)
	if n, _ := Read(c.srv, buf); string(buf[:n]) != "kept" {
		t.Fatalf("Read = %q", buf[:n])
	}
}

// A reset seen by the fetch of a select is not lost: the kernel reports
// ECONNRESET once, so the fetch keeps it and the next read returns it, as
// the read PHP's fread makes after stream_select would (false, not "").
func TestSelectFetchKeepsReadError(t *testing.T) {
	c := qaTCP(t)
	// SO_LINGER 0: closing the client sends RST instead of FIN.
	if err := unix.SetsockoptLinger(qaFD(t, c.cli), unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0}); err != nil {
		t.Fatal(err)
	}
	Close(c.cli)
	qaWaitReadable(t, c.srv, unix.POLLIN)
	ready, lens, data := make([]uint32, 1), make([]uint32, 1), make([]byte, 1024)
	k, err := SelectFetch([]int64{c.srv}, []byte{EvRead}, time.Second, ready, data, lens)
	if err != nil || k != 1 || lens[0] != 0 {
		t.Fatalf("SelectFetch: k=%d err=%v lens=%v, want one entry with nothing fetched", k, err, lens[:k])
	}
	n, err := Read(c.srv, data)
	qaWantCode(t, "Read after the fetch met a reset", err, -Code(unix.ECONNRESET))
	if n != 0 {
		t.Fatalf("Read = %d bytes", n)
	}
	if n, err = Read(c.srv, data); n != 0 || err != nil {
		t.Fatalf("second Read = %d, %v; want end of stream", n, err)
	}
}

// A TLS stream's plaintext is fetched too, and so is its end: a TLS echo
// server's fread then makes no call into the library, as a plain one's
// does not. Before, TLS streams were not fetchable (lens 0): one more
// crossing per message, 2.1 FFI calls per TLS echo round trip against 1.1.
func TestSelectFetchTLS(t *testing.T) {
	conn, c := tlsTestSession(t)
	SetBlocking(conn, false)
	hs, want := []int64{conn}, []byte{EvRead}
	ready, lens, data := make([]uint32, 1), make([]uint32, 1), make([]byte, 1024)
	fetch := func() (int, uint32) {
		for end := time.Now().Add(5 * time.Second); time.Now().Before(end); {
			k, err := SelectFetch(hs, want, time.Second, ready, data, lens)
			if err != nil {
				t.Fatal(err)
			}
			if k == 1 && lens[0] != 0 {
				return k, lens[0]
			}
		}
		t.Fatal("nothing fetched in 5 s")
		return 0, 0
	}
	// The first bytes may come with the handshake, which Select's drain
	// buffers (buffered bytes are never fetched): read them as PHP would.
	if _, err := c.Write([]byte("first")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	got := ""
	for end := time.Now().Add(5 * time.Second); got != "first" && time.Now().Before(end); {
		if k, _ := SelectFetch(hs, want, time.Second, ready, data, lens); k == 1 && lens[0] > 1 {
			got += string(data[:lens[0]-1])
		} else if k == 1 {
			n, _ := Read(conn, buf)
			got += string(buf[:n])
		}
	}
	if got != "first" {
		t.Fatalf("first message: %q", got)
	}
	if _, err := c.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	if _, n := fetch(); n != 1+5 || string(data[:5]) != "hello" {
		t.Fatalf("fetched lens %d, %q", n, data[:5])
	}
	if n, err := Read(conn, buf); n != 0 || err != ErrWouldBlock {
		t.Fatalf("read after the fetch = %d, %v; want the bytes fetched only once", n, err)
	}
	c.Close()
	if _, n := fetch(); n != 1 {
		t.Fatalf("end of stream: lens %d, want 1", n)
	}
}
