package core

import (
	"net"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// An accept and a datagram's receive are one system call each, as PHP's
// are: the peer's address is taken raw. Before, x/sys built it with a
// getsockopt(SO_PROTOCOL) per call (2 system calls each; an accept cost
// 18 µs where PHP's costs 6.5).
func TestAcceptAndRecvFromMakeOneSyscall(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	counter := openThreadSyscalls(t)

	ln, err := Listen("tcp://127.0.0.1:0", FlagBind|FlagListen, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer Close(ln)
	addr, _ := Name(ln, false)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := waitFD(qaFD(t, ln), unix.POLLIN, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	var h int64
	var peer string
	if n := counter.during(t, func() { h, peer, err = Accept(ln, 0) }); err != nil || n != 1 {
		t.Fatalf("accept: %d system calls, %v; want 1", n, err)
	}
	defer Close(h)
	if peer != c.LocalAddr().String() {
		t.Fatalf("peer %q, want %q", peer, c.LocalAddr())
	}

	u, err := Listen("udp://127.0.0.1:0", FlagBind, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer Close(u)
	uaddr, _ := Name(u, false)
	uc, err := net.Dial("udp", uaddr)
	if err != nil {
		t.Fatal(err)
	}
	defer uc.Close()
	if _, err := uc.Write([]byte("ping")); err != nil {
		t.Fatal(err)
	}
	if err := waitFD(qaFD(t, u), unix.POLLIN, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	var got int
	var from string
	if n := counter.during(t, func() { got, from, err = RecvFrom(u, buf, 0) }); err != nil || n != 1 {
		t.Fatalf("recvfrom: %d system calls, %v; want 1", n, err)
	}
	if string(buf[:got]) != "ping" || from != uc.LocalAddr().String() {
		t.Fatalf("recvfrom = %q from %q; want \"ping\" from %q", buf[:got], from, uc.LocalAddr())
	}
}
