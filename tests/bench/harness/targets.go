package main

import (
	"fmt"
	"strings"
)

// Target is one of the performance goals (issue 11), evaluated from the
// medians of this run.
type Target struct {
	Goal   string `json:"goal"`
	Figure string `json:"figure"`
	Status string `json:"status"` // met, not met, no data
}

// goal compares gostream's median of one metric with a baseline server's.
type goal struct {
	workload string
	params   []string // rows to evaluate; nil: every row the run has
	base     string   // kPHP or kGo
	cpu      bool     // compare a CPU metric (lower is better) instead of throughput
	user     bool     // with cpu: user CPU only
	limit    float64  // throughput: ratio >= limit; CPU: ratio <= limit
}

var goals = []goal{
	{workload: "echo", params: []string{"10", "100", "1000"}, base: kPHP, limit: 1},
	{workload: "echo", params: []string{"10", "100", "1000"}, base: kPHP, cpu: true, user: true, limit: 1},
	{workload: "echo", params: []string{"10000"}, base: kGo, limit: 1},
	{workload: "tls-echo", params: []string{"10", "100"}, base: kPHP, limit: 1},
	{workload: "tls-echo", params: []string{"10", "100"}, base: kPHP, cpu: true, limit: 1},
	{workload: "tls-bulk-up", base: kPHP, limit: 1},
	{workload: "tls-bulk-up", base: kPHP, cpu: true, limit: 1},
	{workload: "tls-bulk-down", base: kPHP, limit: 1},
	{workload: "tls-bulk-down", base: kPHP, cpu: true, limit: 1},
	{workload: "bulk-down", base: kPHP, limit: 1},
	{workload: "tls-handshake-rsa", base: kPHP, limit: 2},
	{workload: "tls-handshake-rsa", base: kGo, limit: 0.9},
	{workload: "tls-handshake-ec", base: kGo, limit: 0.9},
	{workload: "prefork-echo", params: []string{"1", "2"}, base: kPHP, limit: 1},
	{workload: "prefork-echo", params: []string{"1", "2"}, base: kPHP, cpu: true, user: true, limit: 1},
}

// FFI goals: the cost of a call through gostream, in ns.
var ffiGoals = []struct {
	function string
	delta    bool // compare gostream - native instead of gostream's own time
	limit    float64
}{
	{"fwrite_64", true, 700},
	{"select_1", false, 2500},
}

// evalTargets evaluates every goal against the summaries.
func evalTargets(sums []*Summary, ffi []*FFISummary) []Target {
	var out []Target
	for _, g := range goals {
		params := g.params
		if params == nil {
			for _, s := range sums {
				if s.Workload == g.workload && s.Server == kGostream {
					params = append(params, s.Param)
				}
			}
		}
		for _, p := range params {
			out = append(out, g.eval(p, sums))
		}
	}
	for _, f := range ffiGoals {
		t := Target{Goal: fmt.Sprintf("FFI %s: gostream's time per call ≤ %s ns", f.function, num(f.limit)), Status: "no data", Figure: "not run"}
		if f.delta {
			t.Goal = fmt.Sprintf("FFI %s: gostream − native per call ≤ %s ns", f.function, num(f.limit))
		}
		for _, s := range ffi {
			if s.Function != f.function || s.GostreamNs == 0 || s.PHPNs == 0 {
				continue
			}
			v := s.GostreamNs
			if f.delta {
				v = s.DeltaNs
			}
			t.Figure = fmt.Sprintf("%s ns (gostream %s, native %s)", num(v), num(s.GostreamNs), num(s.PHPNs))
			t.Status = metOrNot(v <= f.limit)
		}
		out = append(out, t)
	}
	return append(out, wholeRows(sums))
}

// wholeRows checks that whole-process mode has its echo rows.
func wholeRows(sums []*Summary) Target {
	t := Target{Goal: "whole-process mode: own echo rows with the same columns", Status: "no data", Figure: "not run"}
	rows, measured := 0, 0
	for _, s := range sums {
		if s.Workload == "echo" && s.Server == kWhole && s.Reps > 0 {
			rows++
			if s.RepsOK > 0 {
				measured++
			}
		}
	}
	if rows > 0 {
		t.Figure = fmt.Sprintf("%d of %d echo rows measured", measured, rows)
		t.Status = metOrNot(measured == rows)
	}
	return t
}

func (g goal) eval(param string, sums []*Summary) Target {
	var gs, bs *Summary
	for _, s := range sums {
		if s.Workload == g.workload && s.Param == param {
			switch s.Server {
			case kGostream:
				gs = s
			case g.base:
				bs = s
			}
		}
	}
	metric, rel, val := "throughput", "≥", func(s *Summary) float64 { return s.Throughput }
	switch {
	case g.user:
		metric, rel, val = "user CPU per op", "≤", func(s *Summary) float64 { return s.UserPerOp }
	case g.cpu:
		metric, rel, val = "CPU per op", "≤", func(s *Summary) float64 { return s.CPUPerOp }
	}
	base := map[string]string{kPHP: "native PHP", kGo: "pure Go"}[g.base]
	t := Target{Goal: fmt.Sprintf("%s %s: gostream %s %s %.1f× %s", g.workload, param, metric, rel, g.limit, base), Status: "no data"}
	switch {
	case gs == nil || bs == nil:
		t.Figure = "not run"
		return t
	case gs.RepsOK == 0:
		t.Figure = "gostream " + gs.Status
		return t
	case bs.RepsOK == 0 || val(bs) == 0:
		t.Figure = base + " " + bs.Status
		return t
	}
	unit := gs.Unit
	if g.cpu {
		unit = gs.CPUUnit
	}
	r := val(gs) / val(bs)
	t.Figure = fmt.Sprintf("%.2f× (%s vs %s %s)", r, num(val(gs)), num(val(bs)), unit)
	if !g.cpu && (gs.clientBound() || bs.clientBound()) {
		t.Figure += "; client-bound"
	}
	t.Status = metOrNot((!g.cpu && r >= g.limit) || (g.cpu && r <= g.limit))
	return t
}

func metOrNot(ok bool) string {
	if ok {
		return "met"
	}
	return "not met"
}

func writeTargets(b *strings.Builder, ts []Target) {
	n := map[string]int{}
	for _, t := range ts {
		n[t.Status]++
	}
	fmt.Fprintf(b, "\n## Targets (issue 11): %d met, %d not met, %d without data\n\n", n["met"], n["not met"], n["no data"])
	b.WriteString("Computed from the medians below; a throughput figure marked client-bound is capped by the load generator's core.\n\n")
	b.WriteString("| target | figure | status |\n| --- | --- | --- |\n")
	for _, t := range ts {
		fmt.Fprintf(b, "| %s | %s | %s |\n", t.Goal, t.Figure, t.Status)
	}
}
