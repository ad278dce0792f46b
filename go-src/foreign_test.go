package core

import (
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// qaPipe is a pipe the library does not own (as a PHP stream's), closed at
// the end of the test.
func qaPipe(t *testing.T) (r, w int) {
	t.Helper()
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC|unix.O_NONBLOCK); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(p[0]); unix.Close(p[1]) })
	return p[0], p[1]
}

func TestForeignEntryEncoding(t *testing.T) {
	for _, fd := range []int{0, 1, 1023, 1024, 1 << 30} {
		got, foreign, valid := foreignFDOf(ForeignEntry(fd))
		if got != fd || !foreign || !valid {
			t.Errorf("fd %d: decoded %d, %v, %v", fd, got, foreign, valid)
		}
	}
	if _, foreign, _ := foreignFDOf(1 << indexBits); foreign {
		t.Error("a handle decoded as a foreign descriptor")
	}
	if _, foreign, valid := foreignFDOf(-1 << 40); !foreign || valid {
		t.Error("an entry below any descriptor number decoded as valid")
	}
}

func TestSelectForeignPipeWithHandles(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	r, w := qaPipe(t)
	hs := []int64{c.srv, ForeignEntry(r), ForeignEntry(w)}
	want := []byte{EvRead, EvRead, EvRead}
	qaSelectWant(t, "nothing ready", hs, want, 20*time.Millisecond)
	unix.Write(w, []byte("x"))
	qaSelectWant(t, "pipe readable", hs, want, time.Second, "1:1")
	qaWrite(t, c.cli, "y")
	// Entries in list order, a write end asked for writing too.
	qaSelectWant(t, "both readable", hs, []byte{EvRead, EvRead | EvExcept, EvWrite}, time.Second, "0:1", "1:1", "2:2")
	// The same descriptors again: each call's registrations were removed.
	qaSelectWant(t, "again", hs, want, time.Second, "0:1", "1:1")
}

// The point of foreign descriptors: one wait covers both kinds, so a
// foreign stream that becomes ready ends a long wait at once.
func TestSelectForeignWakesOneWait(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	r, w := qaPipe(t)
	waits := 0
	old := epollWait
	epollWait = func(epfd int, ev []unix.EpollEvent, ms int) (int, error) {
		waits++
		return old(epfd, ev, ms)
	}
	t.Cleanup(func() { epollWait = old })
	go func() {
		time.Sleep(50 * time.Millisecond)
		unix.Write(w, []byte("late"))
	}()
	start := time.Now()
	qaSelectWant(t, "late pipe", []int64{c.srv, ForeignEntry(r)}, []byte{EvRead, EvRead}, 10*time.Second, "1:1")
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("the wait took %v", d)
	}
	if waits != 1 {
		t.Fatalf("%d epoll waits, want 1", waits)
	}
}

func TestSelectForeignHighDescriptor(t *testing.T) {
	qaNoLeak(t)
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil || lim.Cur < 2100 {
		t.Skip("needs 2100 open files")
	}
	r, w := qaPipe(t)
	high := 2048
	if err := unix.Dup3(r, high, unix.O_CLOEXEC); err != nil {
		t.Fatal(err)
	}
	defer unix.Close(high)
	unix.Write(w, []byte("x"))
	qaSelectWant(t, "fd 2048", []int64{ForeignEntry(high)}, []byte{EvRead}, time.Second, "0:1")
}

func TestSelectForeignRegularFileAlwaysReady(t *testing.T) {
	qaNoLeak(t)
	f, err := os.CreateTemp(t.TempDir(), "regular")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := qaTCP(t)
	// As poll(2): readable and writable, never exceptional, without waiting.
	start := time.Now()
	qaSelectWant(t, "file", []int64{c.srv, ForeignEntry(int(f.Fd()))}, []byte{EvRead, EvRead | EvWrite | EvExcept}, 10*time.Second, "1:3")
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("a regular file waited %v", d)
	}
	qaSelectWant(t, "file except only", []int64{ForeignEntry(int(f.Fd()))}, []byte{EvExcept}, 10*time.Millisecond)
}

func TestSelectForeignBadEntries(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	r, _ := qaPipe(t)
	closed, _ := qaPipe(t)
	dup, err := unix.Dup(closed)
	if err != nil {
		t.Fatal(err)
	}
	unix.Close(dup)
	for _, h := range []int64{ForeignEntry(dup), -1 << 40} {
		if _, err := Select([]int64{c.srv, h}, []byte{EvRead, EvRead}, 0, make([]uint32, 2)); err != ErrBadHandle {
			t.Errorf("entry %d: Select = %v, want ErrBadHandle", h, err)
		}
		if _, err := pollSelect([]int64{c.srv, h}, []byte{EvRead, EvRead}, 0, make([]uint32, 2)); err != ErrBadHandle {
			t.Errorf("entry %d: pollSelect = %v, want ErrBadHandle", h, err)
		}
	}
	// Listed twice: the caller must merge the bits, as for handles.
	_, err = Select([]int64{ForeignEntry(r), ForeignEntry(r)}, []byte{EvRead, EvWrite}, 0, make([]uint32, 2))
	if qaCode(err) != -Code(unix.EINVAL) {
		t.Errorf("listed twice: %v", err)
	}
	// Nothing was left registered by the failed calls.
	qaSelectWant(t, "after errors", []int64{c.srv, ForeignEntry(r)}, []byte{EvRead, EvRead}, 0)
}

// A Select made while another thread holds the epoll set uses poll(2):
// foreign descriptors give the same answers there.
func TestPollSelectForeign(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	r, w := qaPipe(t)
	f, err := os.CreateTemp(t.TempDir(), "regular")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hs := []int64{c.srv, ForeignEntry(r), ForeignEntry(w), ForeignEntry(int(f.Fd()))}
	ready := make([]uint32, len(hs))
	unix.Write(w, []byte("x"))
	k, err := pollSelect(hs, []byte{EvRead, EvRead, EvWrite, EvExcept}, time.Second, ready)
	if err != nil || k != 2 || ready[0] != readyEntry(1, EvRead) || ready[1] != readyEntry(2, EvWrite) {
		t.Fatalf("pollSelect = %d, %v, %v", k, err, ready[:k])
	}
}
