package core

import (
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Direct TLS writes: a small write with nothing queued, while the kernel's
// send buffer has ample room, is written on the calling thread (it cannot
// block there), saving the hand-off to the flushing goroutine that a
// message-sized write would otherwise cost.
const (
	tlsDirectMax  = 16 << 10 // one TLS record
	tlsDirectRoom = 64 << 10 // free send buffer required beyond 4x the data
)

// writeTLS queues p for the flushing goroutine. A blocking stream waits
// (up to its timeout) for room; a non-blocking one takes what fits.
func (s *Sock) writeTLS(p []byte) (int, error) {
	t := s.tls
	if ok, err := t.handshakeDone(); !ok {
		if !s.blocking {
			return 0, nil
		}
		if werr := s.waitHandshake(); werr != nil {
			return 0, werr
		}
	} else if err != nil {
		return 0, tlsErr(err)
	}
	if n, ok, err := s.writeTLSDirect(p); ok {
		return n, err
	}
	var deadline time.Time
	if s.timeout >= 0 {
		deadline = time.Now().Add(s.timeout)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	total := 0
	for {
		if t.werr != nil {
			if total > 0 {
				return total, nil
			}
			return 0, tlsIOErr("write", t.werr)
		}
		room := tlsHighWater - len(t.pending)
		n := min(room, len(p)-total)
		if n > 0 {
			t.pending = append(t.pending, p[total:total+n]...)
			total += n
			if !t.flushing {
				t.flushing = true
				go t.flush()
			}
		}
		if total == len(p) || !s.blocking {
			return total, nil
		}
		if s.timeout >= 0 && !time.Now().Before(deadline) {
			s.timedOut = true
			if total > 0 {
				return total, nil
			}
			return 0, ErrTimeout
		}
		waitCond(t.cond, deadline)
	}
}

// writeTLSDirect reports ok when it took the write.
func (s *Sock) writeTLSDirect(p []byte) (int, bool, error) {
	t := s.tls
	if len(p) > tlsDirectMax {
		return 0, false, nil
	}
	t.mu.Lock()
	if t.werr != nil || t.flushing || len(t.pending) > 0 || sendRoom(s.fd.fd) < 4*len(p)+tlsDirectRoom {
		t.mu.Unlock()
		return 0, false, nil
	}
	t.flushing = true // a close waits for this write as for a flush
	t.mu.Unlock()
	_, err := t.conn.Write(p)
	t.mu.Lock()
	t.flushing = false
	if err != nil {
		t.werr = err
	}
	t.cond.Broadcast()
	t.mu.Unlock()
	if err != nil {
		return 0, true, tlsIOErr("write", err)
	}
	return len(p), true, nil
}

// sendRoom is the free space of a socket's send buffer, 0 if unknown.
func sendRoom(fd int) int {
	size, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUF)
	if err != nil {
		return 0
	}
	queued, err := unix.IoctlGetInt(fd, unix.SIOCOUTQ)
	if err != nil {
		return 0
	}
	return size - queued
}

// waitCond waits on c (locked) until a broadcast or the deadline.
func waitCond(c *sync.Cond, deadline time.Time) {
	if !deadline.IsZero() {
		tm := time.AfterFunc(time.Until(deadline), c.Broadcast)
		defer tm.Stop()
	}
	c.Wait()
}

// flush writes the queue until it is empty, waking selects as room frees.
func (t *tlsConn) flush() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for len(t.pending) > 0 && t.werr == nil {
		// Two buffers take turns: writers fill one while this writes the
		// other, so a steady stream allocates nothing.
		chunk := t.pending
		t.pending, t.spare = t.spare[:0], nil
		t.mu.Unlock()
		_, err := t.conn.Write(chunk)
		t.mu.Lock()
		t.spare = chunk[:0]
		if err != nil {
			t.werr = err
			t.pending = nil
		}
		t.cond.Broadcast()
		notifyWake()
	}
	t.flushing = false
	t.cond.Broadcast()
}

// writable is the TLS stream's write readiness for Select.
func (t *tlsConn) writable() bool {
	if ok, _ := t.handshakeDone(); !ok {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.pending) < tlsLowWater || t.werr != nil
}

// shutdown flushes what is queued, sends close_notify and closes the
// duplicate, in the background so fclose never blocks PHP.
func (t *tlsConn) shutdown() {
	go func() {
		deadline := t.awaitFlushed()
		t.conn.SetDeadline(deadline)
		t.conn.Close()
	}()
}

// awaitFlushed waits, in a background goroutine, for the handshake to end
// and the write queue to empty, at most tlsCloseLimit; it returns the
// deadline the closing writes then get.
func (t *tlsConn) awaitFlushed() time.Time {
	<-t.done
	deadline := time.Now().Add(tlsCloseLimit)
	t.mu.Lock()
	for t.flushing && time.Now().Before(deadline) {
		waitCond(t.cond, deadline)
	}
	t.mu.Unlock()
	return deadline
}

// disable ends TLS but not the connection, for enable_crypto(false): the
// queue is flushed and close_notify sent in the background, then crypto/
// tls's duplicate descriptor is closed; the socket itself stays open.
func (t *tlsConn) disable() {
	go func() {
		deadline := t.awaitFlushed()
		if t.hsErr == nil {
			t.conn.SetWriteDeadline(deadline)
			t.conn.CloseWrite()
		}
		t.hc.Conn.Close()
	}()
}
