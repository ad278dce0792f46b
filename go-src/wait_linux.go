package core

import (
	"time"

	"golang.org/x/sys/unix"
)

// waitFD waits in poll(2) on the calling thread until fd has one of the
// events or the timeout passes (ErrTimeout). A signal restarts the wait
// with the time left, as PHP's php_pollfd_for does.
func waitFD(fd int, events int16, timeout time.Duration) error {
	var deadline time.Time
	if timeout >= 0 {
		deadline = time.Now().Add(timeout)
	}
	pfd := []unix.PollFd{{Fd: int32(fd), Events: events}}
	for {
		n, err := pollFunc(pfd, msUntil(deadline, timeout < 0))
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return sysErr("poll", err)
		case n == 0:
			return ErrTimeout
		}
		return nil
	}
}

// msUntil turns a deadline into a poll timeout, rounded up so a wait never
// ends early; forever is -1.
func msUntil(deadline time.Time, forever bool) int {
	if forever {
		return -1
	}
	d := time.Until(deadline)
	if d <= 0 {
		return 0
	}
	return int((d + time.Millisecond - 1) / time.Millisecond)
}

// durationMs is msUntil for a plain duration.
func durationMs(d time.Duration) int {
	if d < 0 {
		return -1
	}
	return int((d + time.Millisecond - 1) / time.Millisecond)
}

// pollFunc is a seam for tests that inject EINTR.
var pollFunc = ppollMs
