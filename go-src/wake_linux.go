package core

import (
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// wake is an eventfd in the poller's epoll set. Goroutines that change
// readiness the kernel cannot see (a TLS handshake ended, a TLS write
// buffer drained) write to it so a waiting Select looks again. Made on
// first use; if no descriptor was free then, the next use tries again.
var wake struct {
	mu sync.Mutex   // serialises making it
	fd atomic.Int64 // the eventfd + 1; 0 until one is made
}

// eventfdFunc is a seam for tests that inject EMFILE.
var eventfdFunc = unix.Eventfd

// wakeFD returns the eventfd, or -1 while none can be made.
func wakeFD() int {
	if v := wake.fd.Load(); v > 0 {
		return int(v - 1)
	}
	wake.mu.Lock()
	defer wake.mu.Unlock()
	if v := wake.fd.Load(); v > 0 {
		return int(v - 1)
	}
	fd, err := eventfdFunc(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	if err != nil {
		return -1
	}
	wake.fd.Store(int64(fd) + 1)
	return fd
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
