package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"runtime"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The plain-TCP echo client is one level-triggered epoll loop over every
// connection: per round trip one write and one read, with no EAGAIN read
// and no goroutine switch (the goroutine-per-connection client made about
// 1.5 reads per round trip, plus scheduler wake-ups). With -pipeline k each
// connection keeps k requests in flight and refills the replies it got in
// one write, so one read and one write serve several round trips.
//
// The loop makes its system calls with RawSyscall: they never block except
// epoll_pwait, and a raw call keeps Go's sysmon thread from taking the P
// back every 20 µs (which itself costs a system call each time) while the
// loop waits for the server.

// echoConn is one connection's pipeline state. Request number s on
// connection id carries variant (id+s) mod 26 of the payload, so a reply
// out of order or from another connection is detected.
type echoConn struct {
	fd     int // a duplicate of the dialed socket (non-blocking)
	id     int
	sent   uint64  // requests written
	done   uint64  // replies fully received
	off    int     // bytes of reply number done received so far
	sentAt []int64 // send time (ns since start) of request s, at s mod k
	dead   bool
}

func echoEpoll(cf *connFlags, res *Result, cs []net.Conn, size, k int, dur time.Duration, hist *Hist) bool {
	variants := make([][]byte, 26)
	for i := range variants {
		variants[i] = payload(size, i)
	}
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		res.addErr(err)
		return false
	}
	defer unix.Close(epfd)
	byFd := map[int32]*echoConn{}
	for i, c := range cs {
		if c == nil {
			continue
		}
		ec, err := detach(c, i, k)
		if err != nil {
			res.addErr(err)
			return false
		}
		defer unix.Close(ec.fd)
		byFd[int32(ec.fd)] = ec
		if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, ec.fd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(ec.fd)}); err != nil {
			res.addErr(err)
			return false
		}
	}

	t0 := time.Now()
	now := func() int64 { return int64(time.Since(t0)) }
	wbuf := make([]byte, 0, k*size)
	// send writes n new requests on c in one write.
	send := func(c *echoConn, n int) error {
		wbuf = wbuf[:0]
		at := now()
		for range n {
			wbuf = append(wbuf, variants[(c.id+int(c.sent))%26]...)
			c.sentAt[c.sent%uint64(k)] = at
			c.sent++
		}
		w, err := rawIO(unix.SYS_WRITE, c.fd, wbuf)
		if err == nil && w != len(wbuf) {
			err = fmt.Errorf("short write: %d of %d bytes", w, len(wbuf))
		}
		return err
	}
	inFlight := 0 // requests sent and not yet answered, on live connections
	fail := func(c *echoConn, err error) {
		res.addErr(err)
		c.dead = true
		inFlight -= int(c.sent - c.done)
		unix.EpollCtl(epfd, unix.EPOLL_CTL_DEL, c.fd, nil)
	}

	win := cf.beginWindow(res)
	defer win.close()
	t0 = win.before.at
	end := int64(dur)
	for _, c := range byFd {
		inFlight += k
		if err := send(c, k); err != nil {
			fail(c, err)
		}
	}
	// After the window: no new requests; the replies in flight must arrive
	// within 5 s, as a closed-loop client's last round trip must.
	drainEnd := end + int64(5*time.Second)
	ended := false
	rbuf := make([]byte, k*size)
	events := make([]unix.EpollEvent, 256)
	for inFlight > 0 {
		t := now()
		if !ended && t >= end {
			win.end(res)
			ended = true
		}
		if t >= drainEnd {
			res.addErr(fmt.Errorf("%d replies still missing 5 s after the window", inFlight))
			return false
		}
		wait := end
		if ended {
			wait = drainEnd
		}
		n, err := epollWait(epfd, events, min(int((wait-t)/int64(time.Millisecond))+1, maxWaitMs))
		if err != nil {
			res.addErr(err)
			return false
		}
		for _, ev := range events[:n] {
			c := byFd[ev.Fd]
			if c.dead {
				continue
			}
			r, err := rawIO(unix.SYS_READ, int(ev.Fd), rbuf)
			if err == unix.EAGAIN {
				continue
			}
			if err == nil && r == 0 {
				err = errors.New("read: EOF")
			}
			if err != nil {
				fail(c, err)
				continue
			}
			got, err := c.consume(rbuf[:r], variants, size)
			if err != nil {
				fail(c, err)
				continue
			}
			t := now()
			for s := c.done - uint64(got); s < c.done; s++ {
				if !ended && t < end {
					hist.Add(t - c.sentAt[s%uint64(k)])
					res.Ops++
				}
			}
			if ended || t >= end {
				inFlight -= got
			} else if err := send(c, got); err != nil {
				fail(c, err)
			}
		}
	}
	if !ended {
		win.end(res)
	}
	return res.Errors == 0
}

// consume checks received bytes against the expected replies and returns
// how many replies they completed.
func (c *echoConn) consume(b []byte, variants [][]byte, size int) (int, error) {
	got := 0
	for len(b) > 0 {
		if c.done == c.sent {
			return got, fmt.Errorf("%d bytes nobody asked for", len(b))
		}
		want := variants[(c.id+int(c.done))%26][c.off:]
		n := min(len(want), len(b))
		if !bytes.Equal(b[:n], want[:n]) {
			return got, errors.New("echo payload mismatch")
		}
		b, c.off = b[n:], c.off+n
		if c.off == size {
			c.done, c.off = c.done+1, 0
			got++
		}
	}
	return got, nil
}

// detach takes the socket out of Go's network poller: the epoll loop gets
// a duplicate descriptor (non-blocking, like the original: they share the
// open file), and closing the original removes it from Go's epoll set.
func detach(c net.Conn, id, k int) (*echoConn, error) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return nil, fmt.Errorf("not a socket: %T", c)
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil, err
	}
	dup, derr := -1, error(nil)
	if err := raw.Control(func(fd uintptr) { dup, derr = unix.FcntlInt(fd, unix.F_DUPFD_CLOEXEC, 0) }); err != nil {
		return nil, err
	}
	if derr != nil {
		return nil, derr
	}
	c.Close()
	return &echoConn{fd: dup, id: id, sentAt: make([]int64, k)}, nil
}

// rawIO is read(2) or write(2) on a non-blocking descriptor.
func rawIO(trap uintptr, fd int, b []byte) (int, error) {
	n, _, e := syscall.RawSyscall(trap, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// maxWaitMs bounds one epoll wait. A raw call cannot be preempted, so the
// garbage collector's stop-the-world waits for it to return; the bound keeps
// that wait short when no reply comes.
const maxWaitMs = 10

// epollWait is epoll_pwait(2) as a raw call. EINTR (Go's preemption signal,
// also sent to stop the world) yields to the scheduler and reports no events.
func epollWait(epfd int, events []unix.EpollEvent, msec int) (int, error) {
	n, _, e := syscall.RawSyscall6(unix.SYS_EPOLL_PWAIT, uintptr(epfd), uintptr(unsafe.Pointer(&events[0])),
		uintptr(len(events)), uintptr(msec), 0, 0)
	switch e {
	case 0:
		return int(n), nil
	case unix.EINTR:
		runtime.Gosched()
		return 0, nil
	}
	return 0, e
}
