package core

import (
	"os"
	"strconv"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// Descriptor uses: what a caller outside the library (PHP's own
// stream_select, socket_import_stream) wants a handle's descriptor for.
const (
	// FDSocket is the socket itself (a TLS listener's listening socket),
	// for socket options.
	FDSocket = 1
	// FDSelect is the descriptor that is readable when a read or an accept
	// of the handle would not wait: the always-ready one (ReadyFD) while
	// the library holds bytes of the handle, a TLS listener's eventfd
	// (readable once a handshake has finished), else the socket.
	FDSelect = 2
	// FDReady is ReadyFD, whatever the handle.
	FDReady = 3
)

// Descriptor returns h's descriptor for use. The descriptor stays the
// library's: it is valid until h is closed, and a caller that keeps it
// longer must dup it.
func Descriptor(h int64, use int) (int, error) {
	if use == FDReady {
		return ReadyFD()
	}
	if use != FDSocket && use != FDSelect {
		return -1, errnoErr("descriptor", unix.EINVAL)
	}
	s, err := acquireSocket(h, "descriptor", false)
	if err != nil {
		return -1, err
	}
	defer s.release()
	switch {
	case use == FDSocket && s.tlsl != nil:
		return s.tlsl.socketFD()
	case s.tlsl != nil:
		s.tlsl.start() // PHP's own select waits on its queue
	case use == FDSelect && s.holdsBytes():
		return ReadyFD()
	}
	return s.fd.fd, nil
}

// holdsBytes tells whether a read returns data the kernel no longer shows
// as readable: bytes read ahead or given back (unread), and a TLS
// session's plaintext, drained first as Select drains it.
func (s *Sock) holdsBytes() bool {
	if s.tls != nil {
		s.drainTLS()
		if s.tls.more {
			return true
		}
	}
	return s.unread() > 0
}

// socketFD is the listening socket under a TLS listener, which its accept
// goroutine owns; valid until the listener closes.
func (l *tlsListener) socketFD() (int, error) {
	sc, ok := l.ln.(syscall.Conn)
	if !ok {
		return -1, errnoErr("descriptor", unix.ENOTSOCK)
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return -1, sysErr("descriptor", err)
	}
	fd := -1
	if err := rc.Control(func(f uintptr) { fd = int(f) }); err != nil {
		return -1, sysErr("descriptor", err)
	}
	return fd, nil
}

var ready struct {
	once sync.Once
	fd   int
	err  error
}

// ReadyFD is a descriptor that select(2) and poll(2) always report
// readable (and writable): one end of a socketpair made once per process
// with a byte waiting in it, both ends close-on-exec. Nobody reads it: it
// stands in for a handle whose bytes the library holds, so a select
// outside the library wakes for them.
func ReadyFD() (int, error) {
	ready.once.Do(func() {
		fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
		if err != nil {
			ready.fd, ready.err = -1, sysErr("socketpair", err)
			return
		}
		if _, err := unix.Write(fds[1], []byte{0}); err != nil {
			closeFunc(fds[0])
			closeFunc(fds[1])
			ready.fd, ready.err = -1, sysErr("write", err)
			return
		}
		ready.fd = fds[0] // fds[1] stays open: a closed peer would read as a hang-up
	})
	return ready.fd, ready.err
}

// CloexecCopies sets close-on-exec on every descriptor of the process
// above 2 that refers to the same open file or socket as fd and lacks it,
// and returns how many it changed. PHP's php://fd and php://stdin dup(2)
// the descriptor they open without close-on-exec; this makes PHP's copy
// of a library socket follow the library's rule (DEVIATIONS.md S3).
// Standard input, output and error are never changed.
func CloexecCopies(fd int) (int, error) {
	var want unix.Stat_t
	if err := unix.Fstat(fd, &want); err != nil {
		return 0, sysErr("fstat", err)
	}
	names, err := readFDDir()
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, name := range names {
		n, err := strconv.Atoi(name)
		if err != nil || n <= 2 {
			continue
		}
		flags, err := unix.FcntlInt(uintptr(n), unix.F_GETFD, 0)
		if err != nil || flags&unix.FD_CLOEXEC != 0 {
			continue // closed since the listing, or already close-on-exec
		}
		var st unix.Stat_t
		if unix.Fstat(n, &st) != nil || st.Dev != want.Dev || st.Ino != want.Ino {
			continue
		}
		if _, err := unix.FcntlInt(uintptr(n), unix.F_SETFD, flags|unix.FD_CLOEXEC); err == nil {
			changed++
		}
	}
	return changed, nil
}

// readFDDir lists the process's open descriptors (a seam for tests).
var readFDDir = func() ([]string, error) {
	d, err := os.Open("/proc/self/fd")
	if err != nil {
		return nil, sysErr("open /proc/self/fd", err)
	}
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return nil, sysErr("readdir /proc/self/fd", err)
	}
	return names, nil
}

// stdin is what LendStdin saved of descriptor 0.
var stdin struct {
	mu    sync.Mutex
	lent  bool
	saved int // a close-on-exec copy of the old descriptor 0, or -1 if it was closed
	flags int // the old descriptor 0's descriptor flags
}

// LendStdin makes descriptor 0 a copy of fd until RestoreStdin, saving
// what it was: PHP outside the CLI opens a descriptor as a stream only
// through php://stdin (a dup of descriptor 0). Lending twice without a
// restore is EBUSY.
func LendStdin(fd int) error {
	stdin.mu.Lock()
	defer stdin.mu.Unlock()
	if stdin.lent {
		return errnoErr("lend stdin", unix.EBUSY)
	}
	saved, flags := -1, 0
	if f, err := unix.FcntlInt(0, unix.F_GETFD, 0); err == nil {
		flags = f
		saved, err = unix.FcntlInt(0, unix.F_DUPFD_CLOEXEC, 3)
		if err != nil {
			return sysErr("fcntl", err)
		}
	}
	if err := unix.Dup3(fd, 0, 0); err != nil {
		if saved >= 0 {
			closeFunc(saved)
		}
		return sysErr("dup3", err)
	}
	stdin.lent, stdin.saved, stdin.flags = true, saved, flags
	return nil
}

// RestoreStdin puts back the descriptor 0 LendStdin saved (or closes 0 if
// there was none); without a lend it does nothing.
func RestoreStdin() error {
	stdin.mu.Lock()
	defer stdin.mu.Unlock()
	if !stdin.lent {
		return nil
	}
	stdin.lent = false
	if stdin.saved < 0 {
		closeFunc(0)
		return nil
	}
	defer closeFunc(stdin.saved)
	flags := 0
	if stdin.flags&unix.FD_CLOEXEC != 0 {
		flags = unix.O_CLOEXEC
	}
	if err := unix.Dup3(stdin.saved, 0, flags); err != nil {
		return sysErr("dup3", err)
	}
	return nil
}
