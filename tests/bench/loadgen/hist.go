package main

import (
	"math/bits"
	"sync/atomic"
)

// Hist is a log-linear latency histogram of nanosecond values with 32
// sub-buckets per power of two (about 3% relative precision). It is safe for
// concurrent use.
type Hist struct {
	b [64 + 58*32]atomic.Uint64
	n atomic.Uint64
}

const subBuckets = 32

func bucketOf(v uint64) int {
	if v < 2*subBuckets {
		return int(v)
	}
	shift := bits.Len64(v) - 6 // v>>shift is in [32, 64)
	return 2*subBuckets + (shift-1)*subBuckets + int(v>>uint(shift)) - subBuckets
}

// bucketMid is the midpoint of the values mapped to bucket i.
func bucketMid(i int) float64 {
	if i < 2*subBuckets {
		return float64(i)
	}
	shift := (i-2*subBuckets)/subBuckets + 1
	m := uint64((i-2*subBuckets)%subBuckets + subBuckets)
	return float64(m<<uint(shift)) + float64(uint64(1)<<uint(shift))/2
}

// Add records one value in nanoseconds.
func (h *Hist) Add(ns int64) {
	if ns < 0 {
		ns = 0
	}
	h.b[bucketOf(uint64(ns))].Add(1)
	h.n.Add(1)
}

// Count is the number of recorded values.
func (h *Hist) Count() uint64 { return h.n.Load() }

// Quantile returns the q-quantile (0..1) in nanoseconds.
func (h *Hist) Quantile(q float64) float64 {
	n := h.n.Load()
	if n == 0 {
		return 0
	}
	rank := uint64(q*float64(n) + 0.5)
	if rank < 1 {
		rank = 1
	}
	var seen uint64
	for i := range h.b {
		seen += h.b[i].Load()
		if seen >= rank {
			return bucketMid(i)
		}
	}
	return bucketMid(len(h.b) - 1)
}
