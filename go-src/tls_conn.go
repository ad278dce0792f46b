package core

import (
	"io"
	"net"
	"os"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// hybridConn is the net.Conn under crypto/tls. While the handshake runs in
// a goroutine, reads park in Go's netpoller (nc, a duplicate of the
// socket), so thousands of slow handshakes hold no OS thread. Once the
// handshake is done, reads come from the PHP thread: raw read(2) on the
// socket, waiting in poll(2) so a signal interrupts the wait; a deadline in
// the past means "try once" (the netpoller would not even try). Writes
// always go through the netpoller, from the flushing goroutine.
type hybridConn struct {
	net.Conn             // nc: writes, addresses, close
	fd       int         // the Sock's raw descriptor
	raw      atomic.Bool // reads are the PHP thread's now
	deadline time.Time   // read deadline in raw mode
	prefix   []byte      // bytes read ahead before TLS started (STARTTLS)
}

func newHybridConn(nc net.Conn, fd int) *hybridConn { return &hybridConn{Conn: nc, fd: fd} }

func (c *hybridConn) Read(p []byte) (int, error) {
	if len(c.prefix) > 0 {
		n := copy(p, c.prefix)
		c.prefix = c.prefix[n:]
		return n, nil
	}
	if !c.raw.Load() {
		return c.Conn.Read(p)
	}
	for {
		n, err := unix.Read(c.fd, p)
		switch {
		case err == nil && n == 0 && len(p) > 0:
			return 0, io.EOF
		case err == nil:
			return n, nil
		case err == unix.EINTR:
			continue
		case err != unix.EAGAIN:
			return 0, sysErr("read", err)
		}
		timeout := time.Duration(-1)
		if !c.deadline.IsZero() {
			if timeout = time.Until(c.deadline); timeout <= 0 {
				return 0, os.ErrDeadlineExceeded // temporary: the session survives
			}
		}
		if err := waitFD(c.fd, unix.POLLIN, timeout); err == ErrTimeout {
			return 0, os.ErrDeadlineExceeded
		} else if err != nil {
			return 0, err
		}
	}
}

func (c *hybridConn) SetReadDeadline(t time.Time) error {
	c.deadline = t
	if c.raw.Load() {
		return nil
	}
	return c.Conn.SetReadDeadline(t)
}

func (c *hybridConn) SetDeadline(t time.Time) error {
	c.SetReadDeadline(t)
	return c.Conn.SetWriteDeadline(t)
}
