package core

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// qaFDOpen reports whether fd is an open descriptor.
func qaFDOpen(fd int) bool {
	_, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	return err == nil
}

func TestFdRefUnit(t *testing.T) {
	var closed []int
	orig := closeFunc
	closeFunc = func(fd int) { closed = append(closed, fd) }
	defer func() { closeFunc = orig }()

	var r fdRef
	r.init(42)
	if !r.incref() || !r.incref() {
		t.Fatal("incref on an open ref failed")
	}
	if !r.markClosing() {
		t.Fatal("first markClosing failed")
	}
	if r.markClosing() {
		t.Fatal("second markClosing succeeded")
	}
	if r.incref() {
		t.Fatal("incref after markClosing succeeded")
	}
	r.decref() // the owner's reference
	r.decref()
	if len(closed) != 0 {
		t.Fatalf("closed with a reference still held: %v", closed)
	}
	r.decref() // the last one
	if len(closed) != 1 || closed[0] != 42 {
		t.Fatalf("closes = %v, want [42]", closed)
	}
}

// TestCloseWaitsForLastRelease: Close while an operation holds a reference
// leaves the descriptor open (so its number cannot be reused under the
// operation); the release closes it, once.
func TestCloseWaitsForLastRelease(t *testing.T) {
	qaNoLeak(t)
	cl := qaCountCloses(t)
	c := qaTCP(t)
	fd := qaFD(t, c.cli)

	s1, err := acquire(c.cli) // two operations in flight
	if err != nil {
		t.Fatal(err)
	}
	s2, err := acquire(c.cli)
	if err != nil {
		t.Fatal(err)
	}
	if err := Close(c.cli); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := acquire(c.cli); err != ErrBadHandle {
		t.Fatalf("acquire after Close = %v", err)
	}
	if cl.count(fd) != 0 || !qaFDOpen(fd) {
		t.Fatalf("fd %d closed while two operations hold it", fd)
	}
	// Close shut the socket down to wake the holders: the peer sees EOF.
	SetTimeout(c.srv, 2*time.Second)
	if n, err := Read(c.srv, make([]byte, 8)); n != 0 || err != nil {
		t.Fatalf("peer Read = %d, %v; want EOF", n, err)
	}
	s1.release()
	if cl.count(fd) != 0 || !qaFDOpen(fd) {
		t.Fatalf("fd %d closed while one operation holds it", fd)
	}
	s2.release()
	if n := cl.count(fd); n != 1 {
		t.Fatalf("fd %d closed %d times after the last release, want 1", fd, n)
	}
	if qaFDOpen(fd) && qaFDReusedBy(t, fd) == "" {
		t.Fatalf("fd %d still open after the last release", fd)
	}
}

// qaFDReusedBy names a live handle now using fd (another test's socket can
// take the number at once), or "".
func qaFDReusedBy(t *testing.T, fd int) string {
	handles.mu.Lock()
	defer handles.mu.Unlock()
	for i := 0; i < len(handles.gens); i++ {
		c := handles.chunks[i>>chunkBits].Load()
		if c == nil {
			continue
		}
		if s := c[i&(chunkSize-1)].Load(); s != nil && s.fd.fd == fd {
			return "reused"
		}
	}
	return ""
}

// TestCloseWithoutUsersClosesAtOnce: no operation in flight, no shutdown
// needed, and the descriptor goes at once.
func TestCloseWithoutUsersClosesAtOnce(t *testing.T) {
	qaNoLeak(t)
	cl := qaCountCloses(t)
	c := qaTCP(t)
	fd := qaFD(t, c.srv)
	Close(c.srv)
	if cl.count(fd) != 1 {
		t.Fatalf("fd %d closed %d times", fd, cl.count(fd))
	}
}

// TestFdRefStress: goroutines take and drop references while the handle is
// closed; the descriptor is closed exactly once and never while held.
func TestFdRefStress(t *testing.T) {
	qaNoLeak(t)
	for round := 0; round < 40; round++ {
		var closes atomic.Int32
		var holders atomic.Int32
		var bad atomic.Bool
		orig := closeFunc
		closeFunc = func(fd int) {
			if holders.Load() != 0 {
				bad.Store(true)
			}
			closes.Add(1)
			orig(fd)
		}
		a, b, err := Pair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
		if err != nil {
			closeFunc = orig
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 200; i++ {
					s, err := acquire(a)
					if err != nil {
						return
					}
					holders.Add(1)
					if !qaFDOpen(s.fd.fd) {
						bad.Store(true)
					}
					holders.Add(-1)
					s.release()
				}
			}()
		}
		time.Sleep(time.Duration(round%5) * 100 * time.Microsecond)
		Close(a)
		wg.Wait()
		Close(b)
		closeFunc = orig
		if closes.Load() != 2 { // a's fd and b's fd
			t.Fatalf("round %d: %d closes, want 2", round, closes.Load())
		}
		if bad.Load() {
			t.Fatalf("round %d: descriptor closed while an operation held it", round)
		}
	}
}
