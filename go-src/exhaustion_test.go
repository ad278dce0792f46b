package core

// Issue 8 item 6: what the library does while the process has no free
// descriptor (EMFILE), and once descriptors are free again.

import (
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// qaFreshPoller makes the next Select the first of a process: no epoll set
// and no wake eventfd yet; while failEventfd is set, the eventfd cannot be
// made (EMFILE). The process's own set and eventfd come back when the
// test ends, and what the test made is closed.
func qaFreshPoller(t *testing.T, failEventfd *atomic.Bool) {
	p := &thePoller
	wake.mu.Lock() // eventfdFunc is read under it, by goroutines of other tests too
	origEventfd := eventfdFunc
	eventfdFunc = func(initval uint, flags int) (int, error) {
		if failEventfd.Load() {
			return -1, unix.EMFILE
		}
		return origEventfd(initval, flags)
	}
	wakeFD := wake.fd.Swap(0)
	wake.mu.Unlock()
	p.mu.Lock()
	epfd, waking := p.epfd, p.waking
	p.epfd, p.waking = -1, false
	p.mu.Unlock()
	t.Cleanup(func() {
		p.mu.Lock()
		if p.epfd >= 0 {
			unix.Close(p.epfd)
		}
		p.epfd, p.waking = epfd, waking
		p.mu.Unlock()
		wake.mu.Lock()
		eventfdFunc = origEventfd
		if fd := wake.fd.Swap(wakeFD); fd > 0 {
			unix.Close(int(fd - 1))
		}
		wake.mu.Unlock()
	})
}

// The first Select while no descriptor is free answers through poll(2),
// as PHP's select(2) does (it failed with EMFILE); a later one makes the
// epoll set.
func TestSelectWithoutDescriptors(t *testing.T) {
	qaNoLeak(t)
	qaFreshPoller(t, new(atomic.Bool))
	c := qaTCP(t)
	qaWrite(t, c.cli, "x")
	creates := 0
	orig := epollCreate
	epollCreate = func(int) (int, error) {
		creates++
		return -1, unix.EMFILE
	}
	defer func() { epollCreate = orig }()
	qaSelectWant(t, "exhausted", []int64{c.srv, c.cli}, []byte{EvRead, EvWrite}, time.Second, "0:1", "1:2")
	start := time.Now()
	qaSelectWant(t, "exhausted, timed out", []int64{c.cli}, []byte{EvRead}, 100*time.Millisecond)
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("100 ms wait ended after %v", d)
	}
	epollCreate = orig
	qaSelectWant(t, "descriptors free", []int64{c.srv}, []byte{EvRead}, time.Second, "0:1")
	if creates != 2 || thePoller.epfd < 0 {
		t.Fatalf("%d failed epoll_create calls, epfd %d: want 2 and a set made once descriptors were free", creates, thePoller.epfd)
	}
}

// A wake eventfd that could not be made when the epoll set was is made by
// a later Select: a non-blocking handshake ending during a Select wakes it
// (it waited the whole timeout).
func TestWakeRetriedAfterEMFILE(t *testing.T) {
	qaNoLeak(t)
	failEventfd := new(atomic.Bool)
	failEventfd.Store(true)
	qaFreshPoller(t, failEventfd)
	opts, _ := tlsTestCert(t)
	c := qaTCP(t)
	qaSelectWant(t, "first select, no eventfd", []int64{c.cli}, []byte{EvWrite}, time.Second, "0:2")
	if thePoller.epfd < 0 || thePoller.waking {
		t.Fatalf("epfd %d, waking %v: want a set without the wake eventfd", thePoller.epfd, thePoller.waking)
	}
	failEventfd.Store(false)

	SetBlocking(c.srv, false)
	if r, err := EnableCrypto(c.srv, true, 0, opts); r != CryptoPending || err != nil {
		t.Fatalf("EnableCrypto(server) = %d, %v", r, err)
	}
	client := make(chan error, 1)
	go func() {
		time.Sleep(100 * time.Millisecond) // the handshake ends while Select waits
		_, err := EnableCrypto(c.cli, true, 1, qaOpts(t, `{"ssl":{"verify_peer":false}}`))
		client <- err
	}()
	start := time.Now()
	qaSelectWant(t, "handshake ended", []int64{c.srv}, []byte{EvRead}, 3*time.Second, "0:1")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Select woke after %v: the handshake's end did not wake it", d)
	}
	if err := <-client; err != nil {
		t.Fatal(err)
	}
	if r, err := EnableCrypto(c.srv, true, 0, opts); r != CryptoDone || err != nil {
		t.Fatalf("EnableCrypto(server) after the wake = %d, %v", r, err)
	}
}

// qaFailingListener fails every Accept with EMFILE while fail is set.
type qaFailingListener struct {
	net.Listener
	fail *atomic.Bool
}

func (l qaFailingListener) Accept() (net.Conn, error) {
	if l.fail.Load() {
		return nil, &net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept4", unix.EMFILE)}
	}
	return l.Listener.Accept()
}

// A TLS listener whose accepts fail with EMFILE is readable, and Accept
// reports "Too many open files" at once, as PHP's accept does (it waited
// its whole timeout and said ETIMEDOUT); once descriptors are free, the
// error queued meanwhile is not reported and connections come through.
func TestTLSAcceptWithoutDescriptors(t *testing.T) {
	qaNoLeak(t)
	fail := new(atomic.Bool)
	fail.Store(true)
	orig := fileListener
	fileListener = func(f *os.File) (net.Listener, error) {
		ln, err := orig(f)
		return qaFailingListener{ln, fail}, err
	}
	origLeft := descriptorsLeft
	descriptorsLeft = func() bool { return !fail.Load() && origLeft() }
	defer func() { descriptorsLeft = origLeft }()
	opts, _ := tlsTestCert(t)
	ln, err := Listen("tls://127.0.0.1:0", FlagBind|FlagListen, opts)
	fileListener = orig
	if err != nil {
		t.Fatal(err)
	}
	defer Close(ln)
	qaSelectWant(t, "failing accept", []int64{ln}, []byte{EvRead}, 3*time.Second, "0:1")
	start := time.Now()
	_, _, err = Accept(ln, 3*time.Second)
	qaWantCode(t, "Accept", err, -Code(unix.EMFILE))
	if d := time.Since(start); d > time.Second || err.Error() != "Too many open files" {
		t.Fatalf("Accept failed after %v with %q", d, err)
	}
	time.Sleep(3 * tlsAcceptBackoff) // more failures, one of them queued

	fail.Store(false)
	go func() {
		if c, err := tls.Dial("tcp", qaName(t, ln, false), &tls.Config{InsecureSkipVerify: true}); err == nil {
			c.Read(make([]byte, 1))
			c.Close()
		}
	}()
	h, _, err := Accept(ln, 5*time.Second)
	if err != nil {
		t.Fatalf("Accept once descriptors are free: %v", err)
	}
	Close(h)
}

// qaExhaust lowers the soft descriptor limit a little above the highest
// open descriptor and holds eventfds until none is free. It returns them;
// the test closes some to free exactly that many. The rest are closed and
// the limit restored when the test ends.
func qaExhaust(t *testing.T) *[]int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	highest := 0
	for _, e := range ents {
		var fd int
		if _, err := fmt.Sscan(e.Name(), &fd); err == nil {
			highest = max(highest, fd)
		}
	}
	var orig unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &orig); err != nil {
		t.Fatal(err)
	}
	low := orig
	low.Cur = min(orig.Cur, uint64(highest+64))
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &low); err != nil {
		t.Fatal(err)
	}
	held := new([]int)
	t.Cleanup(func() {
		for _, fd := range *held {
			unix.Close(fd)
		}
		unix.Setrlimit(unix.RLIMIT_NOFILE, &orig)
	})
	for range highest + 64 {
		fd, err := unix.Eventfd(0, unix.EFD_CLOEXEC)
		if err == unix.EMFILE {
			return held
		}
		if err != nil {
			t.Fatal(err)
		}
		*held = append(*held, fd)
	}
	t.Fatal("descriptors were not exhausted")
	return nil
}

// descriptorsFree counts what could be opened, and opens nothing for good.
func TestDescriptorsFree(t *testing.T) {
	held := qaExhaust(t)
	if descriptorsFree(1) {
		t.Fatal("descriptorsFree(1) with none free")
	}
	for _, fd := range (*held)[:3] {
		unix.Close(fd)
	}
	*held = (*held)[3:]
	if !descriptorsFree(3) || descriptorsFree(4) || !descriptorsFree(3) {
		t.Fatal("with 3 free: descriptorsFree(3) must hold, again, and descriptorsFree(4) not")
	}
	if err := netpollReady(); err != nil { // made at load: nothing to do
		t.Fatal(err)
	}
}
