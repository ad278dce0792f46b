package core

import (
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// A handle packs a slot index (low 24 bits) and the slot's generation
// (above), so a handle that was closed, or one made up, never matches the
// socket that occupies its slot later. Generations start at 1: handles are
// always >= 1<<24, and small integers are never valid.
const (
	indexBits  = 24
	chunkBits  = 10
	chunkSize  = 1 << chunkBits
	maxHandles = 1 << indexBits
	maxChunks  = maxHandles / chunkSize
	indexMask  = maxHandles - 1
)

type slotChunk [chunkSize]atomic.Pointer[Sock]

// handleTable maps handles to sockets. Lookups take no lock: chunks are
// never freed, and each slot holds the socket whose handle field is checked.
type handleTable struct {
	mu     sync.Mutex // serialises allocation and release
	chunks [maxChunks]atomic.Pointer[slotChunk]
	gens   []uint32 // generation per slot, under mu
	free   []uint32 // released slot indexes, under mu
	open   atomic.Int64
}

var handles handleTable

// add gives s a handle and publishes it.
func (t *handleTable) add(s *Sock) (int64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var idx uint32
	if n := len(t.free); n > 0 {
		idx = t.free[n-1]
		t.free = t.free[:n-1]
	} else {
		if len(t.gens) >= maxHandles {
			return 0, errorf("open handle", -Code(unix.EMFILE), "gostream: too many open handles")
		}
		idx = uint32(len(t.gens))
		t.gens = append(t.gens, 0)
		if idx%chunkSize == 0 {
			t.chunks[idx>>chunkBits].Store(new(slotChunk))
		}
	}
	t.gens[idx]++
	if t.gens[idx] == 0 { // wrapped after 2^32 reuses of this slot
		t.gens[idx] = 1
	}
	h := int64(t.gens[idx])<<indexBits | int64(idx)
	s.handle = h
	t.chunks[idx>>chunkBits].Load()[idx&(chunkSize-1)].Store(s)
	t.open.Add(1)
	return h, nil
}

// get finds the socket for h, or nil for a closed, stale or forged handle.
func (t *handleTable) get(h int64) *Sock {
	if h < 1<<indexBits {
		return nil
	}
	idx := uint32(h & indexMask)
	c := t.chunks[idx>>chunkBits].Load()
	if c == nil {
		return nil
	}
	s := c[idx&(chunkSize-1)].Load()
	if s == nil || s.handle != h {
		return nil
	}
	return s
}

// remove unpublishes h; it reports false if h was not open (double close).
func (t *handleTable) remove(h int64) *Sock {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.get(h)
	if s == nil {
		return nil
	}
	idx := uint32(h & indexMask)
	t.chunks[idx>>chunkBits].Load()[idx&(chunkSize-1)].Store(nil)
	t.free = append(t.free, idx)
	t.open.Add(-1)
	return s
}

// OpenHandles counts handles not yet closed.
func OpenHandles() int64 { return handles.open.Load() }

// claim publishes s at handle h, a number given out by another process
// (adopt.go): the slots below it that nobody claims are freed, with their
// first generation used up, so a handle closed before adoption never
// matches a later socket.
func (t *handleTable) claim(h int64, s *Sock) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	idx, gen := uint32(h&indexMask), uint32(h>>indexBits)
	if h < 1<<indexBits || gen == 0 || h>>indexBits > 1<<32-1 {
		return errorf("adopt", CodeArg, "gostream: handle %d is not a handle number", h)
	}
	for uint32(len(t.gens)) <= idx {
		i := uint32(len(t.gens))
		t.gens = append(t.gens, 1)
		if i%chunkSize == 0 {
			t.chunks[i>>chunkBits].Store(new(slotChunk))
		}
		if i != idx {
			t.free = append(t.free, i)
		}
	}
	slot := &t.chunks[idx>>chunkBits].Load()[idx&(chunkSize-1)]
	if slot.Load() != nil {
		return errorf("adopt", CodeArg, "gostream: handle %d is already open", h)
	}
	for i, f := range t.free {
		if f == idx {
			t.free = append(t.free[:i], t.free[i+1:]...)
			break
		}
	}
	t.gens[idx] = gen
	s.handle = h
	slot.Store(s)
	t.open.Add(1)
	return nil
}
