package main

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// markdown renders results.md.
func markdown(doc *Doc, ws []*workload) string {
	var b strings.Builder
	m := doc.Machine
	fmt.Fprintf(&b, "# gostream benchmark results\n\n")
	fmt.Fprintf(&b, "- **Date**: %s — **mode**: %s, %d repetition(s) per point (%d for echo and the FFI micro-benchmark), medians shown\n",
		m.Date, doc.Config.Mode, doc.Config.Reps, doc.Config.HeadlineReps)
	fmt.Fprintf(&b, "- **Machine**: %d CPUs, %s, Linux %s, RLIMIT_NOFILE %d/%d\n", m.Nproc, m.CPUModel, m.Kernel, m.FDSoft, m.FDHard)
	fmt.Fprintf(&b, "- **Versions**: git %s, PHP %s (%s), %s\n", m.GitCommit, m.PHPVersion, m.OpenSSL, m.GoVersion)
	fmt.Fprintf(&b, "- **Pinning**: %s\n", m.Pinning)
	fmt.Fprintf(&b, "- **gostream**: %s\n", m.Gostream)
	fmt.Fprintf(&b, "- **whole-process mode**: %s\n", m.Whole)
	fmt.Fprintf(&b, "- **Columns**: throughput and latency from the load generator; server user and sys CPU = utime and stime of the server process (/proc/PID/stat) over the measurement window divided by operations, CPU = their sum; ±x%% = half the range of the repetitions relative to their median; ×PHP / ×Go = ratio to native PHP / pure Go (throughput: higher is better; CPU: lower is better).\n")
	b.WriteString("- **Reading CPU**: **user CPU per operation is where PHP + FFI + Go overhead shows** (the PHP script, the FFI crossings, gostream's Go code, the Go runtime); system CPU is mostly loopback TCP in the kernel, which every server pays alike.\n")
	b.WriteString("- **Client-bound**: rows marked so had the load generator's core at least 90% busy: their throughput is the client's limit as much as the server's; compare CPU per operation there. The pipelined echo table makes the server the limit.\n")
	fmt.Fprintf(&b, "- **Counts**: %s\n", countMethod(doc))
	var other []float64
	for _, r := range doc.Runs {
		if r.Status == "ok" && r.Rep > 0 {
			other = append(other, r.OtherCPU)
		}
	}
	if len(other) > 0 {
		sort.Float64s(other)
		fmt.Fprintf(&b, "- **Machine noise**: CPU used by other processes during measurement windows: median %.0f%%, max %.0f%% of one CPU (near 0 on an idle machine; rows above 10%% are flagged)\n",
			median(other)*100, other[len(other)-1]*100)
	}
	fmt.Fprintf(&b, "- Plot of echo round trips/s against connections: [echo.svg](echo.svg)\n")

	byKey := map[string]*Summary{}
	for _, s := range doc.Summary {
		byKey[s.Workload+"|"+s.Param+"|"+s.Server] = s
	}
	writeTargets(&b, doc.Targets)
	for _, w := range ws {
		writeWorkload(&b, w, byKey)
	}
	writeFFI(&b, doc)
	return b.String()
}

// countMethod describes how the event-count columns were obtained, or why
// they are missing.
func countMethod(doc *Doc) string {
	var counted, missing []string
	for _, s := range doc.Summary {
		if s.SyscallsPerOp != nil {
			counted = append(counted, s.Workload)
		}
		if s.CountNote != "" && len(missing) < 3 {
			missing = append(missing, fmt.Sprintf("%s %s %s: %s", s.Workload, s.Param, s.Server, s.CountNote))
		}
	}
	method := fmt.Sprintf("syscalls/op, FFI calls/op and client syscalls/op (per MiB for bulk) come from separate counting runs per row "+
		"(a fresh server, a %gs window or the same transfer for bulk), not from the measured repetitions: kernel counters "+
		"(perf_event_open) on the raw_syscalls:sys_enter tracepoint on every thread of the server and of the load generator, "+
		"and, on a second counting run of gostream's own, one uprobe for each gs_* function libgostream.so exports (at its Go entry, gsgo_*), on PHP's thread: "+
		"FFI calls/op is the number of PHP → Go crossings per operation (— for native PHP and Go, which make none). A uprobe hit is a "+
		"trap that slows the server, and a slower server finds more ready streams per stream_select, so FFI calls/op reads a little low; "+
		"the system call counts come from the run without uprobes.", doc.Config.CountS)
	if doc.Config.Mode == "quick" {
		method = "--quick counts during its one measured repetition (system calls of server and load generator via perf_event_open " +
			"on the raw_syscalls:sys_enter tracepoint, and for echo gostream's calls into libgostream via uprobes), so its figures carry the counting cost; " +
			"a full run counts on separate runs."
	}
	if len(counted) == 0 {
		method = "not available on this machine, so those columns are left out"
	}
	if len(missing) > 0 {
		method += " Missing counts: " + strings.Join(missing, "; ")
	}
	return method
}

// writeWorkload renders one workload's table and its notes.
func writeWorkload(b *strings.Builder, w *workload, byKey map[string]*Summary) {
	fmt.Fprintf(b, "\n## %s\n\n", w.title)
	lat := w.timed()
	cpu := w.cpuUnit != ""
	counts := false
	for _, p := range w.params {
		for _, k := range w.kinds() {
			counts = counts || byKey[w.name+"|"+p.label+"|"+k].SyscallsPerOp != nil
		}
	}
	hdr := []string{w.pLabel, "server", w.unit}
	if lat {
		hdr = append(hdr, "p50 µs", "p99 µs")
	}
	if cpu {
		hdr = append(hdr, "user "+w.cpuUnit, "sys "+w.cpuUnit, "CPU "+w.cpuUnit)
	}
	if counts {
		u := w.countUnit()
		hdr = append(hdr, "syscalls/"+u, "FFI calls/"+u, "client syscalls/"+u)
	}
	hdr = append(hdr, "×PHP", "×Go")
	if cpu {
		hdr = append(hdr, "user ×PHP", "CPU ×PHP", "CPU ×Go")
	}
	hdr = append(hdr, "status")
	b.WriteString("| " + strings.Join(hdr, " | ") + " |\n|")
	b.WriteString(strings.Repeat(" --- |", len(hdr)) + "\n")
	var notes []string
	for _, p := range w.params {
		for _, k := range w.kinds() {
			s := byKey[w.name+"|"+p.label+"|"+k]
			ok := s.RepsOK > 0
			row := []string{p.label, k, withSpread(cell(ok, s.Throughput), s.ThroughputSpread)}
			if lat {
				row = append(row, cell(ok, s.P50Us), cell(ok, s.P99Us))
			}
			if cpu {
				row = append(row, withSpread(cell(ok, s.UserPerOp), s.UserSpread), cell(ok, s.SysPerOp), cell(ok, s.CPUPerOp))
			}
			if counts {
				row = append(row, optNum(s.SyscallsPerOp), optNum(s.FFIPerOp), optNum(s.ClientSyscallsPerOp))
			}
			row = append(row, ratio(s.VsPHP), ratio(s.VsGo))
			if cpu {
				row = append(row, ratio(s.UserVsPHP), ratio(s.CPUVsPHP), ratio(s.CPUVsGo))
			}
			st := s.Status
			if s.Failure != "" {
				notes = append(notes, fmt.Sprintf("%s, %s %s (%d of %d repetitions failed; first failure): %s",
					k, p.label, w.pLabel, s.Reps-s.RepsOK, s.Reps, s.Failure))
				st = fmt.Sprintf("%s [%d]", strings.ToUpper(st), len(notes))
			}
			if lat && s.clientBound() {
				st += fmt.Sprintf(", client-bound (loadgen %.0f%% busy)", s.LoadgenCPU*100)
			}
			if ok && s.OtherCPU > 0.1 {
				st += fmt.Sprintf(", other processes %.0f%% CPU", s.OtherCPU*100)
			}
			if counts && s.CountNote != "" && s.Failure == "" {
				notes = append(notes, fmt.Sprintf("%s, %s %s: counts missing: %s", k, p.label, w.pLabel, s.CountNote))
				st += fmt.Sprintf(" [%d]", len(notes))
			}
			row = append(row, st)
			b.WriteString("| " + strings.Join(row, " | ") + " |\n")
		}
	}
	for i, n := range notes {
		fmt.Fprintf(b, "\n[%d] %s\n", i+1, strings.ReplaceAll(n, "|", "\\|"))
	}
	if w.whole {
		writeWholeRatios(b, w, byKey)
	}
}

// writeWholeRatios compares the whole-process rows with native PHP and with
// per-file gostream: the same native script, PHP's own names pointed at
// gostream's functions, against the script importing them itself.
func writeWholeRatios(b *strings.Builder, w *workload, byKey map[string]*Summary) {
	fmt.Fprintf(b, "\nWhole-process mode (the native script under `php-ext/bin/gostream-php`) against native PHP and per-file gostream "+
		"(÷ = whole-process figure divided by the other; throughput: higher is better, CPU: lower is better):\n\n")
	b.WriteString("| " + w.pLabel + " | whole " + w.unit + " | ÷ native | ÷ per-file | user " + w.cpuUnit + " | sys " + w.cpuUnit +
		" | user ÷ native | user ÷ per-file | CPU ÷ native | CPU ÷ per-file |\n|" + strings.Repeat(" --- |", 10) + "\n")
	for _, p := range w.params {
		s := byKey[w.name+"|"+p.label+"|"+kWhole]
		ok := s.RepsOK > 0
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", p.label, cell(ok, s.Throughput), ratio(s.VsPHP), ratio(s.VsPerFile),
			cell(ok, s.UserPerOp), cell(ok, s.SysPerOp), ratio(s.UserVsPHP), ratio(s.UserVsPerFile), ratio(s.CPUVsPHP), ratio(s.CPUVsPerFile))
	}
}

func writeFFI(b *strings.Builder, doc *Doc) {
	b.WriteString("\n## FFI cost per call (PHP micro-benchmark, hrtime)\n\n")
	b.WriteString("| function | native PHP ns/call | gostream ns/call | Δ ns (FFI cost) | ratio |\n| --- | --- | --- | --- | --- |\n")
	for _, f := range doc.FFI {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", f.Function, withSpread(cell(f.PHPNs > 0, f.PHPNs), f.PHPSpread),
			withSpread(cell(f.GostreamNs > 0, f.GostreamNs), f.GostreamSpread), cell(f.GostreamNs > 0, f.DeltaNs), ratio(f.Ratio))
	}
	for _, r := range doc.FFIRuns {
		if r.Status != "ok" {
			fmt.Fprintf(b, "\n%s run %d failed: %s\n", r.Variant, r.Rep, r.Failure)
		}
	}
	if len(doc.FFIRuns) == 0 {
		b.WriteString("\n(not run)\n")
	}
}

// withSpread appends a spread (a fraction) to a figure when there is one.
func withSpread(fig string, spread float64) string {
	if spread == 0 || fig == "—" {
		return fig
	}
	return fmt.Sprintf("%s ±%.1f%%", fig, spread*100)
}

// optNum formats a counted figure, "—" when not counted.
func optNum(v *float64) string {
	if v == nil {
		return "—"
	}
	return num(*v)
}

// cell formats a figure, or "—" when there is none.
func cell(ok bool, v float64) string {
	if !ok {
		return "—"
	}
	return num(v)
}

func ratio(v float64) string {
	if v == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", v)
}

// num prints three significant digits, with thousands separators.
func num(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1000:
		return commas(fmt.Sprintf("%.0f", v))
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

func commas(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
