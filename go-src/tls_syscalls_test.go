package core

import (
	"crypto/tls"
	"encoding/binary"
	"io"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// threadSyscalls counts the system calls the calling OS thread enters (the
// raw_syscalls:sys_enter tracepoint through perf_event_open, no strace),
// or skips the test where the kernel does not allow it. The caller must
// hold its thread (runtime.LockOSThread).
type threadSyscalls struct{ fd int }

func openThreadSyscalls(t *testing.T) *threadSyscalls {
	t.Helper()
	var id uint64
	for _, dir := range []string{"/sys/kernel/tracing", "/sys/kernel/debug/tracing"} {
		if b, err := os.ReadFile(dir + "/events/raw_syscalls/sys_enter/id"); err == nil {
			id, _ = strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
			break
		}
	}
	if id == 0 {
		t.Skip("tracefs is not readable: system calls cannot be counted")
	}
	a := unix.PerfEventAttr{Type: unix.PERF_TYPE_TRACEPOINT, Config: id}
	a.Size = uint32(unsafe.Sizeof(a))
	fd, err := unix.PerfEventOpen(&a, 0, -1, -1, unix.PERF_FLAG_FD_CLOEXEC)
	if err != nil {
		t.Skipf("perf_event_open: %v (needs root or kernel.perf_event_paranoid <= 1)", err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	return &threadSyscalls{fd}
}

// only narrows the count to one system call (a tracepoint filter on its
// number), or skips the test where the kernel does not take the filter.
func (c *threadSyscalls) only(t *testing.T, nr uintptr) {
	t.Helper()
	filter, _ := unix.BytePtrFromString("id == " + strconv.Itoa(int(nr)))
	if _, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(c.fd), unix.PERF_EVENT_IOC_SET_FILTER, uintptr(unsafe.Pointer(filter))); e != 0 {
		t.Skipf("tracepoint filter: %v", e)
	}
}

// count is the running total; reading it is a system call and counts.
func (c *threadSyscalls) count(t *testing.T) uint64 {
	var b [8]byte
	if n, err := unix.Read(c.fd, b[:]); n != 8 || err != nil {
		t.Fatalf("reading the counter: %d, %v", n, err)
	}
	return binary.NativeEndian.Uint64(b[:])
}

// during counts the system calls f makes, less the counter's own read.
func (c *threadSyscalls) during(t *testing.T, f func()) uint64 {
	before := c.count(t)
	f()
	return c.count(t) - before - 1
}

// In steady state a small TLS echo costs the PHP thread one system call
// per read (the read(2) of the record; not another that can only find
// nothing) and one per write (the send of the record; the send buffer's
// room is not asked of the kernel each time). Before: 2 per read, 3 per
// write (getsockopt SO_SNDBUF, ioctl SIOCOUTQ, write).
func TestTLSSteadyStateSyscalls(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	counter := openThreadSyscalls(t)
	ln, addr, pool := tlsTestListener(t)
	defer Close(ln)
	c, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: pool})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	conn, _, err := Accept(ln, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(conn)
	SetBlocking(conn, false)
	fd := qaFD(t, conn)

	const warm, rounds, size = 50, 400, 64
	msg := make([]byte, size)
	echoed := make(chan error, 1)
	go func() { // the peer: write, wait for the echo, again
		reply := make([]byte, size)
		for i := 0; i < warm+rounds; i++ {
			msg[0] = byte(i)
			if _, err := c.Write(msg); err != nil {
				echoed <- err
				return
			}
			if _, err := io.ReadFull(c, reply); err != nil || reply[0] != byte(i) {
				echoed <- err
				return
			}
		}
		echoed <- nil
	}()
	buf := make([]byte, 8192)
	var reads, writes uint64
	for i := 0; i < warm+rounds; i++ {
		if err := waitFD(fd, unix.POLLIN, 5*time.Second); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		var n int
		r := counter.during(t, func() { n, err = Read(conn, buf) })
		if err != nil || n != size || buf[0] != byte(i) {
			t.Fatalf("round %d: read %d, %v", i, n, err)
		}
		w := counter.during(t, func() { n, err = Write(conn, buf[:n]) })
		if err != nil || n != size {
			t.Fatalf("round %d: write %d, %v", i, n, err)
		}
		if i >= warm {
			reads, writes = reads+r, writes+w
		}
	}
	if err := <-echoed; err != nil {
		t.Fatal(err)
	}
	perRead, perWrite := float64(reads)/rounds, float64(writes)/rounds
	t.Logf("system calls per read %.2f, per write %.2f", perRead, perWrite)
	if perRead > 1.1 || perWrite > 1.1 {
		t.Fatalf("system calls per read %.2f, per write %.2f; want 1 each", perRead, perWrite)
	}
}

// A server handshake reads each client flight (the ClientHello; the
// Finished with what came with it) with one read(2), keeping what passes
// the current record for crypto/tls's next read, as a pure-Go server's
// reads take the kernel's bytes. Before: two reads per record (its header,
// then its body), six for ClientHello, ChangeCipherSpec and Finished. The
// handshake runs on this thread, whose read(2) calls alone are counted;
// one more finds nothing while the client works (2-3 here; 6-7 before).
func TestTLSServerHandshakeReadsPerFlight(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	counter := openThreadSyscalls(t)
	counter.only(t, unix.SYS_READ)
	opts, pool := tlsTestCert(t)
	cfg, err := serverConfig("", opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client := make(chan error, 1)
	go func() {
		// X25519 alone: a hybrid post-quantum key share makes the
		// ClientHello larger than crypto/tls's first read (576 bytes), so
		// that it takes two reads, as it does a pure-Go server.
		c, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS13,
			CurvePreferences: []tls.CurveID{tls.X25519}})
		if err == nil {
			_, err = c.Write([]byte("after the handshake"))
			defer c.Close()
		}
		client <- err
		time.Sleep(100 * time.Millisecond) // the server's reads see the socket open
	}()
	nc, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	fd, err := rawFDOf(nc)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if err := waitFD(fd, unix.POLLIN, 5*time.Second); err != nil { // the ClientHello is here
		t.Fatal(err)
	}
	tc := newTLSConn(newHybridConn(nc, fd), true, cfg)
	tc.reported = true
	reads := counter.during(t, func() { tc.handshake(5 * time.Second) })
	if tc.hsErr != nil {
		t.Fatal(tc.hsErr)
	}
	if err := <-client; err != nil {
		t.Fatal(err)
	}
	t.Logf("read(2) calls in a server handshake: %d", reads)
	if reads > 3 {
		t.Fatalf("read(2) calls in a server handshake: %d; want one per client flight and at most one that finds nothing", reads)
	}
}

// An accept on a TLS listener with nothing queued and no time to wait (the
// call that ends a non-blocking accept loop) makes no system call. Before:
// two (a read of the queue's eventfd that found EAGAIN, and a poll(2) of
// it with a zero timeout).
func TestTLSAcceptNothingQueuedSyscalls(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	counter := openThreadSyscalls(t)
	ln, _, _ := tlsTestListener(t)
	defer Close(ln)
	var err error
	calls := counter.during(t, func() { _, _, err = Accept(ln, 0) })
	if err != ErrTimeout {
		t.Fatalf("Accept(0) with nothing queued: %v, want ErrTimeout", err)
	}
	if calls != 0 {
		t.Fatalf("Accept(0) with nothing queued made %d system calls, want 0", calls)
	}
}
