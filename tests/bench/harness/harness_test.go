package main

import (
	"encoding/xml"
	"os"
	"strings"
	"testing"
)

func TestMedianRotate(t *testing.T) {
	if m := median([]float64{3, 1, 2}); m != 2 {
		t.Errorf("median odd = %v", m)
	}
	if m := median([]float64{4, 1, 2, 3}); m != 2.5 {
		t.Errorf("median even = %v", m)
	}
	if got := strings.Join(rotate(kinds, 1), ","); got != "gostream,go,php" {
		t.Errorf("rotate = %s", got)
	}
}

func TestNativeScripts(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	in := "<?php\nrequire 'x.php'; // GOSTREAM\nuse function GoStream\\{fread}; // GOSTREAM\necho 1;\n"
	os.WriteFile(src+"/a.php", []byte(in), 0o644)
	if err := makeNativeScripts(src, dst); err != nil {
		t.Fatal(err)
	}
	out, _ := os.ReadFile(dst + "/a.php")
	want := "<?php\n// require 'x.php'; // GOSTREAM\n// use function GoStream\\{fread}; // GOSTREAM\necho 1;\n"
	if string(out) != want {
		t.Errorf("got %q", out)
	}
	os.WriteFile(src+"/b.php", []byte("<?php\necho 1;\n"), 0o644)
	if err := makeNativeScripts(src, dst); err == nil {
		t.Error("a script without a marker line must be rejected")
	}
}

func TestServerLogWarning(t *testing.T) {
	f := t.TempDir() + "/err"
	os.WriteFile(f, []byte("PHP Warning:  stream_select(): You MUST recompile PHP with a larger value of FD_SETSIZE.\n"+
		"It is set to 1024, but you have descriptors numbered at least as high as 1026.\n in /x/echo_server.php on line 31\n"+
		"stream_select() returned false with 1020 clients open (1020 accepted)\n"), 0o644)
	p := &proc{errPath: f, done: make(chan struct{})}
	l := p.log()
	if l.Warnings != 1 || !strings.HasPrefix(l.FirstWarning, "Warning: stream_select(): You MUST recompile") ||
		!strings.Contains(l.FirstWarning, "at least as high as 1026.") || !strings.HasPrefix(l.LastLine, "stream_select() returned false") {
		t.Errorf("%+v", l)
	}
}

func TestEchoSVG(t *testing.T) {
	var sums []*Summary
	for _, x := range []int64{10, 100, 1000, 10000} {
		for _, k := range kinds {
			s := &Summary{Workload: "echo", X: x, Server: k, Reps: 1, RepsOK: 1, Throughput: float64(x * 10)}
			if k == kPHP && x == 10000 {
				s.RepsOK, s.Throughput = 0, 0
			}
			sums = append(sums, s)
		}
	}
	svg := echoSVG(sums, map[string]bool{kPHP: true, kGo: true})
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	for _, want := range []string{"failed", "(not built)", "<polyline"} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %q", want)
		}
	}
}

func TestSpread(t *testing.T) {
	if s := spread([]float64{90, 100, 110}); s != 0.1 {
		t.Errorf("spread = %v, want 0.1", s)
	}
	if s := spread([]float64{100}); s != 0 {
		t.Errorf("one value has no spread, got %v", s)
	}
}

func TestTargets(t *testing.T) {
	row := func(w, p, k string, thr, user, cpu, lg float64) *Summary {
		return &Summary{Workload: w, Param: p, Server: k, Reps: 1, RepsOK: 1, Unit: "round trips/s", CPUUnit: "µs/op",
			Throughput: thr, UserPerOp: user, CPUPerOp: cpu, LoadgenCPU: lg}
	}
	sums := []*Summary{
		row("echo", "10", kPHP, 100, 2, 10, 0.95),
		row("echo", "10", kGostream, 90, 1.5, 12, 0.5),
		row("echo", "10", kGo, 120, 1, 9, 0.95),
		row("echo", "100", kPHP, 100, 2, 10, 0.5),
		row("echo", "100", kGostream, 101, 2.5, 9, 0.5),
		row("echo", "100", kGo, 120, 1, 9, 0.5),
		{Workload: "echo", Param: "10000", Server: kPHP, Reps: 1, Status: "failed"},
		row("echo", "10000", kGostream, 50, 1, 10, 0.5),
		row("echo", "10000", kGo, 40, 1, 10, 0.5),
	}
	ffi := []*FFISummary{{Function: "fwrite_64", PHPNs: 3000, GostreamNs: 3600, DeltaNs: 600}}
	got := map[string]Target{}
	for _, tg := range evalTargets(sums, ffi) {
		got[tg.Goal] = tg
	}
	want := map[string]string{
		"echo 10: gostream throughput ≥ 1.0× native PHP":       "not met",
		"echo 100: gostream throughput ≥ 1.0× native PHP":      "met",
		"echo 1000: gostream throughput ≥ 1.0× native PHP":     "no data",
		"echo 10: gostream user CPU per op ≤ 1.0× native PHP":  "met",
		"echo 100: gostream user CPU per op ≤ 1.0× native PHP": "not met",
		"echo 10000: gostream throughput ≥ 1.0× pure Go":       "met",
		"FFI fwrite_64: gostream − native per call ≤ 700 ns":   "met",
		"FFI select_1: gostream's time per call ≤ 2,500 ns":    "no data",
	}
	for goal, status := range want {
		if got[goal].Status != status {
			t.Errorf("%s: %q (%s), want %q", goal, got[goal].Status, got[goal].Figure, status)
		}
	}
	if f := got["echo 10: gostream throughput ≥ 1.0× native PHP"].Figure; f != "0.90× (90.0 vs 100 round trips/s); client-bound" {
		t.Errorf("figure %q", f)
	}
}

func TestCountColumns(t *testing.T) {
	w := &workload{name: "echo", title: "Echo", pLabel: "conns", unit: "round trips/s", cpuUnit: "µs/op", params: []param{{label: "10", x: 10}}}
	byKey := map[string]*Summary{}
	for _, k := range kinds {
		byKey["echo|10|"+k] = &Summary{Server: k, Reps: 1, RepsOK: 1, Status: "ok", Throughput: 1}
	}
	var b strings.Builder
	writeWorkload(&b, w, byKey)
	if strings.Contains(b.String(), "syscalls/op") {
		t.Error("count columns without counts")
	}
	two, one := 2.0, 1.0
	byKey["echo|10|gostream"].SyscallsPerOp, byKey["echo|10|gostream"].FFIPerOp = &two, &one
	byKey["echo|10|php"].CountNote = "tracefs not mounted"
	b.Reset()
	writeWorkload(&b, w, byKey)
	out := b.String()
	for _, want := range []string{"| syscalls/op | FFI calls/op | client syscalls/op |", "| 2.00 | 1.00 | — |", "counts missing: tracefs not mounted"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestCountsPreferTheRunWithoutUprobes(t *testing.T) {
	slow, fast, ffi := 1.5, 2.0, 1.1
	w := &workload{name: "echo", unit: "round trips/s", cpuUnit: "µs/op", params: []param{{label: "10", x: 10}}}
	runs := []*Run{
		{Workload: "echo", Param: "10", Server: kGostream, Rep: 1, Status: "ok", Throughput: 100},
		{Workload: "echo", Param: "10", Server: kGostream, Rep: 0, Status: "ok", Counted: countSyscalls, Throughput: 90, Counts: Counts{SyscallsPerOp: &fast}},
		{Workload: "echo", Param: "10", Server: kGostream, Rep: 0, Status: "ok", Counted: countAll, Throughput: 30, Counts: Counts{SyscallsPerOp: &slow, FFIPerOp: &ffi}},
	}
	for _, order := range [][]*Run{runs, {runs[0], runs[2], runs[1]}} {
		var s *Summary
		for _, x := range summarize([]*workload{w}, order, map[string]bool{kGostream: true}) {
			if x.Server == kGostream {
				s = x
			}
		}
		if s.Reps != 1 || s.Throughput != 100 {
			t.Errorf("counting runs must not count as repetitions: %d reps, %v", s.Reps, s.Throughput)
		}
		if s.SyscallsPerOp == nil || *s.SyscallsPerOp != fast || s.FFIPerOp == nil || *s.FFIPerOp != ffi {
			t.Errorf("syscalls %v, ffi %v", optNum(s.SyscallsPerOp), optNum(s.FFIPerOp))
		}
	}
}

func TestWholeProcessRows(t *testing.T) {
	ws := []*workload{{name: "echo", unit: "round trips/s", cpuUnit: "µs/op", whole: true, params: []param{{label: "10", x: 10}}},
		{name: "bulk-up", unit: "MiB/s", cpuUnit: "s/GiB", params: []param{{label: "64 MiB", x: 64 << 20}}}}
	run := func(w, p, k string, thr, user, cpu float64) *Run {
		return &Run{Workload: w, Param: p, Server: k, Rep: 1, Status: "ok", Throughput: thr, UserPerOp: user, CPUPerOp: cpu}
	}
	runs := []*Run{run("echo", "10", kPHP, 100, 4, 10), run("echo", "10", kGostream, 200, 2, 8), run("echo", "10", kWhole, 150, 3, 6),
		run("echo", "10", kGo, 300, 1, 5), run("bulk-up", "64 MiB", kPHP, 10, 1, 1)}
	built := map[string]bool{kPHP: true, kGostream: true, kWhole: true, kGo: true}
	var whole *Summary
	servers := map[string][]string{}
	for _, s := range summarize(ws, runs, built) {
		servers[s.Workload] = append(servers[s.Workload], s.Server)
		if s.Server == kWhole {
			whole = s
		}
	}
	if got := strings.Join(servers["echo"], ","); got != "php,gostream,whole,go" {
		t.Errorf("echo servers %s", got)
	}
	if got := strings.Join(servers["bulk-up"], ","); got != "php,gostream,go" {
		t.Errorf("bulk-up servers %s (whole-process runs echo only)", got)
	}
	if whole.VsPHP != 1.5 || whole.VsPerFile != 0.75 || whole.UserVsPHP != 0.75 || whole.UserVsPerFile != 1.5 ||
		whole.CPUVsPHP != 0.6 || whole.CPUVsPerFile != 0.75 {
		t.Errorf("whole ratios %+v", whole)
	}
	if tg := wholeRows([]*Summary{whole}); tg.Status != "met" || tg.Figure != "1 of 1 echo rows measured" {
		t.Errorf("target %+v", tg)
	}
	b := &strings.Builder{}
	byKey := map[string]*Summary{}
	for _, s := range summarize(ws, runs, built) {
		byKey[s.Workload+"|"+s.Param+"|"+s.Server] = s
	}
	writeWorkload(b, ws[0], byKey)
	if !strings.Contains(b.String(), "| 10 | 150 | 1.50 | 0.75 | 3.00 | 0.00 | 0.75 | 1.50 | 0.60 | 0.75 |") {
		t.Errorf("whole-process table missing:\n%s", b.String())
	}
}
