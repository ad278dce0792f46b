package core

import (
	"crypto/tls"
	"time"

	"golang.org/x/sys/unix"
)

// DefaultTimeout is PHP's default_socket_timeout; the PHP shim sets the ini
// value on each new stream when it differs.
const DefaultTimeout = 60 * time.Second

// readChunk is how much a line read pulls from the kernel at once, as
// PHP's stream chunk size.
const readChunk = 8192

// Sock is one open handle. Only one thread may use a Sock at a time (PHP
// has one); close may come from another and is guarded by fd.
type Sock struct {
	fd       fdRef
	handle   int64
	kind     Kind
	family   int
	dgram    bool
	listener bool
	blocking bool
	timeout  time.Duration // < 0 waits forever
	eof      bool
	timedOut bool
	nodelay  bool   // listener: set TCP_NODELAY on accepted sockets
	path     string // unix listener: the path as the user gave it
	host     string // client: the host dialled, for TLS server names

	tls    *tlsConn     // TLS session, after enable_crypto or on tls:// streams
	tlsl   *tlsListener // ssl:// and tls:// listeners
	tlsCfg *tls.Config  // server TLS settings checked at creation, for STARTTLS

	rbuf []byte // bytes read ahead by a line read; rbuf[roff:] is unread
	roff int
	// readErr is a read error a fetch met, for the next read to report.
	readErr error

	sentBeforeError int // bytes the last Write sent before it failed

	// Poller state, guarded by the poller's lock.
	pollMask  uint32
	wantRound uint64
	wantBits  byte // what this round asked for
	readyRnd  uint64
	readyEv   uint32
}

func newSock(fd int, kind Kind, family int, dgram bool) *Sock {
	s := &Sock{kind: kind, family: family, dgram: dgram, blocking: true, timeout: DefaultTimeout}
	s.fd.init(fd)
	return s
}

// acquire finds an open socket and takes a reference; release gives it back.
func acquire(h int64) (*Sock, error) {
	s := handles.get(h)
	if s == nil || !s.fd.incref() {
		return nil, ErrBadHandle
	}
	return s, nil
}

func (s *Sock) release() { s.fd.decref() }

// acquireSocket is acquire for op on the descriptor itself: a socket-less
// server handle has none (ENOTSOCK), and when stream is set a listener has
// no data to move (ENOTCONN).
func acquireSocket(h int64, op string, stream bool) (*Sock, error) {
	s, err := acquire(h)
	if err != nil {
		return nil, err
	}
	var errno unix.Errno
	switch {
	case s.fd.fd < 0:
		errno = unix.ENOTSOCK
	case stream && s.listener:
		errno = unix.ENOTCONN
	default:
		return s, nil
	}
	s.release()
	return nil, errnoErr(op, errno)
}

func (s *Sock) unread() int { return len(s.rbuf) - s.roff }

// Close closes a handle. A second close, or a stale handle, is ErrBadHandle.
func Close(h int64) error {
	s := handles.remove(h)
	if s == nil {
		return ErrBadHandle
	}
	if !s.fd.markClosing() {
		return ErrBadHandle
	}
	s.closeTLS()
	if s.fd.state.Load()&refMask > 1 && s.fd.fd >= 0 {
		// Another thread is inside an operation on it: shutdown wakes its
		// poll or accept; the last reference then closes the descriptor.
		unix.Shutdown(s.fd.fd, unix.SHUT_RDWR)
	}
	s.fd.decref()
	return nil
}

// Info is what stream_get_meta_data needs.
type Info struct {
	TimedOut, Blocking, EOF, Listener, TLS bool
	Kind                                   Kind
	Unread                                 int
	Timeout                                time.Duration
	SentBeforeError                        int // of the last Write, if it failed
}

// Stat reports a handle's state.
func Stat(h int64) (Info, error) {
	s, err := acquire(h)
	if err != nil {
		return Info{}, err
	}
	defer s.release()
	return Info{TimedOut: s.timedOut, Blocking: s.blocking, EOF: s.eof, Listener: s.listener, TLS: s.tls != nil,
		Kind: s.kind, Unread: s.unread(), Timeout: s.timeout, SentBeforeError: s.sentBeforeError}, nil
}

// SetBlocking switches between PHP's blocking and non-blocking modes. The
// descriptor itself always stays non-blocking; waits are done in poll(2).
func SetBlocking(h int64, on bool) error {
	s, err := acquire(h)
	if err != nil {
		return err
	}
	defer s.release()
	s.blocking = on
	return nil
}

// SetTimeout sets the wait limit of blocking reads and writes.
func SetTimeout(h int64, d time.Duration) error {
	s, err := acquire(h)
	if err != nil {
		return err
	}
	defer s.release()
	s.timeout, s.timedOut = d, false
	if s.tlsl != nil {
		s.tlsl.timeout.Store(int64(d))
	}
	return nil
}
