package core

import (
	"testing"
	"time"
)

// The read path is the echo benchmark's hot path: these measure one Read
// and one SelectFetch of 64 bytes the kernel holds (the peer's write is
// part of each iteration), and fail if either allocates.

func BenchmarkRead64(b *testing.B) {
	c := qaTCP(b)
	msg, buf := make([]byte, 64), make([]byte, 64)
	b.ReportAllocs()
	for b.Loop() {
		Write(c.cli, msg)
		if n, err := Read(c.srv, buf); n != 64 || err != nil {
			b.Fatalf("Read = %d, %v", n, err)
		}
	}
}

func BenchmarkSelectFetch64(b *testing.B) {
	c := qaTCP(b)
	msg := make([]byte, 64)
	hs, want := []int64{c.srv}, []byte{EvRead}
	ready, lens, data := make([]uint32, 1), make([]uint32, 1), make([]byte, 1024)
	b.ReportAllocs()
	for b.Loop() {
		Write(c.cli, msg)
		if k, err := SelectFetch(hs, want, time.Second, ready, data, lens); k != 1 || err != nil || lens[0] != 65 {
			b.Fatalf("SelectFetch = %d, %v, lens %v", k, err, lens)
		}
	}
}

func TestReadPathDoesNotAllocate(t *testing.T) {
	c := qaTCP(t)
	msg, buf := make([]byte, 64), make([]byte, 64)
	hs, want := []int64{c.srv}, []byte{EvRead}
	ready, lens := make([]uint32, 1), make([]uint32, 1)
	Write(c.cli, msg)
	qaWaitReadable(t, c.srv, 1)
	SetBlocking(c.srv, false)
	if a := testing.AllocsPerRun(100, func() { Read(c.srv, buf) }); a != 0 {
		t.Errorf("Read: %v allocations", a)
	}
	if a := testing.AllocsPerRun(100, func() { SelectFetch(hs, want, 0, ready, buf, lens) }); a != 0 {
		t.Errorf("SelectFetch: %v allocations", a)
	}
}

// The same paths without the peer's write: one read(2) that finds nothing,
// which leaves the path's own cost more visible than the loopback's.

func BenchmarkReadEmpty(b *testing.B) {
	c := qaTCP(b)
	SetBlocking(c.srv, false)
	buf := make([]byte, 64)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(c.srv, buf); err != ErrWouldBlock {
			b.Fatal(err)
		}
	}
}

func BenchmarkFetchEmpty(b *testing.B) {
	c := qaTCP(b)
	s, _ := acquire(c.srv)
	defer s.release()
	buf := make([]byte, 64)
	b.ReportAllocs()
	for b.Loop() {
		if n, _ := s.fetch(buf); n != -1 {
			b.Fatal(n)
		}
	}
}
