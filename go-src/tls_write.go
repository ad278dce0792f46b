package core

import (
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Direct TLS writes: a write with nothing queued, while the kernel's send
// buffer has room for it with a margin, is encrypted and sent on the
// calling thread (it cannot block there), saving the copy into the queue
// and the hand-off to the flushing goroutine. A message takes this path
// while the peer keeps up; a bulk sender too while the kernel's buffer
// drains faster than PHP fills it. The margin (twice the data, plus
// tlsDirectRoom) covers the records' overhead and the kernel's accounting
// of small packets; a write the kernel still takes only part of leaves
// the rest to the flusher.
const (
	tlsDirectRoom = 64 << 10 // free send buffer required beyond twice the data
	// tlsFlushChunk is what the flusher hands crypto/tls at a time: the
	// step in which a blocking writer sees its bytes sent, and the most a
	// timed-out writer can no longer take back.
	tlsFlushChunk = 64 << 10
)

// writeTLS writes p through the queue. A blocking stream returns once its
// bytes are in the kernel, as PHP's SSL_write does; at its timeout it
// takes back what crypto/tls was not yet given and returns the count that
// was. A non-blocking stream queues what fits under tlsHighWater. An error
// of the flusher is returned by the write it ends, with that write's bytes
// sent so far, or else by the next write.
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
	if s.blocking && s.timeout >= 0 {
		deadline = time.Now().Add(s.timeout)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	start := t.queued
	total := 0
	for {
		if t.werr != nil {
			return t.sentSince(start, total), t.writeErr()
		}
		if n := min(tlsHighWater-t.unsent(), len(p)-total); n > 0 {
			t.enqueue(p[total : total+n])
			total += n
		}
		switch {
		case !s.blocking:
			return total, nil
		case total == len(p) && t.sent >= start+int64(total):
			return total, nil
		case s.fd.state.Load()&refClosing != 0:
			return total - t.takeBack(total), ErrBadHandle
		case s.timeout >= 0 && !time.Now().Before(deadline):
			s.timedOut = true
			if handed := total - t.takeBack(total); handed > 0 {
				return handed, nil
			}
			return 0, ErrTimeout
		}
		waitCond(t.cond, deadline)
	}
}

// writeTLSDirect reports ok when it took the write.
func (s *Sock) writeTLSDirect(p []byte) (int, bool, error) {
	t := s.tls
	t.mu.Lock()
	if !t.beginDirect(s.fd.fd, 2*len(p)+tlsDirectRoom) {
		t.mu.Unlock()
		return 0, false, nil
	}
	t.queued += int64(len(p))
	t.mu.Unlock()
	n, err := t.hc.writeDirect(t.conn, p)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sent += int64(n)
	if err != nil {
		t.werr = err
	}
	if t.endDirect(err) && s.blocking {
		// A blocking writer waits for the rest as for its queue.
		t.waitFlushedLocked(deadlineAfter(s.timeout))
	}
	if t.werr != nil {
		return n, true, t.writeErr()
	}
	return n, true, nil
}

// beginDirect starts a direct send on the calling thread (t.mu held) when
// one may run: no write error, nothing queued or being flushed, and need
// bytes free in the send buffer. It marks the queue flushing, so that no
// flusher starts meanwhile and a close waits for the send as for a flush.
func (t *tlsConn) beginDirect(fd, need int) bool {
	if t.werr != nil || t.flushing || t.unsent() > 0 || !t.hasRoom(fd, need) {
		return false
	}
	t.flushing = true
	return true
}

// endDirect ends a direct send that returned err (t.mu held). When the
// kernel took less than the room promised, the flusher sends the rest and
// keeps the queue flushing until it has: endDirect reports that.
func (t *tlsConn) endDirect(err error) bool {
	if err == nil && t.hc.backlogged() {
		t.room = 0
		trackUnsent(t)
		goTLS(t.flush)
		return true
	}
	t.flushing = false
	t.cond.Broadcast()
	return false
}

// hasRoom tells whether the socket's send buffer has need bytes free (t.mu
// held). It keeps a lower bound, what the kernel reported less the record
// bytes sent since (acknowledgements only add room), and asks the kernel
// again only when that bound falls short: two system calls a write cost
// more than the write's own send.
func (t *tlsConn) hasRoom(fd int, need int) bool {
	sent := t.hc.rawSent.Load()
	if t.room-(sent-t.roomAt) >= int64(need) {
		return true
	}
	t.room, t.roomAt = int64(sendRoom(fd)), sent
	return t.room >= int64(need)
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

// unsent is what was queued and not yet written (t.mu held).
func (t *tlsConn) unsent() int { return int(t.queued - t.sent) }

// sentSince is how many of the total bytes a write queued at offset start
// crypto/tls has written.
func (t *tlsConn) sentSince(start int64, total int) int {
	return int(min(max(t.sent-start, 0), int64(total)))
}

// writeErr is what a write meets once the queue has failed: the flusher's
// error the first time, then, for a connection the peer reset, EPIPE, as
// the kernel answers the next send.
func (t *tlsConn) writeErr() error {
	e := tlsIOErr("write", t.werr)
	if t.werrSeen && e.Code == -Code(unix.ECONNRESET) {
		return errnoErr("write", unix.EPIPE)
	}
	t.werrSeen = true
	return e
}

// enqueue appends b to the queue and starts the flusher if it is idle.
func (t *tlsConn) enqueue(b []byte) {
	t.queue = append(t.queue, b...)
	t.queued += int64(len(b))
	if !t.flushing {
		t.flushing = true
		trackUnsent(t)
		goTLS(t.flush)
	}
}

// takeBack removes up to n bytes from the end of the queue that crypto/tls
// has not been given yet (the last writer's own) and returns how many.
func (t *tlsConn) takeBack(n int) int {
	k := min(n, len(t.queue)-t.qoff)
	t.queue = t.queue[:len(t.queue)-k]
	t.queued -= int64(k)
	return k
}

// flush writes the queue in tlsFlushChunk steps until it is empty, waking
// blocked writers at each step and selects when room frees.
func (t *tlsConn) flush() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for t.werr == nil && (t.qoff < len(t.queue) || t.hc.backlogged()) {
		if t.qoff == len(t.queue) { // only a direct write's backlog is left
			t.mu.Unlock()
			err := t.hc.sendBacklog()
			t.mu.Lock()
			if err != nil {
				t.werr = err
				t.queue, t.qoff = nil, 0
				notifyWake()
			}
			t.cond.Broadcast()
			continue
		}
		// Writers append behind the chunk while it is written; only this
		// goroutine moves bytes within the queue, and only between writes.
		chunk := t.queue[t.qoff:min(len(t.queue), t.qoff+tlsFlushChunk)]
		t.qoff += len(chunk)
		t.mu.Unlock()
		n, err := t.conn.Write(chunk)
		t.mu.Lock()
		// Full as a Select sees it now, writes made while the chunk was
		// written included: a select that found the queue full waits for
		// this very update to wake it. (Taken before the write, it missed
		// them, and a select waiting for write room waited out its timeout,
		// forever without one.)
		wasFull := t.unsent() >= tlsLowWater
		t.sent += int64(n)
		t.compact()
		if err != nil {
			t.werr = err
			t.queue, t.qoff = nil, 0
		}
		t.cond.Broadcast()
		if err != nil || wasFull && t.unsent() < tlsLowWater {
			notifyWake()
		}
	}
	t.flushing = false
	t.cond.Broadcast()
	untrackUnsent(t)
}

// compact reclaims the written front of the queue, moving the rest only
// when it is the smaller part, so each byte moves at most about once.
func (t *tlsConn) compact() {
	rest := len(t.queue) - t.qoff
	if rest == 0 || rest < t.qoff {
		n := copy(t.queue, t.queue[t.qoff:])
		t.queue, t.qoff = t.queue[:n], 0
	}
}

// writable is the TLS stream's write readiness for Select.
func (t *tlsConn) writable() bool {
	if ok, _ := t.handshakeDone(); !ok {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.unsent() < tlsLowWater || t.werr != nil
}

// shutdown ends the session when its handle closes: the queue is flushed,
// close_notify sent (crypto/tls bounds that to 5 s) and crypto/tls's
// duplicate closed; a write still running then is cut off. A blocking
// stream does this before fclose returns, within its timeout, as PHP's
// fclose runs SSL_shutdown; a non-blocking one in the background, within
// the same bound (DefaultTimeout if it has none), and FlushAll waits for it.
func (t *tlsConn) shutdown(blocking bool, timeout time.Duration) {
	t.mu.Lock()
	t.cond.Broadcast() // a writer waiting on another thread sees the close
	t.mu.Unlock()
	if blocking {
		t.finish(deadlineAfter(timeout))
		return
	}
	if t.closeNow() {
		return
	}
	trackUnsent(t)
	goTLS(func() {
		defer untrackUnsent(t)
		t.finish(backgroundDeadline(timeout))
	})
}

// closeNow ends a session that has nothing left to send on the calling
// thread, when that cannot wait: close_notify is one small record, sent
// raw as a direct write is, into a send buffer with room for it. A close
// then starts no goroutine, nor the P hand-offs the PHP thread makes while
// goroutines have work (tls_sched.go), which cost a server that handshakes
// and closes connections by the thousand. It reports false when the
// background close must run: the handshake has not ended or failed, bytes
// are queued, a write failed, or the buffer is short (then the flusher
// sends what the kernel did not take, and the background close waits).
func (t *tlsConn) closeNow() bool {
	if ok, err := t.handshakeDone(); !ok || err != nil {
		return false
	}
	t.mu.Lock()
	if !t.beginDirect(t.hc.fd, tlsDirectRoom) {
		t.mu.Unlock()
		return false
	}
	t.mu.Unlock()
	var err error
	t.hc.sendDirect(func() { err = t.conn.CloseWrite() })
	t.mu.Lock()
	flushing := t.endDirect(err)
	t.mu.Unlock()
	if flushing {
		return false
	}
	t.conn.Close() // close_notify is not sent twice
	return true
}

// backgroundDeadline bounds a flush nobody waits for: the stream's
// timeout, or DefaultTimeout for a stream that waits forever.
func backgroundDeadline(timeout time.Duration) time.Time {
	if timeout < 0 {
		timeout = DefaultTimeout
	}
	return time.Now().Add(timeout)
}

// finish flushes until deadline (zero: no limit) and closes the session.
// An unfinished handshake has nothing queued: it is cut off at once.
func (t *tlsConn) finish(deadline time.Time) {
	if ok, _ := t.handshakeDone(); ok {
		t.waitFlushed(deadline)
	}
	t.conn.Close()
}

// waitFlushed waits until the flusher is idle or deadline (zero: no limit).
func (t *tlsConn) waitFlushed(deadline time.Time) {
	t.mu.Lock()
	t.waitFlushedLocked(deadline)
	t.mu.Unlock()
}

func (t *tlsConn) waitFlushedLocked(deadline time.Time) {
	for t.flushing && (deadline.IsZero() || time.Now().Before(deadline)) {
		waitCond(t.cond, deadline)
	}
}

// deadlineAfter is now+d, or zero (no limit) for a negative d.
func deadlineAfter(d time.Duration) time.Time {
	if d < 0 {
		return time.Time{}
	}
	return time.Now().Add(d)
}

// disable ends TLS but not the connection, for enable_crypto(false): the
// queue is flushed and close_notify sent in the background, within the
// stream's timeout as for a close, then crypto/tls's duplicate descriptor
// is closed; the socket itself stays open.
func (t *tlsConn) disable(timeout time.Duration) {
	trackUnsent(t)
	goTLS(func() {
		defer untrackUnsent(t)
		<-t.done
		deadline := backgroundDeadline(timeout)
		t.waitFlushed(deadline)
		if t.hsErr == nil {
			t.conn.SetWriteDeadline(deadline)
			t.conn.CloseWrite()
		}
		t.hc.Close()
	})
}
