package core

import (
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

func readableNow(t *testing.T, fd int) bool {
	t.Helper()
	p := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	n, err := unix.Poll(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	return n == 1 && p[0].Revents&unix.POLLIN != 0
}

func cloexec(t *testing.T, fd int) bool {
	t.Helper()
	f, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	if err != nil {
		t.Fatal(err)
	}
	return f&unix.FD_CLOEXEC != 0
}

// A handle's select descriptor is its socket until the library holds
// bytes the kernel no longer shows (a line read's read-ahead), then the
// always-ready one, and the socket again once they are read.
func TestDescriptorSelectFollowsHeldBytes(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	defer Close(c.ln)
	defer Close(c.cli)
	defer Close(c.srv)
	sock := qaFD(t, c.srv)
	for _, use := range []int{FDSocket, FDSelect} {
		if fd, err := Descriptor(c.srv, use); err != nil || fd != sock {
			t.Fatalf("Descriptor(use %d) = %d, %v; want the socket %d", use, fd, err, sock)
		}
	}
	qaWrite(t, c.cli, "one\ntwo\n")
	qaWaitReadable(t, c.srv, unix.POLLIN)
	buf := make([]byte, 64)
	if n, err := ReadLine(c.srv, buf); err != nil || string(buf[:n]) != "one\n" {
		t.Fatalf("ReadLine = %q, %v", buf[:n], err)
	}
	if readableNow(t, sock) {
		t.Fatal("the socket is still readable: the test needs the second line held by the library")
	}
	readyFD, err := ReadyFD()
	if err != nil {
		t.Fatal(err)
	}
	if fd, err := Descriptor(c.srv, FDSelect); err != nil || fd != readyFD {
		t.Fatalf("with bytes held: Descriptor(FDSelect) = %d, %v; want the ready descriptor %d", fd, err, readyFD)
	}
	if fd, _ := Descriptor(c.srv, FDSocket); fd != sock {
		t.Fatalf("with bytes held: Descriptor(FDSocket) = %d, want the socket %d", fd, sock)
	}
	if n, err := Read(c.srv, buf); err != nil || string(buf[:n]) != "two\n" {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}
	if fd, _ := Descriptor(c.srv, FDSelect); fd != sock {
		t.Fatalf("after the read: Descriptor(FDSelect) = %d, want the socket %d", fd, sock)
	}
}

func TestDescriptorErrors(t *testing.T) {
	qaNoLeak(t)
	_, err := Descriptor(12345, FDSocket)
	qaWantCode(t, "forged handle", err, -Code(unix.EBADF))
	ln := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, "")
	_, err = Descriptor(ln, 7)
	qaWantCode(t, "unknown use", err, -Code(unix.EINVAL))
	Close(ln)
	_, err = Descriptor(ln, FDSocket)
	qaWantCode(t, "closed handle", err, -Code(unix.EBADF))
	bare := qaListen(t, "tcp://127.0.0.1:0", 0, "")
	defer Close(bare)
	_, err = Descriptor(bare, FDSelect)
	qaWantCode(t, "socket-less server", err, -Code(unix.ENOTSOCK))
}

// The ready descriptor stays readable however often it is polled, and is
// close-on-exec.
func TestReadyFD(t *testing.T) {
	fd, err := ReadyFD()
	if err != nil {
		t.Fatal(err)
	}
	again, _ := ReadyFD()
	if again != fd {
		t.Fatalf("ReadyFD changed: %d then %d", fd, again)
	}
	for i := 0; i < 3; i++ {
		if !readableNow(t, fd) {
			t.Fatalf("poll %d: not readable", i)
		}
	}
	if !cloexec(t, fd) {
		t.Fatal("the ready descriptor is not close-on-exec")
	}
	if fd, err := Descriptor(0, FDReady); err != nil || fd != again {
		t.Fatalf("Descriptor(FDReady) = %d, %v; want %d", fd, err, again)
	}
}

// A TLS listener selects on its eventfd (readable once a handshake has
// finished) but lends its listening socket for socket options.
func TestDescriptorTLSListener(t *testing.T) {
	ln, _, _ := tlsTestListener(t)
	defer Close(ln)
	sel, err := Descriptor(ln, FDSelect)
	if err != nil || sel != qaFD(t, ln) {
		t.Fatalf("Descriptor(FDSelect) = %d, %v; want the eventfd %d", sel, err, qaFD(t, ln))
	}
	sock, err := Descriptor(ln, FDSocket)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := unix.GetsockoptInt(sock, unix.SOL_SOCKET, unix.SO_ACCEPTCONN); err != nil || v != 1 {
		t.Fatalf("FDSocket %d: SO_ACCEPTCONN = %d, %v; want a listening socket", sock, v, err)
	}
}

// A plain dup(2) of a library socket, as PHP's php://fd makes, becomes
// close-on-exec; descriptors of other files are left alone.
func TestCloexecCopies(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	defer Close(c.ln)
	defer Close(c.cli)
	defer Close(c.srv)
	sock := qaFD(t, c.srv)
	copy1, err := syscall.Dup(sock)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(copy1)
	other, err := syscall.Dup(qaFD(t, c.cli))
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(other)
	if cloexec(t, copy1) {
		t.Fatal("dup(2) set close-on-exec: the test proves nothing")
	}
	if n, err := CloexecCopies(sock); err != nil || n != 1 {
		t.Fatalf("CloexecCopies = %d, %v; want 1", n, err)
	}
	if !cloexec(t, copy1) {
		t.Fatal("the copy is not close-on-exec")
	}
	if cloexec(t, other) {
		t.Fatal("a copy of another socket was changed")
	}
	if n, err := CloexecCopies(sock); err != nil || n != 0 {
		t.Fatalf("second CloexecCopies = %d, %v; want 0", n, err)
	}
	_, err = CloexecCopies(-1)
	qaWantCode(t, "bad descriptor", err, -Code(unix.EBADF))
}

// Lending descriptor 0 makes it the socket, restoring puts back what it
// was, and a second lend before the restore is refused.
func TestLendStdin(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	defer Close(c.ln)
	defer Close(c.cli)
	defer Close(c.srv)
	var before, sock, st unix.Stat_t
	hadStdin := unix.Fstat(0, &before) == nil
	if err := unix.Fstat(qaFD(t, c.srv), &sock); err != nil {
		t.Fatal(err)
	}
	if err := LendStdin(qaFD(t, c.srv)); err != nil {
		t.Fatal(err)
	}
	if err := unix.Fstat(0, &st); err != nil || st.Ino != sock.Ino {
		RestoreStdin()
		t.Fatalf("descriptor 0 while lent: ino %d, %v; want the socket's %d", st.Ino, err, sock.Ino)
	}
	err := LendStdin(qaFD(t, c.srv))
	if rerr := RestoreStdin(); rerr != nil {
		t.Fatal(rerr)
	}
	qaWantCode(t, "second lend", err, -Code(unix.EBUSY))
	err = unix.Fstat(0, &st)
	switch {
	case hadStdin && (err != nil || st.Ino != before.Ino || st.Dev != before.Dev):
		t.Fatalf("descriptor 0 after restore: ino %d, %v; want %d", st.Ino, err, before.Ino)
	case !hadStdin && err == nil:
		t.Fatal("descriptor 0 was closed before the lend and is open after the restore")
	}
	if err := RestoreStdin(); err != nil {
		t.Fatalf("restore without a lend: %v", err)
	}
}
