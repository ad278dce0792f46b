package core

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// TLS write buffering: a TLS write that times out breaks the session
// (crypto/tls makes write errors permanent), so writes go to a buffer that
// a goroutine flushes. A non-blocking writer may queue up to
// tlsHighWater bytes; the stream is writable again below tlsLowWater.
const (
	tlsHighWater  = 4 << 20
	tlsLowWater   = tlsHighWater / 2
	tlsCloseLimit = 5 * time.Second // for the close_notify and last flush
	// tlsFillLimit bounds one read-ahead, or a fast sender would keep a
	// fill going (and the buffer growing) as long as it sends.
	tlsFillLimit = 256 << 10
)

// tlsConn is the TLS session of a socket. crypto/tls works on a net.Conn in
// Go's netpoller (a duplicate of the socket); the raw descriptor stays in
// the Sock for epoll readiness, names and options.
type tlsConn struct {
	conn     *tls.Conn
	hc       *hybridConn
	drained  atomic.Bool   // plaintext that came with the handshake was taken
	more     bool          // a fill stopped at its limit: crypto/tls may hold more
	done     chan struct{} // closed when the handshake has ended
	hsErr    error         // valid after done
	reported bool          // the end of the handshake was returned to the caller

	mu       sync.Mutex
	cond     *sync.Cond
	pending  []byte
	spare    []byte // the other write buffer (see flush)
	flushing bool
	werr     error
}

func newTLSConn(hc *hybridConn, server bool, cfg *tls.Config) *tlsConn {
	c := tls.Client(hc, cfg)
	if server {
		c = tls.Server(hc, cfg)
	}
	t := &tlsConn{conn: c, hc: hc, done: make(chan struct{})}
	t.cond = sync.NewCond(&t.mu)
	return t
}

// handshakeDone reports whether the handshake has ended, and how.
func (t *tlsConn) handshakeDone() (bool, error) {
	select {
	case <-t.done:
		return true, t.hsErr
	default:
		return false, nil
	}
}

func (t *tlsConn) handshake(timeout time.Duration) {
	ctx := context.Background()
	if timeout >= 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	t.hsErr = t.conn.HandshakeContext(ctx)
	if t.hsErr == nil {
		t.conn.SetReadDeadline(time.Time{})
		t.hc.raw.Store(true)
	}
	close(t.done)
	notifyWake()
}

// netConnOf gives crypto/tls its own duplicate of fd in Go's netpoller.
func netConnOf(fd int) (net.Conn, error) {
	dup, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil, sysErr(err)
	}
	f := os.NewFile(uintptr(dup), "gostream")
	defer f.Close()
	nc, err := net.FileConn(f)
	if err != nil {
		return nil, sysErr(err)
	}
	return nc, nil
}

// rawFDOf duplicates the descriptor behind a Go connection for the Sock.
func rawFDOf(c net.Conn) (int, error) {
	sc, ok := c.(syscallConner)
	if !ok {
		return -1, errorf(CodeTLS, "gostream: connection has no descriptor")
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return -1, sysErr(err)
	}
	fd := -1
	var derr error
	if err := rc.Control(func(raw uintptr) { fd, derr = unix.FcntlInt(raw, unix.F_DUPFD_CLOEXEC, 0) }); err != nil {
		return -1, sysErr(err)
	}
	if derr != nil {
		return -1, sysErr(derr)
	}
	return fd, nil
}

type syscallConner interface {
	SyscallConn() (syscall.RawConn, error)
}

// tlsErr words a handshake or configuration failure.
func tlsErr(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return errorf(CodeTLS, "SSL: Handshake timed out")
	}
	return errorf(CodeTLS, "SSL: %v", err)
}

// fillTLS reads all plaintext that can be had now into the socket's
// buffer: the first read waits as the stream's mode says, the rest only
// drain what crypto/tls already holds, so data already decrypted is visible
// to Select as buffered, as PHP pulls OpenSSL's pending bytes.
func (s *Sock) fillTLS() error {
	t := s.tls
	if ok, err := t.handshakeDone(); !ok {
		if !s.blocking {
			return ErrWouldBlock
		}
		if werr := s.waitHandshake(); werr != nil {
			return werr
		}
	} else if err != nil {
		return tlsErr(err)
	}
	deadline := time.Unix(1, 0) // in the past: only what is here now
	if s.blocking {
		deadline = time.Time{}
		if s.timeout >= 0 {
			deadline = time.Now().Add(s.timeout)
		}
	}
	t.conn.SetReadDeadline(deadline)
	t.drained.Store(true)
	got := 0
	for {
		if s.roff > 0 && s.roff == len(s.rbuf) {
			s.rbuf, s.roff = s.rbuf[:0], 0
		}
		if cap(s.rbuf)-len(s.rbuf) < readChunk {
			nb := make([]byte, len(s.rbuf)-s.roff, len(s.rbuf)-s.roff+4*readChunk)
			copy(nb, s.rbuf[s.roff:])
			s.rbuf, s.roff = nb, 0
		}
		end := len(s.rbuf)
		n, err := t.conn.Read(s.rbuf[end:cap(s.rbuf)])
		s.rbuf = s.rbuf[:end+n]
		got += n
		t.more = false
		if err == nil {
			if got >= tlsFillLimit {
				t.more = true // Select counts the stream readable
				return nil
			}
			if got > 0 {
				t.conn.SetReadDeadline(time.Unix(1, 0))
			}
			continue
		}
		var ne net.Error
		switch {
		case errors.As(err, &ne) && ne.Timeout():
			if got > 0 {
				return nil
			}
			if s.blocking {
				s.timedOut = true
				return ErrTimeout
			}
			return ErrWouldBlock
		case errors.Is(err, io.EOF):
			s.eof = true
			return nil
		default:
			if got > 0 {
				return nil
			}
			s.eof = true
			return tlsIOErr(err)
		}
	}
}

// waitHandshake waits for a handshake another goroutine runs.
func (s *Sock) waitHandshake() error {
	var timer <-chan time.Time
	if s.timeout >= 0 {
		tm := time.NewTimer(s.timeout)
		defer tm.Stop()
		timer = tm.C
	}
	select {
	case <-s.tls.done:
		if s.tls.hsErr != nil {
			return tlsErr(s.tls.hsErr)
		}
		return nil
	case <-timer:
		s.timedOut = true
		return ErrTimeout
	}
}

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
			return 0, tlsIOErr(t.werr)
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

// Direct TLS writes: a small write with nothing queued, while the kernel's
// send buffer has ample room, is written on the calling thread (it cannot
// block there), saving the hand-off to the flushing goroutine that a
// message-sized write would otherwise cost.
const (
	tlsDirectMax  = 16 << 10 // one TLS record
	tlsDirectRoom = 64 << 10 // free send buffer required beyond 4x the data
)

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
		return 0, true, tlsIOErr(err)
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

// tlsIOErr maps an error of crypto/tls during reads and writes: errnos stay
// errnos, the rest (alerts, bad records) is GS_ETLS.
func tlsIOErr(err error) *Error {
	var errno unix.Errno
	if errors.As(err, &errno) {
		return errnoErr(errno)
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return errorf(CodeTLS, "SSL: %v", err)
}

// CryptoInfo describes an established session for stream_get_meta_data.
type CryptoInfo struct {
	Protocol      string `json:"protocol"`
	CipherName    string `json:"cipher_name"`
	CipherBits    int    `json:"cipher_bits"`
	CipherVersion string `json:"cipher_version"`
	ALPN          string `json:"alpn_protocol,omitempty"`
}

// Crypto reports the session of h; ok is false for a plain stream.
func Crypto(h int64) (CryptoInfo, bool, error) {
	s, err := acquire(h)
	if err != nil {
		return CryptoInfo{}, false, err
	}
	defer s.release()
	if s.tls == nil {
		return CryptoInfo{}, false, nil
	}
	if ok, err := s.tls.handshakeDone(); !ok || err != nil {
		return CryptoInfo{}, false, nil
	}
	st := s.tls.conn.ConnectionState()
	name, bits := opensslCipherName(st.CipherSuite)
	proto := protocolName(st.Version)
	return CryptoInfo{Protocol: proto, CipherName: name, CipherBits: bits, CipherVersion: proto, ALPN: st.NegotiatedProtocol}, true, nil
}

// PeerCertificate returns the peer's leaf certificate as PEM, or "".
func PeerCertificate(h int64) (string, error) {
	s, err := acquire(h)
	if err != nil {
		return "", err
	}
	defer s.release()
	if s.tls == nil {
		return "", nil
	}
	if ok, err := s.tls.handshakeDone(); !ok || err != nil {
		return "", nil
	}
	certs := s.tls.conn.ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return "", nil
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: certs[0].Raw})), nil
}

// drainTLS moves plaintext that crypto/tls read together with the
// handshake into the buffer, once, so Select sees it: the kernel no longer
// shows those bytes as readable.
func (s *Sock) drainTLS() {
	t := s.tls
	if t.drained.Load() {
		return
	}
	if ok, err := t.handshakeDone(); !ok || err != nil {
		return
	}
	blocking := s.blocking
	s.blocking = false
	err := s.fillTLS()
	s.blocking = blocking
	if err == ErrWouldBlock {
		s.eof = false
	}
}
