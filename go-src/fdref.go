package core

import (
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// fdRef guards a descriptor against close while it is in use, after Go's
// internal/poll fdMutex: state holds a closing bit and a reference count.
// The handle table's ownership is one reference; each operation takes one
// more. Close sets the closing bit (so no new operation starts), wakes any
// waiter, and drops the owner's reference; the real close(2) happens when
// the last reference goes, so a descriptor number is never reused while an
// operation could still use it.
type fdRef struct {
	state atomic.Uint64
	fd    int
}

const (
	refClosing = 1 << 63
	refMask    = refClosing - 1
)

func (r *fdRef) init(fd int) {
	r.fd = fd
	r.state.Store(1) // the owner's reference
}

// incref takes a reference for an operation; false once closing.
func (r *fdRef) incref() bool {
	for {
		old := r.state.Load()
		if old&refClosing != 0 {
			return false
		}
		if r.state.CompareAndSwap(old, old+1) {
			return true
		}
	}
}

// decref drops a reference and closes the descriptor after the last one.
func (r *fdRef) decref() {
	if r.state.Add(^uint64(0))&refMask == 0 {
		closeFunc(r.fd)
	}
}

// markClosing starts the close; false if it had already started.
func (r *fdRef) markClosing() bool {
	for {
		old := r.state.Load()
		if old&refClosing != 0 {
			return false
		}
		if r.state.CompareAndSwap(old, old|refClosing) {
			return true
		}
	}
}

// closeFunc is a seam for tests that count closes.
var closeFunc = func(fd int) { unix.Close(fd) }
