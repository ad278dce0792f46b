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
	conn, c := tlsTestSession(t)
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
	peerGot(t, got, data)
}

// Direct writes the kernel cannot take whole (here the room cache is made
// to overstate the send buffer while the peer does not read) leave their
// records to the flusher: every byte arrives once and in order, and a
// blocking direct write returns only once its bytes are in the kernel.
func TestTLSDirectWriteBacklogKeepsOrder(t *testing.T) {
	conn, c := tlsTestSession(t)
	s := handles.get(conn)
	overstate := func() {
		s.tls.mu.Lock()
		s.tls.room, s.tls.roomAt = 1<<40, s.tls.hc.rawSent.Load()
		s.tls.mu.Unlock()
	}
	SetBlocking(conn, false)
	var want []byte
	chunk := make([]byte, 16<<10)
	backlogs := 0
	for i := 0; len(want) < 24<<20 && i < 4000; i++ {
		for j := range chunk {
			chunk[j] = byte(i + j/7)
		}
		overstate()
		n, err := Write(conn, chunk)
		if err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		want = append(want, chunk[:n]...)
		if s.tls.hc.backlogged() {
			backlogs++
		}
		if n < len(chunk) {
			break // the queue is full
		}
	}
	if backlogs == 0 {
		t.Fatal("no direct write left a backlog: the test tests nothing")
	}
	got := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(c)
		got <- b
	}()
	// A blocking direct write while the peer reads: all of it is sent.
	SetBlocking(conn, true)
	SetTimeout(conn, 10*time.Second)
	if !waitUntil(5*time.Second, func() bool { return !s.tls.hc.backlogged() && s.tls.writable() }) {
		t.Fatal("the backlog was never sent")
	}
	tail := []byte("the end")
	overstate()
	if n, err := Write(conn, tail); n != len(tail) || err != nil {
		t.Fatalf("blocking write = %d, %v", n, err)
	}
	want = append(want, tail...)
	Close(conn)
	peerGot(t, got, want)
}

// waitUntil polls cond every millisecond up to d.
func waitUntil(d time.Duration, cond func() bool) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// A bulk-sized write (here 64 KiB, four records) with nothing queued and
// room in the kernel's send buffer is encrypted and sent on the calling
// thread, as a message is: the queue is never used, so no copy into it and
// no hand-off to the flusher. Before, only writes of one record (16 KiB)
// were direct; TLS bulk server -> client ran at 0.85x native PHP.
func TestTLSBulkWriteIsDirect(t *testing.T) {
	conn, c := tlsTestSession(t)
	s := handles.get(conn)
	SetBlocking(conn, false)
	got := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(c)
		got <- b
	}()
	var want []byte
	chunk := make([]byte, 64<<10)
	for i := 0; i < 64; i++ {
		for j := range chunk {
			chunk[j] = byte(i*13 + j/5)
		}
		if !waitUntil(5*time.Second, func() bool { return sendRoom(s.fd.fd) >= 2*len(chunk)+tlsDirectRoom }) {
			t.Fatalf("write %d: the send buffer never had room (%d bytes free)", i, sendRoom(s.fd.fd))
		}
		n, err := Write(conn, chunk)
		if n != len(chunk) || err != nil {
			t.Fatalf("write %d = %d, %v", i, n, err)
		}
		want = append(want, chunk...)
		s.tls.mu.Lock()
		queueUsed := cap(s.tls.queue) > 0 || s.tls.flushing
		s.tls.mu.Unlock()
		if queueUsed {
			t.Fatalf("write %d of %d bytes went through the queue with %d bytes free in the send buffer", i, len(chunk), sendRoom(s.fd.fd))
		}
	}
	Close(conn)
	peerGot(t, got, want)
}

// Closing a non-blocking TLS stream that has nothing queued sends
// close_notify and closes on the calling thread: no goroutine, so the PHP
// thread's next wait hands no P over (tls_sched.go). Before, every close
// ran in a goroutine, which a server closing each connection after one
// request (TLS handshakes per second) paid per connection.
func TestTLSCloseNowSendsCloseNotify(t *testing.T) {
	ln, addr, pool := tlsTestListener(t)
	defer Close(ln)
	for i := 0; i < 10; i++ {
		c, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: pool, ServerName: "localhost"})
		if err != nil {
			t.Fatal(err)
		}
		conn, _, err := Accept(ln, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		SetBlocking(conn, false)
		if n, err := Write(conn, []byte("bye")); n != 3 || err != nil {
			t.Fatalf("write = %d, %v", n, err)
		}
		s := handles.get(conn)
		Close(conn)
		unsentQueues.mu.Lock()
		_, background := unsentQueues.conns[s.tls]
		unsentQueues.mu.Unlock()
		if background {
			t.Fatalf("connection %d: the close of an idle session ran in the background", i)
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		b, err := io.ReadAll(c) // io.EOF only after close_notify; a bare FIN is an error
		if string(b) != "bye" || err != nil {
			t.Fatalf("connection %d: the peer read %q, %v", i, b, err)
		}
		c.Close()
	}
}

// A select waiting for write room on a TLS stream whose queue is full is
// woken when the flusher drains it below the low-water mark, whatever the
// timing of the writes that filled it. Before, the flusher judged "full"
// before writing a chunk, missed the writes made meanwhile, and such a
// select waited out its timeout (1 s stalls every 30 MiB or so against a
// slow reader; with no timeout, forever).
func TestTLSSelectWakesWhenQueueDrains(t *testing.T) {
	conn, c := tlsTestSession(t)
	SetBlocking(conn, false)
	const total = 128 << 20
	done := make(chan int64, 1)
	go func() { // a reader slower than the writer, so the queue fills
		buf := make([]byte, 16<<10)
		var got int64
		for got < total {
			n, err := c.Read(buf)
			got += int64(n)
			if err != nil {
				break
			}
			for start := time.Now(); time.Since(start) < 20*time.Microsecond; {
			}
		}
		done <- got
	}()
	chunk := make([]byte, 64<<10)
	hs, want, ready := []int64{conn}, []byte{EvWrite}, make([]uint32, 1)
	for sent := int64(0); sent < total; {
		start := time.Now()
		k, err := Select(hs, want, 2*time.Second, ready)
		if err != nil {
			t.Fatal(err)
		}
		// The peer drains the queue in milliseconds: a select that waited
		// a second missed its wake-up (it finds the room at its timeout).
		if waited := time.Since(start); k == 0 || waited > time.Second {
			t.Fatalf("select for write returned %d after %v, at %d of %d bytes, while the peer reads", k, waited, sent, total)
		}
		n, err := Write(conn, chunk[:min(int64(len(chunk)), total-sent)])
		if err != nil {
			t.Fatal(err)
		}
		sent += int64(n)
	}
	select {
	case got := <-done:
		if got != total {
			t.Fatalf("the peer got %d of %d bytes", got, total)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the peer did not get every byte in 20 s")
	}
}

// peerGot checks what a reading goroutine sent on got: want, within 20 s.
func peerGot(t *testing.T, got <-chan []byte, want []byte) {
	t.Helper()
	select {
	case b := <-got:
		if !bytes.Equal(b, want) {
			t.Fatalf("the peer got %d bytes, equal %v; want %d", len(b), bytes.Equal(b, want), len(want))
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the peer never saw the end of the stream")
	}
}
