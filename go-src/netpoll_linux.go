package core

import (
	"os"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// Go's runtime makes its netpoller (an epoll set and an eventfd) when the
// first pollable file or connection of the process is made, and aborts the
// process if no descriptor is free then ("fatal error: runtime:
// netpollinit failed"): PHP would die with it. The library makes it at
// load, while descriptors are free; if none were, each call that would
// make it (TLS, name resolution) tries again first, and fails with EMFILE
// while descriptors are short.
var netpoll struct {
	mu    sync.Mutex
	ready atomic.Bool
}

func init() { netpollReady() }

// netpollReady makes Go's netpoller unless it exists, or reports EMFILE.
func netpollReady() error {
	if netpoll.ready.Load() {
		return nil
	}
	netpoll.mu.Lock()
	defer netpoll.mu.Unlock()
	if netpoll.ready.Load() {
		return nil
	}
	// A pipe's two descriptors, then the netpoller's two.
	if !descriptorsFree(4) {
		return errnoErr("netpoll", unix.EMFILE)
	}
	r, w, err := os.Pipe()
	if err != nil {
		return sysErr("netpoll", err)
	}
	r.Close()
	w.Close()
	netpoll.ready.Store(true)
	return nil
}

// descriptorsFree reports whether n more descriptors could be opened now.
func descriptorsFree(n int) bool {
	held := make([]int, 0, n)
	defer func() {
		for _, fd := range held {
			unix.Close(fd)
		}
	}()
	for range n {
		fd, err := unix.Eventfd(0, unix.EFD_CLOEXEC)
		if err != nil {
			return false
		}
		held = append(held, fd)
	}
	return true
}
