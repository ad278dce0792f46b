package core

import (
	"crypto/tls"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// tlsListener serves an ssl:// or tls:// server. A goroutine accepts and
// runs each handshake in its own goroutine, bounded by the listener's
// timeout, so a slow or silent client never stalls accept; finished
// sessions queue here. The Sock's descriptor is an eventfd in semaphore
// mode, readable while the queue holds a connection, so Select and Accept
// wait on it like on a plain listener. An accept that fails for want of
// descriptors is reported through the same queue, as PHP's accept reports
// EMFILE.
type tlsListener struct {
	ln      net.Listener
	cfg     *tls.Config
	efd     int
	family  int          // the listening socket's, which its accepted sockets share
	timeout atomic.Int64 // handshake limit, ns; < 0 forever
	mu      sync.Mutex
	queue   []*Sock
	closed  bool
	failure error        // a failed accept, not yet reported
	failed  atomic.Int64 // handshakes that failed or timed out
	burst   acceptBurst
	serving sync.Once // the accept loop runs from start() on
}

// listenTLS turns a bound, listening socket into a TLS listener Sock.
func listenTLS(raw *Sock, cfg *tls.Config) (*Sock, error) {
	f, err := netConnOfListener(raw.fd.fd)
	closeFunc(raw.fd.fd)
	if err != nil {
		return nil, err
	}
	efd, err := unix.Eventfd(0, unix.EFD_SEMAPHORE|unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	if err != nil {
		f.Close()
		return nil, sysErr("listen", err)
	}
	l := &tlsListener{ln: f, cfg: cfg, efd: efd, family: raw.family}
	l.timeout.Store(int64(raw.timeout))
	s := newSock(efd, KindTCP, raw.family, false)
	s.listener, s.tlsl, s.timeout, s.nodelay = true, l, raw.timeout, raw.nodelay
	return s, nil
}

// start runs the accept loop once. Listen starts it at once; a listener
// adopted after fork() starts it on its first accept, select or descriptor
// for select, so that a master which keeps the listener it shares with its
// workers never accepts, let alone handshakes, their clients.
func (l *tlsListener) start() {
	l.serving.Do(func() { go l.serve() })
}

func netConnOfListener(fd int) (net.Listener, error) {
	return fromDupFile(fd, "listen", fileListener)
}

// fileListener is a seam for tests that inject accept errors.
var fileListener = net.FileListener

// tlsAcceptBackoff bounds the retry rate after an accept error such as
// EMFILE, which would otherwise spin.
const tlsAcceptBackoff = 5 * time.Millisecond

func (l *tlsListener) serve() {
	for {
		c, err := l.ln.Accept()
		if err != nil {
			l.mu.Lock()
			closed := l.closed
			l.mu.Unlock()
			if closed {
				return
			}
			l.acceptFailed(err)
			time.Sleep(tlsAcceptBackoff)
			continue
		}
		l.burst.accepted()
		goTLS(func() { l.handshake(c) })
	}
}

// acceptLinger is how long after its last accept a listener counts as
// goroutine work (tls_sched.go): connections come in bursts, and while the
// PHP thread hands its P over when it waits, the accept loop runs at once.
// An idle listener leaves the PHP thread's waits alone (its next connection
// waits for the runtime's monitor, 20 µs to 10 ms), so traffic on
// established sessions pays no hand-offs.
const acceptLinger = 50 * time.Millisecond

// acceptBurst holds one count of goroutineWork from an accept until
// acceptLinger passes without another.
type acceptBurst struct {
	mu    sync.Mutex
	timer *time.Timer // nil outside a burst
}

func (b *acceptBurst) accepted() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.timer != nil {
		b.timer.Reset(acceptLinger)
		return
	}
	goroutineWork.Add(1)
	b.timer = time.AfterFunc(acceptLinger, b.end)
}

// end ends the burst; a listener's close ends it too.
func (b *acceptBurst) end() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
		goroutineWork.Add(-1)
	}
}

func (l *tlsListener) handshake(c net.Conn) {
	fd, err := rawFDOf(c)
	if err != nil {
		// No descriptor for the duplicate: the client is dropped, and the
		// next accept says why.
		c.Close()
		l.acceptFailed(err)
		return
	}
	t := newTLSConn(newHybridConn(c, fd), true, l.cfg)
	tc := t.conn
	t.reported = true
	t.handshake(time.Duration(l.timeout.Load()))
	if t.hsErr != nil {
		l.failed.Add(1)
		c.Close()
		closeFunc(fd)
		return
	}
	s := newSock(fd, KindTCP, l.family, false)
	s.tls = t
	s.timeout = time.Duration(l.timeout.Load())
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		tc.Close()
		closeFunc(fd)
		return
	}
	l.queue = append(l.queue, s)
	l.mu.Unlock()
	var one = [8]byte{1}
	unix.Write(l.efd, one[:])
}

// acceptFailed queues the error of an accept that failed for want of
// descriptors (EMFILE, ENFILE), for Accept to report; other errors are
// retried silently. One error is pending at most: failures repeat every
// tlsAcceptBackoff while the shortage lasts.
func (l *tlsListener) acceptFailed(err error) {
	if !errors.Is(err, unix.EMFILE) && !errors.Is(err, unix.ENFILE) {
		return
	}
	l.mu.Lock()
	first := l.failure == nil && !l.closed
	if first {
		l.failure = sysErr("accept", err)
	}
	l.mu.Unlock()
	if first {
		var one = [8]byte{1}
		unix.Write(l.efd, one[:])
	}
}

// next takes a finished connection off the queue, else the pending accept
// error, else neither. Each takes one count of the eventfd, which counts
// them both.
func (l *tlsListener) next() (*Sock, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.queue) == 0 && l.failure == nil {
		return nil, nil // the eventfd counts nothing to take (a read would find EAGAIN)
	}
	var buf [8]byte
	if _, err := unix.Read(l.efd, buf[:]); err != nil {
		return nil, nil
	}
	if len(l.queue) == 0 {
		err := l.failure
		l.failure = nil
		return nil, err
	}
	s := l.queue[0]
	l.queue = l.queue[1:]
	return s, nil
}

// descriptorsLeft reports whether the process could take a connection
// now: it holds two descriptors (Go's and the Sock's duplicate). An accept
// error queued before descriptors were freed is stale. A seam for tests
// that inject EMFILE.
var descriptorsLeft = func() bool { return descriptorsFree(2) }

// close stops accepting and drops queued connections.
func (l *tlsListener) close() {
	l.mu.Lock()
	l.closed = true
	q := l.queue
	l.queue = nil
	l.mu.Unlock()
	l.ln.Close()
	l.burst.end()
	// Wake an accept or select waiting on the eventfd: it then sees the
	// handle closing (shutdown(2), which wakes plain listeners, does not
	// apply to an eventfd).
	var one = [8]byte{1}
	unix.Write(l.efd, one[:])
	for _, s := range q {
		s.tls.conn.Close()
		closeFunc(s.fd.fd)
	}
}

// acceptTLS is Accept for a TLS listener.
func acceptTLS(s *Sock, timeout time.Duration) (int64, string, error) {
	s.tlsl.start()
	var deadline time.Time
	if timeout >= 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		c, err := s.tlsl.next()
		if err != nil && !descriptorsLeft() {
			return 0, "", err
		}
		if c != nil {
			h, err := handles.add(c)
			if err != nil {
				c.tls.conn.Close()
				closeFunc(c.fd.fd)
				return 0, "", err
			}
			peer, _ := sockName(c.fd.fd, true)
			return h, peer, nil
		}
		left := time.Duration(-1)
		if timeout >= 0 {
			left = max(time.Until(deadline), 0)
		}
		if left == 0 && s.fd.state.Load()&refClosing == 0 {
			// Nothing queued, and no time to wait: a poll(2) of the
			// eventfd could only say so again (a non-blocking accept loop
			// ends with such a call).
			return 0, "", ErrTimeout
		}
		if err := waitFD(s.fd.fd, unix.POLLIN, left); err != nil {
			return 0, "", err
		}
		if s.fd.state.Load()&refClosing != 0 {
			return 0, "", ErrBadHandle
		}
	}
}
