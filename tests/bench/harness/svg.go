package main

import (
	"fmt"
	"math"
	"strings"
)

var seriesColor = map[string]string{kPHP: "#777BB3", kGostream: "#E8710A", kWhole: "#B8860B", kGo: "#00ADD8"}

// echoSVG plots median echo round trips/s against connection count (log x).
func echoSVG(sums []*Summary, built map[string]bool) string {
	const W, H, L, R, T, B = 760.0, 440.0, 90.0, 170.0, 50.0, 60.0
	var pts []*Summary
	var xs []int64
	maxY := 1.0
	for _, s := range sums {
		if s.Workload != "echo" {
			continue
		}
		pts = append(pts, s)
		if len(xs) == 0 || xs[len(xs)-1] != s.X {
			xs = append(xs, s.X)
		}
		maxY = math.Max(maxY, s.Throughput)
	}
	if len(xs) == 0 {
		return ""
	}
	step := niceStep(maxY / 5)
	top := math.Ceil(maxY/step) * step
	lo, hi := math.Log10(float64(xs[0])), math.Log10(float64(xs[len(xs)-1]))
	if hi == lo {
		hi = lo + 1
	}
	px := func(x int64) float64 { return L + (math.Log10(float64(x))-lo)/(hi-lo)*(W-L-R) }
	py := func(y float64) float64 { return H - B - y/top*(H-T-B) }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="12">`+"\n", W, H, W, H)
	b.WriteString(`<title>Echo round trips per second against concurrent connections</title>` + "\n")
	fmt.Fprintf(&b, `<rect width="%.0f" height="%.0f" fill="white"/>`+"\n", W, H)
	fmt.Fprintf(&b, `<text x="%.0f" y="28" font-size="16" text-anchor="middle">Echo (64 B) round trips/s vs connections — median, server pinned to CPU 0</text>`+"\n", (W-R+L)/2)
	for y := 0.0; y <= top+step/2; y += step {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>`, L, py(y), W-R, py(y))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end">%s</text>`+"\n", L-6, py(y)+4, commas(fmt.Sprintf("%.0f", y)))
	}
	for _, x := range xs {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>`, px(x), T, px(x), H-B)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", px(x), H-B+18, commas(fmt.Sprint(x)))
	}
	fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="%.0f" height="%.0f" fill="none" stroke="#333"/>`+"\n", L, T, W-L-R, H-T-B)
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">concurrent connections (log scale)</text>`+"\n", (W-R+L)/2, H-15)
	fmt.Fprintf(&b, `<text transform="translate(20 %.1f) rotate(-90)" text-anchor="middle">round trips per second</text>`+"\n", (H-B+T)/2)

	for i, k := range []string{kPHP, kGostream, kWhole, kGo} {
		color := seriesColor[k]
		var path []string
		for _, s := range pts {
			if s.Server != k || s.RepsOK == 0 {
				continue
			}
			path = append(path, fmt.Sprintf("%.1f,%.1f", px(s.X), py(s.Throughput)))
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"><title>%s %d conns: %.0f/s</title></circle>`+"\n", px(s.X), py(s.Throughput), color, k, s.X, s.Throughput)
		}
		if len(path) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"/>`+"\n", strings.Join(path, " "), color)
		}
		for _, s := range pts {
			if s.Server == k && s.Reps > 0 && s.RepsOK == 0 {
				x, y, anchor := px(s.X), py(0)-8-float64(i)*14, "middle"
				if x > W-R-60 {
					anchor = "end"
				}
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="%s" text-anchor="%s" font-weight="bold">%s failed ✕</text>`+"\n", x+4, y, color, anchor, k)
			}
		}
		label := kindLabel[k]
		if !built[k] {
			label += " (not built)"
		}
		ly := T + 20 + float64(i)*22
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="%s" stroke-width="3"/>`, W-R+15, ly, W-R+40, ly, color)
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f">%s</text>`+"\n", W-R+46, ly+4, label)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// niceStep rounds a raw tick step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}
