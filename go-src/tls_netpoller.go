package core

import (
	"net"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// A TLS session's own descriptor on its socket. The handshake waits in Go's
// netpoller (nc). Once it has succeeded, reads and direct sends use the
// Sock's descriptor on the PHP thread, and only writes that wait (the
// flusher's, a close's) need one of their own; the Sock's may be closed
// and reused meanwhile. Registered in the netpoller, each packet of an
// established session woke the runtime's thread that waits there while a
// P is idle (GOMAXPROCS > 1, as on any multi-core machine, with a goroutine
// waiting there, such as a TLS listener's accept loop): TLS echo cost 48 %
// more CPU per message. So the session keeps a plain duplicate (own)
// instead, and registers it again only when a write must wait (pollConn).

// leaveNetpoller trades the handshake's netpoller duplicate for a plain
// one. Without a descriptor to spare, the session stays registered.
func (c *hybridConn) leaveNetpoller() {
	c.ncMu.Lock()
	nc := c.nc
	if nc == nil || c.closed {
		c.ncMu.Unlock()
		return
	}
	own, err := rawFDOf(nc)
	if err != nil {
		c.ncMu.Unlock()
		return
	}
	c.nc, c.own = nil, own
	c.ncMu.Unlock()
	nc.Close()
}

// pollDup is netConnOf, a seam for tests that make it fail.
var pollDup = netConnOf

// pollConn is the session's duplicate in Go's netpoller, made from own
// (which it then replaces) if need be.
func (c *hybridConn) pollConn() (net.Conn, error) {
	c.ncMu.Lock()
	defer c.ncMu.Unlock()
	if c.closed {
		return nil, net.ErrClosed
	}
	if c.nc == nil {
		nc, err := pollDup(c.own)
		if err != nil {
			return nil, err
		}
		nc.SetWriteDeadline(c.wdeadline)
		closeFunc(c.own)
		c.nc, c.own = nc, -1
	}
	return c.nc, nil
}

// writeWaiting writes all of b, waiting for room as a blocking write does,
// until the write deadline. The caller holds wmu.
func (c *hybridConn) writeWaiting(b []byte) (int, error) {
	nc, err := c.pollConn()
	if err == nil {
		return nc.Write(b)
	}
	if err == net.ErrClosed {
		return 0, err
	}
	return c.writePolling(b)
}

// writePolling is writeWaiting when no netpoller duplicate can be made (no
// descriptor left): it sends on own and waits in poll(2), holding this
// goroutine's thread, in steps of closePollStep so that a Close made
// meanwhile (which leaves own to it) ends it soon.
func (c *hybridConn) writePolling(b []byte) (int, error) {
	c.ncMu.Lock()
	if c.closed || c.own < 0 {
		c.ncMu.Unlock()
		return 0, net.ErrClosed
	}
	fd := c.own
	c.polling = true
	c.ncMu.Unlock()
	total, err := 0, error(nil)
	for total < len(b) {
		var n int
		if n, err = sendNow(fd, b[total:]); err != nil {
			err = sysErr("write", err)
			break
		}
		if total += n; total == len(b) {
			break
		}
		c.ncMu.Lock()
		deadline, closed := c.wdeadline, c.closed
		c.ncMu.Unlock()
		if closed {
			err = net.ErrClosed
			break
		}
		timeout := closePollStep
		if !deadline.IsZero() {
			if left := time.Until(deadline); left <= 0 {
				err = os.ErrDeadlineExceeded
				break
			} else if left < timeout {
				timeout = left
			}
		}
		if werr := waitFD(fd, unix.POLLOUT, timeout); werr != nil && werr != ErrTimeout {
			err = werr
			break
		}
	}
	c.ncMu.Lock()
	c.polling = false
	if c.closed && c.own >= 0 {
		closeFunc(c.own)
		c.own = -1
	}
	c.ncMu.Unlock()
	return total, err
}

const closePollStep = 100 * time.Millisecond

func (c *hybridConn) LocalAddr() net.Addr  { return c.laddr }
func (c *hybridConn) RemoteAddr() net.Addr { return c.raddr }

// Close closes the session's own descriptor, which ends a write waiting
// in the netpoller (one waiting in poll(2) closes it when it sees this);
// the Sock closes its own.
func (c *hybridConn) Close() error {
	c.ncMu.Lock()
	nc, own := c.nc, c.own
	c.nc, c.closed = nil, true
	if !c.polling {
		c.own = -1
	} else {
		own = -1
	}
	c.ncMu.Unlock()
	if own >= 0 {
		closeFunc(own)
	}
	if nc != nil {
		return nc.Close()
	}
	return nil
}

func (c *hybridConn) SetWriteDeadline(t time.Time) error {
	c.ncMu.Lock()
	c.wdeadline = t
	nc := c.nc
	c.ncMu.Unlock()
	if nc != nil {
		return nc.SetWriteDeadline(t)
	}
	return nil
}

// handshakeConn is the duplicate the handshake reads from, nil once
// closed (it leaves only after a successful handshake: reads are raw then).
func (c *hybridConn) handshakeConn() net.Conn {
	c.ncMu.Lock()
	defer c.ncMu.Unlock()
	return c.nc
}
