package core

import (
	"math"

	"golang.org/x/sys/unix"
)

// Foreign descriptors. A Select entry below zero is not a handle but a
// descriptor the library does not own, encoded -1-fd: a PHP stream's,
// STDIN, a pipe of proc_open. One wait then covers the library's handles
// and the caller's other streams, with no FD_SETSIZE limit and no time
// slicing between two waits.
//
// They are registered in the epoll set for one call and removed at its end:
// the library cannot know when the caller closes one, and epoll watches the
// open file, not the number, so a registration kept between calls could
// outlive the number (a dup keeps the file open). EPOLLONESHOT bounds what a
// registration that could not be removed does (its number closed by another
// thread during the wait): it reports once, and its event data carries the
// round, so a report in a later call is ignored.

// foreignFD is one foreign entry of the current Select.
type foreignFD struct {
	pos    int    // its index in the Select list
	fd     int    // the descriptor
	always bool   // a regular file or directory: epoll refuses it, poll(2) calls it always ready
	ev     uint32 // epoll events reported this round
}

// ForeignEntry is the Select list entry for descriptor fd.
func ForeignEntry(fd int) int64 { return -1 - int64(fd) }

// foreignFDOf decodes a list entry: the descriptor, whether h is one, and
// whether it is in range (below zero, but not a possible descriptor number).
func foreignFDOf(h int64) (fd int, foreign, valid bool) {
	if h >= 0 {
		return 0, false, false
	}
	if h < -1-math.MaxInt32 {
		return 0, true, false
	}
	return int(-1 - h), true, true
}

// foreignTag marks a foreign event of round r (handles never have a
// negative high word, the wake eventfd has 0).
func foreignTag(r uint64) int32 { return ^int32(r & math.MaxInt32) }

// addForeign registers the foreign entries of hs for this round. It
// reports whether one is always ready (the wait must not block).
func (p *poller) addForeign(hs []int64, want []byte) (always bool, err error) {
	p.foreign = p.foreign[:0]
	tag := foreignTag(p.round)
	for i, h := range hs {
		fd, foreign, _ := foreignFDOf(h)
		if !foreign {
			continue
		}
		f := foreignFD{pos: i, fd: fd}
		ev := unix.EpollEvent{Events: epollMask(want[i]) | unix.EPOLLONESHOT, Fd: int32(len(p.foreign)), Pad: tag}
		switch err := unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, fd, &ev); err {
		case nil:
		case unix.EPERM:
			f.always, always = true, true
		case unix.EBADF:
			return always, ErrBadHandle
		case unix.EEXIST:
			return always, errorf("select", -Code(unix.EINVAL), "gostream: descriptor %d is listed twice in one select, or is one of the library's own", fd)
		default:
			return always, sysErr("epoll_ctl", err)
		}
		p.foreign = append(p.foreign, f)
	}
	return always, nil
}

// dropForeign removes this round's foreign registrations. A descriptor the
// caller closed meanwhile fails with EBADF: its registration went with it,
// or reports once more and is ignored (see foreignTag).
func (p *poller) dropForeign() {
	for _, f := range p.foreign {
		if !f.always {
			unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, f.fd, nil)
		}
	}
	p.foreign = p.foreign[:0]
}

// foreignEvent records a foreign event of this round and ignores a late one.
func (p *poller) foreignEvent(ev unix.EpollEvent) {
	if ev.Pad != foreignTag(p.round) || ev.Fd < 0 || int(ev.Fd) >= len(p.foreign) {
		return
	}
	p.foreign[ev.Fd].ev |= ev.Events
}

// kernel is the foreign entry's readiness this round, as readyBits.
func (f *foreignFD) kernel() uint32 {
	if f.always {
		return EvRead | EvWrite
	}
	return readyBits(f.ev)
}
