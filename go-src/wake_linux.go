package core

import (
	"sync"

	"golang.org/x/sys/unix"
)

// wake is an eventfd in the poller's epoll set. Goroutines that change
// readiness the kernel cannot see (a TLS handshake ended, a TLS write
// buffer drained) write to it so a waiting Select looks again.
var wake struct {
	once sync.Once
	fd   int
}

func wakeFD() int {
	wake.once.Do(func() {
		fd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
		if err != nil {
			fd = -1
		}
		wake.fd = fd
	})
	return wake.fd
}

// notifyWake wakes a Select that is waiting.
func notifyWake() {
	if fd := wakeFD(); fd >= 0 {
		var one = [8]byte{1}
		unix.Write(fd, one[:])
	}
}

// drainWake resets the eventfd after a wake-up.
func drainWake() {
	var buf [8]byte
	unix.Read(wakeFD(), buf[:])
}
