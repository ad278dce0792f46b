package core

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"errors"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"gostream/go-src/tlsconf"
)

// TLS write buffering: a TLS write that times out breaks the session
// (crypto/tls makes write errors permanent), so writes go to a buffer that
// a goroutine flushes. A non-blocking writer may queue up to
// tlsHighWater bytes; the stream is writable again below tlsLowWater.
const (
	tlsHighWater = 4 << 20
	tlsLowWater  = tlsHighWater / 2
	// tlsFillLimit bounds one read-ahead, or a fast sender would keep a
	// fill going (and the buffer growing) as long as it sends.
	tlsFillLimit = 256 << 10
)

// tlsConn is the TLS session of a socket. crypto/tls works on a hybridConn
// (a duplicate of the socket in Go's netpoller while the handshake runs,
// raw reads and sends after it); the raw descriptor stays in the Sock for
// epoll readiness, names and options.
type tlsConn struct {
	conn    *tls.Conn
	hc      *hybridConn
	drained atomic.Bool // plaintext that came with the handshake was taken
	more    bool        // a fill stopped at its limit: crypto/tls may hold more
	// swallowed: Select's drain took bytes from the kernel that made no
	// plaintext yet (part of a record). The stream stays readable, as it
	// was while they were in the kernel, until the next read.
	swallowed bool
	done      chan struct{} // closed when the handshake has ended, for waiters
	ended     atomic.Bool   // set just before done closes: read per call, without the channel's lock
	hsErr     error         // valid after done
	reported  bool          // the end of the handshake was returned to the caller

	// The write queue (tls_write.go). Offsets count the stream's bytes:
	// queued is where the queue ends, sent what crypto/tls has written.
	mu       sync.Mutex
	cond     *sync.Cond
	queue    []byte // bytes not yet handed to crypto/tls: queue[qoff:]
	qoff     int
	queued   int64
	sent     int64
	flushing bool
	werr     error // the write error that ended the queue
	werrSeen bool  // werr was returned to a writer
	// Free send buffer (hasRoom): room bytes when hc had sent roomAt.
	room, roomAt int64
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
	if t.ended.Load() {
		return true, t.hsErr
	}
	return false, nil
}

// handshake runs the handshake. Its end wakes a waiting Select only when
// it is for a stream's EnableCrypto to report: no Select waits on a
// listener's session before Accept returns it (the listener's queue wakes
// those), nor on Dial's.
func (t *tlsConn) handshake(timeout time.Duration) {
	wake := !t.reported
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
		t.hc.leaveNetpoller()
	}
	t.ended.Store(true)
	close(t.done)
	if wake {
		notifyWake()
	}
}

// fromDupFile hands a duplicate of fd, in an *os.File, to one of net's
// File constructors (op names it), which duplicate it again for their own
// use: the Sock keeps owning fd itself.
func fromDupFile[T any](fd int, op string, construct func(*os.File) (T, error)) (T, error) {
	var none T
	if err := netpollReady(); err != nil {
		return none, err
	}
	dup, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return none, sysErr("dup", err)
	}
	f := os.NewFile(uintptr(dup), "gostream")
	defer f.Close()
	v, err := construct(f)
	if err != nil {
		return none, sysErr(op, err)
	}
	return v, nil
}

// netConnOf gives crypto/tls its own duplicate of fd in Go's netpoller.
func netConnOf(fd int) (net.Conn, error) { return fromDupFile(fd, "dup", net.FileConn) }

// rawFDOf duplicates the descriptor behind a Go connection for the Sock.
func rawFDOf(c net.Conn) (int, error) {
	sc, ok := c.(syscallConner)
	if !ok {
		return -1, errorf("dup", CodeTLS, "gostream: connection has no descriptor")
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return -1, sysErr("dup", err)
	}
	fd := -1
	var derr error
	if err := rc.Control(func(raw uintptr) { fd, derr = unix.FcntlInt(raw, unix.F_DUPFD_CLOEXEC, 0) }); err != nil {
		return -1, sysErr("dup", err)
	}
	if derr != nil {
		return -1, sysErr("dup", derr)
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
		return &Error{Op: "handshake", Code: CodeTLS, Msg: "SSL: Handshake timed out", Err: err}
	}
	var errno unix.Errno
	if errors.As(err, &errno) { // PHP's words: "SSL: Connection reset by peer"
		return &Error{Op: "handshake", Code: CodeTLS, Msg: "SSL: " + Strerror(errno), Err: err}
	}
	return &Error{Op: "handshake", Code: CodeTLS, Msg: "SSL: " + err.Error(), Err: err}
}

// tlsIOErr maps an error of crypto/tls during op (a read or a write):
// errnos stay errnos, the rest (alerts, bad records) is GS_ETLS.
func tlsIOErr(op string, err error) *Error {
	var errno unix.Errno
	if errors.As(err, &errno) {
		return errnoErr(op, errno)
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Op: op, Code: CodeTLS, Msg: "SSL: " + err.Error(), Err: err}
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

// PeerCertificate returns the peer's leaf certificate as PEM, or "" (see
// peerPEM).
func PeerCertificate(h int64) (string, error) {
	s, err := acquire(h)
	if err != nil {
		return "", err
	}
	defer s.release()
	if s.tls == nil {
		return "", nil
	}
	return s.tls.peerPEM(), nil
}

// peerPEM is the peer's leaf certificate as capture_peer_cert keeps it:
// after a finished handshake, and after one that failed a check PHP makes
// once it has captured the certificate (peer name, fingerprint).
func (t *tlsConn) peerPEM() string {
	done, err := t.handshakeDone()
	if !done || err != nil && !tlsconf.FailedAfterCapture(err) {
		return ""
	}
	certs := t.conn.ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return ""
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: certs[0].Raw}))
}
