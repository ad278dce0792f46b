package core

import (
	"runtime"
	"sync/atomic"
	"syscall"
	"unsafe"
)

// The PHP thread and the TLS goroutines share Go's scheduler. PHP's
// thread, once it has called into Go, keeps a P (Go's right to run Go code)
// while it waits in a system call and even while it runs PHP code between
// calls; the runtime takes the P back only from its monitor thread, which
// then wakes every 20 µs. With GOMAXPROCS=1 (a server pinned to one CPU),
// a handshake or a flush waited for that, and the monitor's wake-ups and
// hand-offs cost a TLS handshake 16-20 context switches (a Go server: 2).
// So while TLS goroutines have work, a blocking wait of the PHP thread
// hands its P over first, as the runtime does for its own blocking calls
// (entersyscallblock). Without such work the wait keeps the P: handing it
// over wakes a spinning thread each time, which costs plain TCP loops more
// than it saves.

// goroutineWork counts the TLS goroutines that are running or will run
// without the PHP thread: handshakes, flushes, closes, and the accept loops
// of TLS listeners.
var goroutineWork atomic.Int64

// goTLS runs f in a goroutine counted in goroutineWork.
func goTLS(f func()) {
	goroutineWork.Add(1)
	go func() {
		defer goroutineWork.Add(-1)
		f()
	}()
}

// waitSyscall6 makes a system call that may block the PHP thread
// (epoll_pwait, ppoll), handing Go's P over first while TLS goroutines have
// work. A call with a zero timeout (noWait) cannot block: without such work
// it is made raw, as send's, saving the runtime's entersyscall/exitsyscall
// (about 250 instructions of stream_select's polls). keep1 and keep2 are
// the objects the call's pointer arguments point to, kept alive across it;
// nosplit, so a stack object cannot move either.
//
//go:nosplit
//go:norace
func waitSyscall6(noWait bool, trap, a1, a2, a3, a4, a5, a6 uintptr, keep1, keep2 unsafe.Pointer) (uintptr, syscall.Errno) {
	var r uintptr
	var e syscall.Errno
	if goroutineWork.Load() == 0 {
		if noWait {
			r, _, e = syscall.RawSyscall6(trap, a1, a2, a3, a4, a5, a6)
		} else {
			r, _, e = syscall.Syscall6(trap, a1, a2, a3, a4, a5, a6)
		}
	} else {
		entersyscallblock()
		r, _, e = syscall.RawSyscall6(trap, a1, a2, a3, a4, a5, a6)
		exitsyscall()
	}
	runtime.KeepAlive(keep1)
	runtime.KeepAlive(keep2)
	return r, e
}

// The runtime's own pair for blocking system calls; both are kept for
// callers outside the runtime (go.dev/issue/67401).
//
//go:linkname entersyscallblock runtime.entersyscallblock
func entersyscallblock()

//go:linkname exitsyscall runtime.exitsyscall
func exitsyscall()
