package core

import (
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Interest and readiness bits of Select (GS_READ, GS_WRITE, GS_EXCEPT).
const (
	EvRead   = 1
	EvWrite  = 2
	EvExcept = 4
	// EvBuffered, with EvRead, says the caller holds bytes of this stream
	// that SelectFetch took from the kernel: the stream is readable now, as
	// it was while the bytes were in the kernel (not "buffered", which PHP
	// reports alone).
	EvBuffered = 8
)

// What select(2) counts as each kind of readiness (fs/select.c).
const (
	selectIn  = unix.EPOLLIN | unix.EPOLLRDNORM | unix.EPOLLRDBAND | unix.EPOLLHUP | unix.EPOLLERR
	selectOut = unix.EPOLLOUT | unix.EPOLLWRNORM | unix.EPOLLWRBAND | unix.EPOLLERR
	selectEx  = unix.EPOLLPRI
)

// eventSlack is room in the event buffer beyond the handles asked for,
// for events of handles that are no longer watched.
const eventSlack = 64

// poller is one epoll set that keeps its registrations between calls: a
// PHP loop that passes the same streams each time costs one epoll_wait and
// no epoll_ctl. A socket's interest changes only when a call asks for other
// events; a socket no longer asked for is dropped when it next reports.
type poller struct {
	mu      sync.Mutex
	epfd    int
	round   uint64
	events  []unix.EpollEvent
	socks   []*Sock
	foreign []foreignFD // this round's foreign descriptors, in list order
	waking  bool        // the wake eventfd is in the set
}

var thePoller = poller{epfd: -1}

// Select waits like stream_select. want[i] holds the bits asked for hs[i];
// ready receives readyEntry(i, bits) for each ready handle, in list order. It
// returns the number of entries written, ErrInterrupt on a signal, or
// ErrBadHandle. Handles with buffered data are reported alone, at once.
// An entry below zero is a foreign descriptor, -1-fd (foreign_linux.go).
func Select(hs []int64, want []byte, timeout time.Duration, ready []uint32) (int, error) {
	if len(want) < len(hs) || len(ready) < len(hs) {
		return 0, errorf("select", CodeArg, "gostream: select buffers are shorter than the handle list")
	}
	p := &thePoller
	if !p.mu.TryLock() {
		// Another thread is selecting: serve this call with poll(2).
		return pollSelect(hs, want, timeout, ready)
	}
	defer p.mu.Unlock()
	socks, err := acquireAll(p.socks[:0], hs)
	p.socks = socks[:0]
	if err != nil {
		return 0, err
	}
	defer releaseAll(socks)
	return p.wait(hs, socks, want, timeout, ready)
}

// wait is Select's body, with the lock held and the sockets acquired. It is
// apart so that Select's deferred calls stay open-coded (Go falls back to
// the slower deferproc when returns times defers pass 15): about 250
// instructions a call.
func (p *poller) wait(hs []int64, socks []*Sock, want []byte, timeout time.Duration, ready []uint32) (int, error) {
	if k := buffered(socks, want, ready); k > 0 {
		return k, nil
	}
	if p.open() != nil {
		// No descriptor for an epoll set (EMFILE): poll(2) needs none, as
		// PHP's select(2) needs none. The next call tries epoll again.
		return pollSocks(hs, socks, want, timeout, ready)
	}
	p.round++
	virtual, foreign := false, false
	for i, s := range socks {
		if s == nil {
			foreign = true
			continue
		}
		s.wantRound, s.wantBits = p.round, want[i]
		virtual = virtual || readyWithoutKernel(s, want[i])
		if s.fd.fd >= 0 {
			if err := p.interest(s, kernelMask(s, want[i])); err != nil {
				return 0, err
			}
		}
	}
	if foreign {
		defer p.dropForeign()
		always, err := p.addForeign(hs, want)
		if err != nil {
			return 0, err
		}
		virtual = virtual || always
	}
	if need := len(hs) + eventSlack; len(p.events) < need {
		p.events = make([]unix.EpollEvent, need)
	}
	// A zero timeout (a poll) reads no clock: one round answers it.
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		ms := 0
		if timeout != 0 && !virtual {
			ms = msUntil(deadline, timeout < 0)
		}
		n, err := epollWait(p.epfd, p.events, ms)
		if err == unix.EINTR {
			return 0, ErrInterrupt
		}
		if err != nil {
			return 0, sysErr("epoll_wait", err)
		}
		for _, ev := range p.events[:n] {
			if ev.Fd == 0 && ev.Pad == 0 {
				drainWake()
				continue
			}
			if ev.Pad < 0 {
				p.foreignEvent(ev)
				continue
			}
			s := handles.get(int64(uint32(ev.Fd)) | int64(ev.Pad)<<32)
			if s == nil {
				continue // closed; the kernel drops it with the descriptor
			}
			if s.wantRound != p.round {
				p.interest(s, 0) // not asked for any more
				continue
			}
			if readyBits(ev.Events)&uint32(s.wantBits) == 0 && s.tls == nil {
				// Level-triggered and not wanted (a hang-up on a stream
				// watched for except only): drop it for this round, or
				// epoll_wait would return it at once, again and again.
				p.interest(s, 0)
				continue
			}
			s.readyRnd, s.readyEv = p.round, ev.Events
		}
		k := p.collect(socks, want, ready)
		if k > 0 || (n == 0 && !virtual) || timeout == 0 || (timeout > 0 && time.Now().After(deadline)) {
			return k, nil
		}
		virtual = false // what was ready without waiting is gone: wait now
	}
}

// Seams for tests that inject EINTR or EMFILE.
var (
	epollWait   = epollPwait
	epollCreate = unix.EpollCreate1
)

// acquireAll takes a reference on each handle; a foreign descriptor's
// place holds nil.
func acquireAll(dst []*Sock, hs []int64) ([]*Sock, error) {
	for _, h := range hs {
		if _, foreign, valid := foreignFDOf(h); foreign {
			if !valid {
				releaseAll(dst)
				return dst[:0], ErrBadHandle
			}
			dst = append(dst, nil)
			continue
		}
		s, err := acquire(h)
		if err != nil {
			releaseAll(dst)
			return dst[:0], err
		}
		if s.tlsl != nil {
			s.tlsl.start()
		}
		dst = append(dst, s)
	}
	return dst, nil
}

func releaseAll(socks []*Sock) {
	for _, s := range socks {
		if s != nil {
			s.release()
		}
	}
}

// The rules both Select paths (epoll, and poll(2) for a second thread)
// apply to each stream, so they give the same answers.

// drainAll takes the plaintext and record bytes that TLS streams asked for
// reading hold beyond the kernel's view (see drainTLS).
func drainAll(socks []*Sock, want []byte) {
	for i, s := range socks {
		if s != nil && s.tls != nil && want[i]&EvRead != 0 {
			s.drainTLS()
		}
	}
}

// kernelMask is what the kernel is asked to watch for s (epoll bits, which
// poll(2) shares): TLS write readiness is the queue's, and a running
// handshake owns the socket's bytes (its end wakes the poller).
func kernelMask(s *Sock, want byte) uint32 {
	mask := epollMask(want)
	if s.tls != nil {
		mask &^= unix.EPOLLOUT
		if ok, _ := s.tls.handshakeDone(); !ok {
			mask &^= unix.EPOLLIN
		}
	}
	return mask
}

// readyWithoutKernel tells that s is ready whatever the kernel says, so a
// Select must not wait.
func readyWithoutKernel(s *Sock, want byte) bool {
	return want&(EvRead|EvBuffered) == EvRead|EvBuffered || s.tls != nil && s.tlsVirtualReady(want) != 0
}

// answer is the ready bits of s from the kernel's bits. A handle closed by
// another thread while waiting is reported ready, so the caller looks at
// it and gets EBADF. A foreign descriptor (nil) is what the kernel says.
func answer(s *Sock, want byte, kernel uint32) uint32 {
	if s == nil {
		return kernel & uint32(want) & ReadyMask
	}
	if s.fd.state.Load()&refClosing != 0 {
		kernel = uint32(want)
	}
	bits := kernel & uint32(want)
	if want&(EvRead|EvBuffered) == EvRead|EvBuffered {
		bits |= EvRead
	}
	if s.tls != nil {
		if ok, _ := s.tls.handshakeDone(); !ok {
			bits &^= EvRead
		}
		bits = bits&^EvWrite | s.tlsVirtualReady(want)
	}
	return bits
}

// buffered is PHP's shortcut: streams with unread buffered data are
// readable now, and they alone are reported. TLS streams asked for reading
// are drained first, so what they hold counts.
func buffered(socks []*Sock, want []byte, ready []uint32) int {
	drainAll(socks, want)
	k := 0
	for i, s := range socks {
		if s != nil && want[i]&EvRead != 0 && s.unread() > 0 {
			ready[k] = readyEntry(i, EvRead)
			k++
		}
	}
	return k
}

// collect writes the ready entries of this round.
func (p *poller) collect(socks []*Sock, want []byte, ready []uint32) int {
	k, f := 0, 0
	for i, s := range socks {
		var kernel uint32
		switch {
		case s == nil:
			kernel = p.foreign[f].kernel()
			f++
		case s.readyRnd == p.round:
			kernel = readyBits(s.readyEv)
		}
		if bits := answer(s, want[i], kernel); bits != 0 {
			ready[k] = readyEntry(i, bits)
			k++
		}
	}
	return k
}

func readyBits(ev uint32) uint32 {
	var r uint32
	if ev&selectIn != 0 {
		r |= EvRead
	}
	if ev&selectOut != 0 {
		r |= EvWrite
	}
	if ev&selectEx != 0 {
		r |= EvExcept
	}
	return r
}

func epollMask(want byte) uint32 {
	var m uint32
	if want&EvRead != 0 {
		m |= unix.EPOLLIN
	}
	if want&EvWrite != 0 {
		m |= unix.EPOLLOUT
	}
	if want&EvExcept != 0 {
		m |= unix.EPOLLPRI
	}
	return m
}

// open makes the epoll set and adds the wake eventfd to it. Either can
// fail while no descriptor is free; each Select tries again what is missing.
func (p *poller) open() error {
	if p.epfd < 0 {
		fd, err := epollCreate(unix.EPOLL_CLOEXEC)
		if err != nil {
			return sysErr("epoll_create", err)
		}
		p.epfd = fd
	}
	if !p.waking {
		if w := wakeFD(); w >= 0 {
			ev := unix.EpollEvent{Events: unix.EPOLLIN} // data 0: no handle is 0
			p.waking = unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, w, &ev) == nil
		}
	}
	return nil
}

// interest makes the epoll registration of s match mask; 0 removes it
// (EPOLLHUP and EPOLLERR are reported even for an empty mask).
func (p *poller) interest(s *Sock, mask uint32) error {
	if s.pollMask == mask {
		return nil
	}
	ev := unix.EpollEvent{Events: mask, Fd: int32(uint32(s.handle)), Pad: int32(s.handle >> 32)}
	var err error
	switch {
	case mask == 0:
		err = unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, s.fd.fd, nil)
	case s.pollMask == 0:
		err = unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, s.fd.fd, &ev)
	default:
		err = unix.EpollCtl(p.epfd, unix.EPOLL_CTL_MOD, s.fd.fd, &ev)
	}
	if err != nil && mask != 0 {
		return sysErr("epoll_ctl", err)
	}
	s.pollMask = mask
	return nil
}

// pollSelect serves a Select that runs while another thread holds the
// epoll set, with poll(2) over all handles. It cannot see the wake-ups of
// TLS goroutines (the epoll set has them), so while a TLS stream waits for
// one (a handshake, room in its write queue) it polls in pollSlice steps.
func pollSelect(hs []int64, want []byte, timeout time.Duration, ready []uint32) (int, error) {
	socks, err := acquireAll(make([]*Sock, 0, len(hs)), hs)
	if err != nil {
		return 0, err
	}
	defer releaseAll(socks)
	if k := buffered(socks, want, ready); k > 0 {
		return k, nil
	}
	return pollSocks(hs, socks, want, timeout, ready)
}

// pollSocks waits for the sockets' and foreign descriptors' kernel
// readiness with one poll(2).
func pollSocks(hs []int64, socks []*Sock, want []byte, timeout time.Duration, ready []uint32) (int, error) {
	pfds := make([]unix.PollFd, len(socks))
	virtual, sliced := false, false
	for i, s := range socks {
		if s == nil {
			fd, _, _ := foreignFDOf(hs[i])
			pfds[i] = unix.PollFd{Fd: int32(fd), Events: int16(epollMask(want[i]))}
			continue
		}
		pfds[i] = unix.PollFd{Fd: int32(s.fd.fd), Events: int16(kernelMask(s, want[i]))}
		virtual = virtual || readyWithoutKernel(s, want[i])
		sliced = sliced || s.tls != nil && awaitsGoroutine(s, want[i])
	}
	deadline := deadlineAfter(timeout)
	for {
		wait := timeout
		switch {
		case virtual:
			wait = 0
		case sliced && (timeout < 0 || time.Until(deadline) > pollSlice):
			wait = pollSlice
		case timeout >= 0:
			wait = max(time.Until(deadline), 0)
		}
		n, err := pollFunc(pfds, durationMs(wait))
		if err == unix.EINTR {
			return 0, ErrInterrupt
		}
		if err != nil {
			return 0, sysErr("poll", err)
		}
		k := 0
		for i, s := range socks {
			var kernel uint32
			if n > 0 {
				if s == nil && pfds[i].Revents&unix.POLLNVAL != 0 {
					return 0, ErrBadHandle // a foreign descriptor that is not open
				}
				kernel = readyBits(uint32(uint16(pfds[i].Revents)))
			}
			if bits := answer(s, want[i], kernel); bits != 0 {
				ready[k] = readyEntry(i, bits)
				k++
			}
		}
		if k > 0 || virtual || wait == timeout || timeout >= 0 && !time.Now().Before(deadline) {
			return k, nil
		}
	}
}

// pollSlice is how often pollSelect looks at TLS readiness it cannot wait for.
const pollSlice = 10 * time.Millisecond

// awaitsGoroutine tells that a TLS stream's readiness for want can change
// without a kernel event: its handshake runs, or its write queue is full.
func awaitsGoroutine(s *Sock, want byte) bool {
	if ok, _ := s.tls.handshakeDone(); !ok {
		return true
	}
	return want&EvWrite != 0 && !s.tls.writable()
}
