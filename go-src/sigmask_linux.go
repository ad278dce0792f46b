package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Waits block Go's preemption signal. The Go runtime sends SIGURG to a
// thread to preempt the goroutine on it; when that thread is PHP's,
// waiting in epoll_wait or poll for the script, the signal would end the
// wait with EINTR, which PHP reports as "Interrupted system call" (seen
// under load: 4 of 30 runs of a mixed select). Blocking SIGURG for the
// duration of the wait (epoll_pwait, ppoll) defers it to the wait's end,
// where the runtime handles it; every other signal still interrupts, so
// pcntl handlers run on time.
var waitSigmask = func() unix.Sigset_t {
	var set unix.Sigset_t
	sig := uint(unix.SIGURG) - 1
	set.Val[sig/64] |= 1 << (sig % 64)
	return set
}()

// epollPwait is epoll_wait(2) with SIGURG blocked (x/sys has no wrapper).
func epollPwait(epfd int, events []unix.EpollEvent, msec int) (int, error) {
	var p unsafe.Pointer
	if len(events) > 0 {
		p = unsafe.Pointer(&events[0])
	}
	n, e := waitSyscall6(msec == 0, unix.SYS_EPOLL_PWAIT, uintptr(epfd), uintptr(p), uintptr(len(events)),
		uintptr(msec), uintptr(unsafe.Pointer(&waitSigmask)), unsafe.Sizeof(waitSigmask.Val[0]), p, nil)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// ppollMs is poll(2) with a millisecond timeout (-1 forever) and SIGURG
// blocked. (x/sys's Ppoll passes a zero sigset size, which the kernel
// refuses along with a mask.)
func ppollMs(fds []unix.PollFd, msec int) (int, error) {
	var ts *unix.Timespec
	if msec >= 0 {
		t := unix.NsecToTimespec(int64(msec) * 1e6)
		ts = &t
	}
	var p unsafe.Pointer
	if len(fds) > 0 {
		p = unsafe.Pointer(&fds[0])
	}
	n, e := waitSyscall6(msec == 0, unix.SYS_PPOLL, uintptr(p), uintptr(len(fds)), uintptr(unsafe.Pointer(ts)),
		uintptr(unsafe.Pointer(&waitSigmask)), unsafe.Sizeof(waitSigmask.Val[0]), 0, p, unsafe.Pointer(ts))
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}
