package core

// Shared helpers of the core's tests. Names carry a "qa" prefix so they do
// not collide with helpers other test files of the package may define.

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// qaOpts parses JSON context options; "" means none.
func qaOpts(t testing.TB, js string) Options {
	t.Helper()
	o, err := ParseOptions([]byte(js))
	if err != nil {
		t.Fatalf("ParseOptions(%q): %v", js, err)
	}
	return o
}

// qaListen creates a server and closes it when the test ends.
func qaListen(t testing.TB, addr string, flags int, opts string) int64 {
	t.Helper()
	h, err := Listen(addr, flags, qaOpts(t, opts))
	if err != nil {
		t.Fatalf("Listen(%q, %d, %s): %v (code %d)", addr, flags, opts, err, CodeOf(err))
	}
	t.Cleanup(func() { Close(h) })
	return h
}

// qaDial connects a client and closes it when the test ends.
func qaDial(t testing.TB, addr string) int64 {
	t.Helper()
	h, err := Dial(addr, 0, 5*time.Second, Options{})
	if err != nil {
		t.Fatalf("Dial(%q): %v (code %d)", addr, err, CodeOf(err))
	}
	t.Cleanup(func() { Close(h) })
	return h
}

// qaAccept takes one connection within 5 s and closes it when the test ends.
func qaAccept(t testing.TB, ln int64) (int64, string) {
	t.Helper()
	h, peer, err := Accept(ln, 5*time.Second)
	if err != nil {
		t.Fatalf("Accept: %v (code %d)", err, CodeOf(err))
	}
	t.Cleanup(func() { Close(h) })
	return h, peer
}

// qaName is Name that fails the test on error.
func qaName(t testing.TB, h int64, remote bool) string {
	t.Helper()
	n, err := Name(h, remote)
	if err != nil {
		t.Fatalf("Name(%d, %v): %v", h, remote, err)
	}
	return n
}

// qaDialAddr turns a listener into the address a client dials.
func qaDialAddr(t testing.TB, transport string, ln int64) string {
	return transport + "://" + qaName(t, ln, false)
}

// qaConn is one connected stream: the listener, the client end and the
// accepted end.
type qaConn struct {
	ln, cli, srv int64
	peer         string // the name Accept reported
}

// qaStream connects over tcp4, tcp6 or unix ("tcp://127.0.0.1:0",
// "tcp://[::1]:0", "unix").
func qaStream(t testing.TB, addr string) qaConn {
	t.Helper()
	var c qaConn
	if addr == "unix" {
		addr = "unix://" + qaSockPath(t, "s")
	}
	c.ln = qaListen(t, addr, FlagBind|FlagListen, "")
	transport := addr[:strings.Index(addr, "://")]
	c.cli = qaDial(t, qaDialAddr(t, transport, c.ln))
	c.srv, c.peer = qaAccept(t, c.ln)
	return c
}

// qaTCP is a connected loopback TCP stream.
func qaTCP(t testing.TB) qaConn { return qaStream(t, "tcp://127.0.0.1:0") }

// qaSockPath is a short path for a unix socket in a directory removed
// when the test ends (t.TempDir paths can pass sun_path's 108 bytes).
func qaSockPath(t testing.TB, name string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "gsq")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, name)
}

// qaFD is the descriptor behind a handle (test-only peek).
func qaFD(t testing.TB, h int64) int {
	t.Helper()
	s := handles.get(h)
	if s == nil {
		t.Fatalf("handle %d is not open", h)
	}
	return s.fd.fd
}

// qaCode is the C code of err.
func qaCode(err error) Code { return CodeOf(err) }

// qaWantCode fails unless err carries code.
func qaWantCode(t testing.TB, what string, err error, code Code) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want code %d", what, code)
	}
	if got := CodeOf(err); got != code {
		t.Fatalf("%s: code %d (%v), want %d", what, got, err, code)
	}
}

// qaNoLeak checks that the test leaves the open-handle count as it found it.
// Call it first so its cleanup runs after the others.
func qaNoLeak(t testing.TB) {
	t.Helper()
	base := OpenHandles()
	t.Cleanup(func() {
		if got := OpenHandles(); got != base {
			t.Errorf("open handles: %d after the test, %d before", got, base)
		}
	})
}

// qaCloses swaps closeFunc for one that records every descriptor closed
// (and still closes it); the original comes back when the test ends.
type qaCloses struct {
	mu  sync.Mutex
	fds map[int]int
}

func qaCountCloses(t testing.TB) *qaCloses {
	c := &qaCloses{fds: map[int]int{}}
	orig := closeFunc
	closeFunc = func(fd int) {
		c.mu.Lock()
		c.fds[fd]++
		c.mu.Unlock()
		orig(fd)
	}
	t.Cleanup(func() { closeFunc = orig })
	return c
}

func (c *qaCloses) count(fd int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fds[fd]
}

// qaHasIPv6 reports whether [::1] can be bound.
var qaHasIPv6 = sync.OnceValue(func() bool {
	fd, err := unix.Socket(unix.AF_INET6, unix.SOCK_STREAM, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	return unix.Bind(fd, &unix.SockaddrInet6{Addr: netip.IPv6Loopback().As16()}) == nil
})

// qaReadN reads exactly n bytes from a blocking handle within 5 s.
func qaReadN(t testing.TB, h int64, n int) []byte {
	t.Helper()
	SetTimeout(h, 5*time.Second)
	out := make([]byte, 0, n)
	buf := make([]byte, n)
	for len(out) < n {
		k, err := Read(h, buf[:n-len(out)])
		if err != nil {
			t.Fatalf("Read after %d of %d bytes: %v", len(out), n, err)
		}
		if k == 0 {
			t.Fatalf("EOF after %d of %d bytes", len(out), n)
		}
		out = append(out, buf[:k]...)
	}
	return out
}

// qaWrite writes all of p on a blocking handle.
func qaWrite(t testing.TB, h int64, p string) {
	t.Helper()
	n, err := Write(h, []byte(p))
	if err != nil || n != len(p) {
		t.Fatalf("Write(%q) = %d, %v", p, n, err)
	}
}

// qaWaitReadable waits (bounded) until h is readable in the kernel.
func qaWaitReadable(t testing.TB, h int64, events int16) {
	t.Helper()
	pfd := []unix.PollFd{{Fd: int32(qaFD(t, h)), Events: events}}
	if n, err := unix.Poll(pfd, 5000); n != 1 || err != nil {
		t.Fatalf("poll for %#x: n=%d err=%v", events, n, err)
	}
}
