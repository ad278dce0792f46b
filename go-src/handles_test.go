package core

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// qaSockless makes a handle that owns no descriptor (a server made without
// STREAM_SERVER_BIND), the cheapest handle there is.
func qaSockless(t testing.TB) int64 {
	t.Helper()
	h, err := Listen("tcp://127.0.0.1:0", 0, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// qaAllOps runs every handle operation on h and returns their errors.
func qaAllOps(h int64) map[string]error {
	buf := make([]byte, 16)
	errs := map[string]error{}
	_, errs["Read"] = Read(h, buf)
	_, errs["ReadLine"] = ReadLine(h, buf)
	_, errs["Write"] = Write(h, buf)
	_, _, errs["RecvFrom"] = RecvFrom(h, buf, 0)
	_, errs["SendTo"] = SendTo(h, buf, 0, "")
	_, errs["Name"] = Name(h, false)
	errs["Shutdown"] = Shutdown(h, 2)
	errs["SetBlocking"] = SetBlocking(h, false)
	errs["SetTimeout"] = SetTimeout(h, time.Second)
	_, errs["Stat"] = Stat(h)
	_, _, errs["Accept"] = Accept(h, 0)
	_, errs["Select"] = Select([]int64{h}, []byte{EvRead}, 0, make([]uint32, 1))
	errs["Close"] = Close(h)
	return errs
}

func qaAllBadHandle(t *testing.T, what string, h int64) {
	t.Helper()
	for op, err := range qaAllOps(h) {
		if err != ErrBadHandle {
			t.Errorf("%s handle %#x: %s gave %v, want ErrBadHandle", what, h, op, err)
		}
	}
}

func TestHandleNeverSmall(t *testing.T) {
	qaNoLeak(t)
	for i := 0; i < 100; i++ {
		h := qaSockless(t)
		if h < 1<<indexBits {
			t.Fatalf("handle %d is below 1<<%d", h, indexBits)
		}
		Close(h)
	}
}

func TestStaleHandleAfterClose(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	if err := Close(c.cli); err != nil {
		t.Fatalf("Close: %v", err)
	}
	qaAllBadHandle(t, "closed", c.cli)
	// The other end still works and sees the close as EOF.
	if n, err := Read(c.srv, make([]byte, 4)); n != 0 || err != nil {
		t.Fatalf("Read on the peer of a closed handle = %d, %v; want 0, nil", n, err)
	}
}

func TestForgedHandles(t *testing.T) {
	qaNoLeak(t)
	live := qaSockless(t)
	defer Close(live)
	forged := []int64{0, -1, 1, 2, 3, 100, 1<<indexBits - 1, -(1 << indexBits),
		math.MaxInt64, math.MinInt64, math.MinInt64 + 1,
		live + 1<<indexBits, live - 1<<indexBits, live ^ 1<<40, live | -1<<63,
		live & indexMask, // the bare slot index
		live + maxHandles - 1,
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		forged = append(forged, int64(r.Uint64()))
		forged = append(forged, int64(r.Uint32()))
		forged = append(forged, int64(r.IntN(1<<indexBits)))
	}
	for _, h := range forged {
		if h == live {
			continue
		}
		if s := handles.get(h); s != nil {
			t.Fatalf("forged handle %#x reached the socket of handle %#x", h, s.handle)
		}
		if _, err := Stat(h); err != ErrBadHandle {
			t.Fatalf("Stat(forged %#x) = %v", h, err)
		}
	}
	qaAllBadHandle(t, "forged", 0)
	// -1 is no forged handle to Select: entries below zero are foreign
	// descriptors (-1 is descriptor 0). One below every descriptor number is.
	qaAllBadHandle(t, "forged", math.MinInt64)
	qaAllBadHandle(t, "forged", live+1<<indexBits)
	if _, err := Stat(live); err != nil {
		t.Fatalf("the live handle was hurt: %v", err)
	}
}

func TestDoubleClose(t *testing.T) {
	qaNoLeak(t)
	cl := qaCountCloses(t)
	c := qaTCP(t)
	fd := qaFD(t, c.cli)
	if err := Close(c.cli); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := Close(c.cli); err != ErrBadHandle || CodeOf(err) != -Code(unix.EBADF) {
			t.Fatalf("second Close = %v (code %d), want -EBADF", err, CodeOf(err))
		}
	}
	if n := cl.count(fd); n != 1 {
		t.Fatalf("fd %d closed %d times", fd, n)
	}
}

func TestSlotReuseGivesNewHandle(t *testing.T) {
	qaNoLeak(t)
	a := qaSockless(t)
	Close(a)
	b := qaSockless(t)
	defer Close(b)
	if b&indexMask != a&indexMask {
		t.Skipf("slot not reused (another test holds the free list): %#x %#x", a, b)
	}
	if b == a {
		t.Fatalf("reused slot gave the same handle %#x", a)
	}
	if handles.get(a) != nil {
		t.Fatalf("old handle %#x reaches the new socket", a)
	}
	if _, err := Stat(b); err != nil {
		t.Fatalf("new handle: %v", err)
	}
	// Reuse over a descriptor: the stale handle never reaches the new
	// connection, even when the kernel hands out the same fd number.
	c1 := qaTCP(t)
	fd := qaFD(t, c1.cli)
	Close(c1.cli)
	c2 := qaTCP(t)
	if qaFD(t, c2.cli) != fd && qaFD(t, c2.srv) != fd {
		t.Logf("fd %d not reused this time", fd)
	}
	qaWrite(t, c2.srv, "secret")
	qaWaitReadable(t, c2.cli, unix.POLLIN)
	if n, err := Read(c1.cli, make([]byte, 16)); err != ErrBadHandle {
		t.Fatalf("stale handle read %d bytes, err %v", n, err)
	}
	if got := string(qaReadN(t, c2.cli, 6)); got != "secret" {
		t.Fatalf("new connection read %q", got)
	}
}

func TestGenerationWrapSkipsZero(t *testing.T) {
	qaNoLeak(t)
	a := qaSockless(t)
	idx := uint32(a & indexMask)
	Close(a)
	handles.mu.Lock()
	handles.gens[idx] = math.MaxUint32
	// Make sure the next allocation takes this slot.
	for i, f := range handles.free {
		if f == idx {
			handles.free = append(append(handles.free[:i:i], handles.free[i+1:]...), idx)
			break
		}
	}
	handles.mu.Unlock()
	b := qaSockless(t)
	defer Close(b)
	if uint32(b&indexMask) != idx {
		t.Fatalf("slot %d not reused: %#x", idx, b)
	}
	if b>>indexBits != 1 {
		t.Fatalf("after wrap the generation is %d, want 1", b>>indexBits)
	}
	if b < 1<<indexBits {
		t.Fatalf("handle %d is small", b)
	}
}

func TestHandlesAcrossChunks(t *testing.T) {
	qaNoLeak(t)
	hs := make([]int64, 0, 3*chunkSize)
	for i := 0; i < 3*chunkSize; i++ {
		hs = append(hs, qaSockless(t))
	}
	seen := map[int64]bool{}
	for _, h := range hs {
		if seen[h] {
			t.Fatalf("handle %#x given twice", h)
		}
		seen[h] = true
		if _, err := Stat(h); err != nil {
			t.Fatalf("Stat(%#x): %v", h, err)
		}
	}
	for _, h := range hs {
		if err := Close(h); err != nil {
			t.Fatalf("Close(%#x): %v", h, err)
		}
	}
	for _, h := range hs {
		if _, err := Stat(h); err != ErrBadHandle {
			t.Fatalf("Stat(closed %#x) = %v", h, err)
		}
	}
}

// TestHandlesConcurrent adds, uses, closes and probes stale handles from
// several goroutines; run with -race.
func TestHandlesConcurrent(t *testing.T) {
	qaNoLeak(t)
	const workers, iters = 8, 1500
	var stale sync.Map
	var wg sync.WaitGroup
	errc := make(chan string, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 7))
			var mine []int64
			for i := 0; i < iters; i++ {
				switch r.IntN(4) {
				case 0, 1:
					h, err := Listen("tcp://127.0.0.1:0", 0, Options{})
					if err != nil {
						errc <- err.Error()
						return
					}
					mine = append(mine, h)
				case 2:
					if len(mine) > 0 {
						k := r.IntN(len(mine))
						h := mine[k]
						mine = append(mine[:k], mine[k+1:]...)
						if err := Close(h); err != nil {
							errc <- "Close of a live handle: " + err.Error()
							return
						}
						stale.Store(h, true)
					}
				case 3:
					for _, h := range mine {
						if _, err := Stat(h); err != nil {
							errc <- "Stat of a live handle: " + err.Error()
							return
						}
					}
					stale.Range(func(k, _ any) bool {
						if _, err := Stat(k.(int64)); err != ErrBadHandle {
							errc <- "a stale handle answered"
							return false
						}
						return r.IntN(8) != 0
					})
				}
			}
			for _, h := range mine {
				Close(h)
			}
		}(w)
	}
	wg.Wait()
	close(errc)
	for e := range errc {
		t.Error(e)
	}
}

// TestConcurrentCloseOneHandle: many goroutines close the same handle at
// once; exactly one succeeds and the descriptor is closed once.
func TestConcurrentCloseOneHandle(t *testing.T) {
	qaNoLeak(t)
	cl := qaCountCloses(t)
	for round := 0; round < 50; round++ {
		h, b, err := Pair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
		if err != nil {
			t.Fatal(err)
		}
		fd := qaFD(t, h)
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := 0
		for i := 0; i < 6; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if Close(h) == nil {
					mu.Lock()
					ok++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		Close(b)
		if ok != 1 || cl.count(fd) != 1 {
			t.Fatalf("round %d: %d closes succeeded, fd closed %d times", round, ok, cl.count(fd))
		}
		cl.mu.Lock()
		delete(cl.fds, fd)
		cl.mu.Unlock()
	}
}
