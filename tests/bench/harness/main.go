// Command harness runs the gostream benchmark suite: every workload on
// native PHP, on gostream (the same scripts with the GOSTREAM lines active)
// and on the pure-Go server, interleaved, repeated, and summarised into
// results.md, results.json and echo.svg. run.sh builds and invokes it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// env is the shared state of one suite run.
type env struct {
	repo, work, bin, logDir string
	certs                   map[string]certPair
	serverCPU, loadCPU      int
	lifetime, loadTimeout   time.Duration
	countDur                time.Duration // window of a counting run
	seq                     int
}

// Config records how the suite was run.
type Config struct {
	Mode         string   `json:"mode"`
	Reps         int      `json:"reps"`
	HeadlineReps int      `json:"headline_reps"` // echo and the FFI micro-benchmark
	CountS       float64  `json:"count_run_s"`   // window of the counting runs (0: counted inline)
	DurationS    float64  `json:"duration_s"`
	Workloads    []string `json:"workloads"`
	ServerCPU    int      `json:"server_cpu"`
	LoadCPU      int      `json:"loadgen_cpu"`
}

// Doc is results.json.
type Doc struct {
	Machine Machine       `json:"machine"`
	Config  Config        `json:"config"`
	Summary []*Summary    `json:"summary"`
	FFI     []*FFISummary `json:"ffi"`
	Targets []Target      `json:"targets"`
	Runs    []*Run        `json:"runs"`
	FFIRuns []*FFIRun     `json:"ffi_runs"`
}

func main() {
	quick := flag.Bool("quick", false, "smoke test: short runs, reduced sizes")
	reps := flag.Int("reps", 0, "repetitions per point (default 3, 5 for echo and ffi; quick 1)")
	repo := flag.String("repo", ".", "repository root")
	bin := flag.String("bin", "", "directory holding the loadgen and goserver binaries")
	work := flag.String("work", "", "scratch directory (native scripts, certificates, logs)")
	out := flag.String("out", "", "results directory (default REPO/tests/bench/results)")
	only := flag.String("only", "", "comma-separated workload names to run (default all, plus ffi)")
	serverCPU := flag.Int("server-cpu", 0, "CPU for servers")
	loadCPU := flag.Int("loadgen-cpu", 1, "CPU for the load generator")
	pidFile := flag.String("pidfile", "", "file listing live child PIDs (for run.sh's trap)")
	flag.Parse()
	if *bin == "" || *work == "" {
		fatal("-bin and -work are required")
	}
	headlineReps := *reps
	switch {
	case *reps > 0:
	case *quick:
		*reps, headlineReps = 1, 1
	default:
		*reps, headlineReps = 3, 5
	}
	if *out == "" {
		*out = *repo + "/tests/bench/results"
	}
	registry.pidFile = *pidFile

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		s := <-sig
		fmt.Fprintf(os.Stderr, "\nharness: %v, stopping children\n", s)
		killAll()
		os.Exit(130)
	}()

	e := &env{repo: *repo, work: *work, bin: *bin, logDir: *work + "/logs", serverCPU: *serverCPU, loadCPU: *loadCPU}
	must(os.MkdirAll(e.logDir, 0o755))
	must(os.MkdirAll(*out, 0o755))
	must(makeNativeScripts(*repo+"/tests/bench/php", *work+"/php-native"))
	certs, err := makeCerts(*work)
	must(err)
	e.certs = certs

	m := machineInfo(*repo)
	built := map[string]bool{kPHP: true, kGo: true}
	if ok, why := probeGostream(*repo); ok {
		built[kGostream] = true
		m.Gostream = "built (php-ext/gostream.php loads and listens)"
	} else {
		m.Gostream = "not built (" + why + "): gostream column skipped"
	}
	if ok, why := probeWhole(*repo, *work); ok {
		built[kWhole] = true
		m.Whole = "runs (php-ext/bin/gostream-php replaces PHP's functions; a native listener is gostream's)"
	} else {
		m.Whole = "not built (" + why + "): whole-process rows skipped"
	}
	m.Pinning = fmt.Sprintf("servers (and the FFI micro-benchmark) on CPU %d, load generator on CPU %d, via taskset -c; pre-fork servers (master and workers) on CPUs %s, sharing the load generator's; harness unpinned and idle while measuring",
		e.serverCPU, e.loadCPU, e.serverCPUs(serverSpec{workers: 1}))

	// Each side needs conns + ~50 descriptors.
	maxConns := int64(m.FDSoft) - 100
	sz := sizesFor(*quick, maxConns)
	e.lifetime = 600 * time.Second
	e.loadTimeout = sz.dur + 180*time.Second
	e.countDur = min(sz.dur, time.Second) // --quick has no separate counting runs
	ws := selectWorkloads(workloads(sz, func(c string) string { return certs[c].cert }), *only)
	runFFIBench := *only == "" || strings.Contains(","+*only+",", ",ffi,")

	cfg := Config{Mode: "full", Reps: *reps, HeadlineReps: headlineReps, CountS: e.countDur.Seconds(),
		DurationS: sz.dur.Seconds(), ServerCPU: e.serverCPU, LoadCPU: e.loadCPU}
	if *quick {
		cfg.Mode, cfg.CountS = "quick", 0
	}
	for _, w := range ws {
		cfg.Workloads = append(cfg.Workloads, w.name)
	}
	fmt.Fprintf(os.Stderr, "harness: %s mode, %d rep(s) (%d for echo and ffi), %s; %s\n", cfg.Mode, *reps, headlineReps, m.Pinning, m.Gostream)
	if maxConns < 10000 {
		fmt.Fprintf(os.Stderr, "harness: RLIMIT_NOFILE %d: connection counts capped at %d\n", m.FDSoft, maxConns)
	}

	start := time.Now()
	doc := &Doc{Machine: m, Config: cfg}
	total := 0
	repsOf := func(w *workload) int {
		if w.headline {
			return headlineReps
		}
		return *reps
	}
	// countRuns lists the counting runs after a point's repetitions: system
	// calls for every server, and for gostream the library calls on a run of
	// their own, since uprobes slow the server and so change its batching.
	// A smoke run (--quick) counts during its one repetition instead, and
	// library calls only for echo: removing the uprobes takes about 2 s.
	countRuns := func(w *workload, k string) []string {
		switch {
		case *quick || !w.countable():
			return nil
		case k == kGostream || k == kWhole:
			return []string{countSyscalls, countAll}
		}
		return []string{countSyscalls}
	}
	inline := func(w *workload) string {
		switch {
		case !*quick || !w.countable():
			return countNone
		case w.headline:
			return countAll
		}
		return countSyscalls
	}
	for _, w := range ws {
		for _, k := range w.kinds() {
			if built[k] {
				total += len(w.params) * (repsOf(w) + len(countRuns(w, k)))
			}
		}
	}
	for _, w := range ws {
		for _, p := range w.params {
			for rep := 1; rep <= repsOf(w); rep++ {
				for _, k := range rotate(w.kinds(), rep-1) {
					if built[k] {
						doc.Runs = append(doc.Runs, e.runOne(w, p, k, rep, inline(w)))
						progress(len(doc.Runs), total, w, doc.Runs[len(doc.Runs)-1])
					}
				}
			}
			for _, k := range w.kinds() {
				for _, c := range countRuns(w, k) {
					if built[k] {
						doc.Runs = append(doc.Runs, e.runOne(w, p, k, 0, c))
						progress(len(doc.Runs), total, w, doc.Runs[len(doc.Runs)-1])
					}
				}
			}
		}
	}
	if runFFIBench {
		per := time.Second
		if *quick {
			per = 250 * time.Millisecond
		}
		for rep := 1; rep <= headlineReps; rep++ {
			for _, k := range rotate([]string{kPHP, kGostream}, rep-1) {
				if !built[k] {
					continue
				}
				r := e.runFFI(k, rep, 1000, per)
				doc.FFIRuns = append(doc.FFIRuns, r)
				fmt.Fprintf(os.Stderr, "[ffi] %s r%d: %s %s\n", k, rep, r.Status, r.Failure)
			}
		}
		doc.FFI = summarizeFFI(doc.FFIRuns)
	}
	doc.Summary = summarize(ws, doc.Runs, built)
	doc.Targets = evalTargets(doc.Summary, doc.FFI)

	js, err := json.MarshalIndent(doc, "", "  ")
	must(err)
	md := markdown(doc, ws)
	must(os.WriteFile(filepath.Join(*out, "results.json"), append(js, '\n'), 0o644))
	must(os.WriteFile(filepath.Join(*out, "results.md"), []byte(md), 0o644))
	if svg := echoSVG(doc.Summary, built); svg != "" {
		must(os.WriteFile(filepath.Join(*out, "echo.svg"), []byte(svg), 0o644))
	}
	fmt.Print(md)
	fmt.Fprintf(os.Stderr, "harness: done in %s; results in %s\n", time.Since(start).Round(time.Second), *out)
	n := unexpectedFailures(doc)
	// A smoke run's count: runs that produced figures (or failed as
	// documented) against runs that failed unexpectedly. No speed is asserted.
	fmt.Printf("bench: %d passed, %d failed\n", len(doc.Runs)+len(doc.FFIRuns)-n, n)
	if n > 0 {
		fmt.Fprintf(os.Stderr, "harness: %d run(s) failed unexpectedly (see the notes in results.md)\n", n)
		os.Exit(3)
	}
}

// unexpectedFailures counts failed runs other than native PHP hitting
// select(2)'s FD_SETSIZE, which is a documented result, not a defect.
func unexpectedFailures(doc *Doc) int {
	n := 0
	for _, r := range doc.Runs {
		if r.Status != "ok" && !r.Expected {
			n++
		}
	}
	for _, r := range doc.FFIRuns {
		if r.Status != "ok" {
			n++
		}
	}
	return n
}

func selectWorkloads(ws []*workload, only string) []*workload {
	if only == "" {
		return ws
	}
	var out []*workload
	for _, w := range ws {
		if strings.Contains(","+only+",", ","+w.name+",") {
			out = append(out, w)
		}
	}
	return out
}

// rotate shifts the server order by n so every server takes every slot.
func rotate(ks []string, n int) []string {
	n %= len(ks)
	return append(append([]string{}, ks[n:]...), ks[:n]...)
}

func countBuilt(built map[string]bool) int {
	n := 0
	for _, k := range kinds {
		if built[k] {
			n++
		}
	}
	return n
}

func progress(i, total int, w *workload, r *Run) {
	msg := fmt.Sprintf("%s %s", num(r.Throughput), w.unit)
	if r.P50Us > 0 {
		msg += fmt.Sprintf(", p50 %sµs p99 %sµs", num(r.P50Us), num(r.P99Us))
	}
	if r.CPUPerOp > 0 {
		msg += fmt.Sprintf(", server CPU %s %s (user %s, sys %s)", num(r.CPUPerOp), w.cpuUnit, num(r.UserPerOp), num(r.SysPerOp))
	}
	if r.Counted != countNone {
		msg += fmt.Sprintf("; per %s: server syscalls %s, FFI calls %s, client syscalls %s",
			w.countUnit(), optNum(r.SyscallsPerOp), optNum(r.FFIPerOp), optNum(r.ClientSyscallsPerOp))
		if r.CountError != "" {
			msg += " (" + r.CountError + ")"
		}
	}
	if r.OtherCPU > 0.1 {
		msg += fmt.Sprintf(" [other processes %.0f%% CPU]", r.OtherCPU*100)
	}
	if r.Status != "ok" {
		msg = "FAILED: " + clip(r.Failure, 240)
	}
	rep := fmt.Sprintf("r%d", r.Rep)
	if r.Rep == 0 {
		rep = map[string]string{countSyscalls: "count", countAll: "c+ffi"}[r.Counted]
	}
	fmt.Fprintf(os.Stderr, "[%d/%d] %-17s %-6s %-8s %-5s %5.1fs  %s\n", i, total, w.name, r.Param, r.Server, rep, r.WallS, msg)
}

func must(err error) {
	if err != nil {
		fatal(err.Error())
	}
}

func fatal(msg string) {
	fmt.Fprintln(os.Stderr, "harness: "+msg)
	killAll()
	os.Exit(1)
}
