package core

import (
	"encoding/binary"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// hybridConn is the net.Conn under crypto/tls. While the handshake runs in
// a goroutine, reads park in Go's netpoller (nc, a duplicate of the
// socket), so thousands of slow handshakes hold no OS thread. Once the
// handshake is done, reads come from the PHP thread: raw read(2) on the
// socket, waiting in poll(2) so a signal interrupts the wait; a deadline in
// the past means "try once" (the netpoller would not even try). Direct
// writes of the PHP thread (see writeDirect) are raw sends that never
// wait; writes that wait (handshake, flusher, close) use the session's own
// descriptor, in the netpoller again only when one must (tls_netpoller.go).
//
// Handshake reads take what the kernel has (one read(2) per flight, not
// two per record), but hand crypto/tls no more than the current TLS
// record: bytes past it wait in prefix, never unseen in crypto/tls, so
// records that follow the handshake are the stream's to read, and Select's
// drain (drainTLS) finds them there as it would in the kernel.
type hybridConn struct {
	fd       int          // the Sock's raw descriptor
	raw      atomic.Bool  // reads are the PHP thread's now
	deadline time.Time    // read deadline in raw mode
	prefix   []byte       // bytes read ahead: before TLS started (STARTTLS), or past a handshake record
	aheadDry bool         // the read that filled prefix was short: the kernel had no more then
	framer   recordFramer // handshake reads
	rawTaken int64        // bytes read in raw mode, from the socket or prefix
	dry      bool         // the last raw read was short (see Read; a fill clears it)

	// Writes. crypto/tls serializes its own; wmu also covers the
	// flusher's writes of the backlog, which come from outside it.
	wmu     sync.Mutex
	direct  bool         // Write sends raw and never waits (writeDirect)
	backlog []byte       // records a direct write's send could not take now
	unsent  atomic.Int64 // len(backlog), read without wmu
	rawSent atomic.Int64 // record bytes handed to the kernel

	// The session's own descriptor on the socket (tls_netpoller.go), under
	// ncMu (not wmu, which a write holds while it waits: a deadline or a
	// close made meanwhile must reach it).
	ncMu      sync.Mutex
	nc        net.Conn  // in Go's netpoller: the handshake's, or made when a write must wait
	own       int       // or a plain duplicate (-1 while nc is set)
	closed    bool      // Close ran
	polling   bool      // writePolling uses own: it closes own when it sees closed
	wdeadline time.Time // the write deadline, for an nc made later
	laddr     net.Addr
	raddr     net.Addr
}

func newHybridConn(nc net.Conn, fd int) *hybridConn {
	return &hybridConn{nc: nc, own: -1, fd: fd, laddr: nc.LocalAddr(), raddr: nc.RemoteAddr()}
}

func (c *hybridConn) Read(p []byte) (int, error) {
	if !c.raw.Load() {
		return c.readRecord(p)
	}
	if len(c.prefix) > 0 {
		n := copy(p, c.prefix)
		c.prefix = c.prefix[n:]
		c.rawTaken += int64(n)
		// The read that took these bytes found the kernel dry, as the
		// raw read below would have.
		c.dry = len(c.prefix) == 0 && c.aheadDry
		return n, nil
	}
	for {
		if c.dry {
			// The last read was short: the kernel had nothing more a
			// moment ago, and a read now would almost surely find nothing.
			// Wait (or, trying once, give up) as after EAGAIN.
			c.dry = false
		} else {
			n, err := unix.Read(c.fd, p)
			switch {
			case err == nil && n == 0 && len(p) > 0:
				return 0, io.EOF
			case err == nil:
				c.rawTaken += int64(n)
				c.dry = n < len(p)
				return n, nil
			case err == unix.EINTR:
				continue
			case err != unix.EAGAIN:
				return 0, sysErr("read", err)
			}
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

// Write sends records crypto/tls made. A direct write sends what the
// kernel takes now and keeps the rest, in order, for the flusher; other
// writes send that backlog first and wait in the netpoller.
func (c *hybridConn) Write(b []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.direct {
		n := 0
		if len(c.backlog) == 0 {
			var err error
			if n, err = sendNow(c.fd, b); err != nil {
				return 0, err
			}
			c.rawSent.Add(int64(n))
		}
		c.backlog = append(c.backlog, b[n:]...)
		c.unsent.Store(int64(len(c.backlog)))
		return len(b), nil
	}
	if err := c.sendBacklogLocked(); err != nil {
		return 0, err
	}
	n, err := c.writeWaiting(b)
	c.rawSent.Add(int64(n))
	return n, err
}

// sendBacklog sends the backlog of direct writes, waiting as needed.
func (c *hybridConn) sendBacklog() error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.sendBacklogLocked()
}

func (c *hybridConn) sendBacklogLocked() error {
	if len(c.backlog) == 0 {
		return nil
	}
	n, err := c.writeWaiting(c.backlog)
	c.rawSent.Add(int64(n))
	c.backlog = c.backlog[n:]
	if len(c.backlog) == 0 {
		c.backlog = nil
	}
	c.unsent.Store(int64(len(c.backlog)))
	return err
}

// backlogged tells whether direct writes left records unsent. It does not
// wait for wmu, which a write holds while it waits in the netpoller.
func (c *hybridConn) backlogged() bool { return c.unsent.Load() > 0 }

// writeDirect has crypto/tls write p with raw sends on the calling
// thread: it never waits, and what the kernel cannot take now stays in
// the backlog for the flusher. The caller excludes the flusher.
func (c *hybridConn) writeDirect(conn net.Conn, p []byte) (n int, err error) {
	c.sendDirect(func() { n, err = conn.Write(p) })
	return n, err
}

// sendDirect runs f, a crypto/tls call that writes, with raw sends on the
// calling thread, as writeDirect does.
func (c *hybridConn) sendDirect(f func()) {
	c.wmu.Lock()
	c.direct = true
	c.wmu.Unlock()
	f()
	c.wmu.Lock()
	c.direct = false
	c.wmu.Unlock()
}

// sendNow sends what the kernel takes of b without waiting: 0 when its
// send buffer is full.
func sendNow(fd int, b []byte) (int, error) {
	for {
		n, err := send(fd, b, unix.MSG_DONTWAIT)
		switch err {
		case nil:
			return n, nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, nil
		}
		return 0, err
	}
}

func (c *hybridConn) SetReadDeadline(t time.Time) error {
	c.deadline = t
	if c.raw.Load() {
		return nil
	}
	if nc := c.handshakeConn(); nc != nil {
		return nc.SetReadDeadline(t)
	}
	return net.ErrClosed
}

func (c *hybridConn) SetDeadline(t time.Time) error {
	c.SetReadDeadline(t)
	return c.SetWriteDeadline(t)
}

// readRecord is a handshake read: it gives at most to the end of the
// current record, and keeps what it read past it in prefix.
func (c *hybridConn) readRecord(p []byte) (int, error) {
	lim := c.framer.limit(len(p))
	var n int
	var err error
	if len(c.prefix) > 0 {
		n = copy(p[:lim], c.prefix)
		c.prefix = c.prefix[n:]
	} else {
		nc := c.handshakeConn()
		if nc == nil {
			return 0, net.ErrClosed
		}
		n, err = nc.Read(p)
		if n > lim {
			c.prefix = append(c.prefix[:0], p[lim:n]...)
			c.aheadDry = n < len(p)
			n = lim
		}
	}
	c.framer.advance(p[:n])
	return n, err
}

// recordFramer follows TLS record boundaries (5-byte header, its last two
// bytes the body's length) in a byte stream.
type recordFramer struct {
	hdr  [5]byte
	nhdr int // header bytes seen of the current record
	body int // body bytes still to come
}

// limit is how many of n bytes a read may take without passing the end of
// the current record (or of its header, before its length is known).
func (f *recordFramer) limit(n int) int {
	if f.nhdr < len(f.hdr) {
		return min(n, len(f.hdr)-f.nhdr)
	}
	return min(n, f.body)
}

// advance follows the bytes a read took.
func (f *recordFramer) advance(b []byte) {
	for len(b) > 0 {
		if f.nhdr < len(f.hdr) {
			k := copy(f.hdr[f.nhdr:], b)
			f.nhdr, b = f.nhdr+k, b[k:]
			if f.nhdr == len(f.hdr) {
				f.body = int(binary.BigEndian.Uint16(f.hdr[3:]))
			}
		} else {
			k := min(len(b), f.body)
			f.body, b = f.body-k, b[k:]
		}
		if f.nhdr == len(f.hdr) && f.body == 0 {
			f.nhdr = 0 // the record is complete
		}
	}
}
