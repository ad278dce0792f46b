package main

import (
	"math"
	"testing"
)

func TestHistBuckets(t *testing.T) {
	for _, v := range []uint64{0, 1, 63, 64, 65, 1000, 123456, 1 << 40, math.MaxInt64} {
		i := bucketOf(v)
		mid := bucketMid(i)
		if v >= 64 && math.Abs(mid-float64(v))/float64(v) > 0.04 {
			t.Errorf("v=%d bucket %d mid %.0f", v, i, mid)
		}
	}
	var h Hist
	for i := 1; i <= 1000; i++ {
		h.Add(int64(i) * 1000)
	}
	if p := h.Quantile(0.5); math.Abs(p-500000)/500000 > 0.04 {
		t.Errorf("p50 %.0f", p)
	}
	if p := h.Quantile(0.99); math.Abs(p-990000)/990000 > 0.04 {
		t.Errorf("p99 %.0f", p)
	}
}
