package core

import (
	"crypto/tls"
	"net"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// unusedHandle is a generation-1 handle number past the table's slots, as
// a process without Go numbers its pending handles; gap more slots are
// skipped before it.
func unusedHandle(gap int) int64 {
	handles.mu.Lock()
	defer handles.mu.Unlock()
	return 1<<indexBits | int64(len(handles.gens)+gap)
}

// handOver is the helper process's part, in this process: create with
// Prepare, keep a copy of the descriptor, drop the helper's handle.
func handOver(t *testing.T, addr string, opts Options) (fd int, name string) {
	t.Helper()
	h, err := Prepare(addr, FlagBind|FlagListen, opts)
	if err != nil {
		t.Fatalf("Prepare(%q): %v", addr, err)
	}
	raw, err := HandoverFD(h)
	if err != nil || raw < 0 {
		t.Fatalf("Descriptor: %d %v", raw, err)
	}
	name, _ = Name(h, false)
	if fd, err = unix.FcntlInt(uintptr(raw), unix.F_DUPFD_CLOEXEC, 0); err != nil {
		t.Fatal(err)
	}
	Close(h)
	return fd, name
}

func TestAdoptListener(t *testing.T) {
	fd, name := handOver(t, "tcp://127.0.0.1:0", Options{})
	h := unusedHandle(0)
	if err := Adopt(h, fd, "tcp://127.0.0.1:0", FlagBind|FlagListen, Options{}, false); err != nil {
		t.Fatalf("Adopt: %v", err)
	}
	t.Cleanup(func() { Close(h) })
	if got := qaName(t, h, false); got != name {
		t.Fatalf("adopted name %q, want %q", got, name)
	}
	if in, _ := Stat(h); !in.Listener || in.Kind != KindTCP {
		t.Fatalf("adopted Stat %+v", in)
	}
	qaDial(t, "tcp://"+name)
	qaAccept(t, h)
	if err := handles.claim(h, newSock(-1, KindNone, 0, false)); err == nil {
		t.Fatal("claim of an open handle succeeded")
	}
}

// A TLS listener is rebuilt from its plan and serves the certificate
// checked at creation. Not shared by a fork, it handshakes at once, as
// Listen's does: a process may connect to its own listener before it
// accepts (the handshake waited for the accept, and timed out, before).
func TestAdoptTLSListener(t *testing.T) {
	opts, pool := tlsTestCert(t)
	fd, name := handOver(t, "tls://127.0.0.1:0", opts)
	h := unusedHandle(0)
	if err := Adopt(h, fd, "tls://127.0.0.1:0", FlagBind|FlagListen, opts, false); err != nil {
		t.Fatalf("Adopt: %v", err)
	}
	t.Cleanup(func() { Close(h) })
	done := make(chan error, 1)
	go func() {
		c, err := tls.Dial("tcp", name, &tls.Config{RootCAs: pool, ServerName: "localhost"})
		if err == nil {
			_, err = c.Write([]byte("hi"))
			c.Close()
		}
		done <- err
	}()
	if err := <-done; err != nil {
		t.Fatalf("TLS client, before any accept: %v", err)
	}
	c, _, err := Accept(h, 5*time.Second)
	if err != nil {
		t.Fatalf("Accept on the adopted TLS listener: %v", err)
	}
	defer Close(c)
	buf := make([]byte, 2)
	if n, err := Read(c, buf); n != 2 || string(buf) != "hi" {
		t.Fatalf("Read %d %q %v", n, buf, err)
	}
}

// An adopted TLS listener shared by a fork takes no client before its
// first accept or select: a pre-fork master that keeps the listener, and starts Go for
// other work, must leave every client to its workers (it handshook some of
// them itself before; tests/prefork "master keeps tls listener").
func TestAdoptedTLSListenerWaitsForAccept(t *testing.T) {
	opts, pool := tlsTestCert(t)
	fd, name := handOver(t, "tls://127.0.0.1:0", opts)
	h := unusedHandle(0)
	if err := Adopt(h, fd, "tls://127.0.0.1:0", FlagBind|FlagListen, opts, true); err != nil {
		t.Fatalf("Adopt: %v", err)
	}
	t.Cleanup(func() { Close(h) })
	done := make(chan error, 1)
	go func() {
		d := &net.Dialer{Timeout: 5 * time.Second}
		c, err := tls.DialWithDialer(d, "tcp", name, &tls.Config{RootCAs: pool, ServerName: "localhost"})
		if err == nil {
			c.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("the handshake ended (%v) before any accept on the adopted listener", err)
	case <-time.After(300 * time.Millisecond):
	}
	c, _, err := Accept(h, 5*time.Second)
	if err != nil {
		t.Fatalf("first Accept: %v", err)
	}
	Close(c)
	if err := <-done; err != nil {
		t.Fatalf("TLS client after the accept: %v", err)
	}
}

// Slots skipped by a claim are free with their first generation used: a
// pending handle closed before adoption never names a later socket.
func TestClaimSkipsUsedGenerations(t *testing.T) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	h := unusedHandle(2)
	if err := AdoptPairEnd(h, fds[0], unix.AF_UNIX, unix.SOCK_STREAM); err != nil {
		t.Fatalf("AdoptPairEnd: %v", err)
	}
	defer Close(h)
	unix.Close(fds[1])
	stale := map[int64]bool{h - 1: true, h - 2: true}
	a, b, err := Pair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(a)
	defer Close(b)
	if stale[a] || stale[b] {
		t.Fatalf("new handles %d, %d reuse a skipped slot's first generation (%v)", a, b, stale)
	}
	if a&indexMask != (h-1)&indexMask && b&indexMask != (h-1)&indexMask {
		t.Fatalf("the skipped slots were not freed: %d, %d", a, b)
	}
	if _, err := Write(h, []byte("x")); qaCode(err) != -Code(unix.EPIPE) {
		t.Fatalf("write to the adopted end whose peer is closed: %v", err)
	}
}

func TestAdoptBadHandleNumber(t *testing.T) {
	fd, _ := handOver(t, "tcp://127.0.0.1:0", Options{})
	if err := Adopt(5, fd, "tcp://127.0.0.1:0", FlagBind|FlagListen, Options{}, false); qaCode(err) != CodeArg {
		t.Fatalf("Adopt at handle 5: %v", err)
	}
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != unix.EBADF {
		t.Fatalf("the descriptor of a failed adoption is open: %v", err)
	}
}
