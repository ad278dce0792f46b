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
	fmt.Fprintf(&b, "- **Date**: %s — **mode**: %s, %d repetition(s) per point, medians shown\n", m.Date, doc.Config.Mode, doc.Config.Reps)
	fmt.Fprintf(&b, "- **Machine**: %d CPUs, %s, Linux %s, RLIMIT_NOFILE %d/%d\n", m.Nproc, m.CPUModel, m.Kernel, m.FDSoft, m.FDHard)
	fmt.Fprintf(&b, "- **Versions**: git %s, PHP %s (%s), %s\n", m.GitCommit, m.PHPVersion, m.OpenSSL, m.GoVersion)
	fmt.Fprintf(&b, "- **Pinning**: %s\n", m.Pinning)
	fmt.Fprintf(&b, "- **gostream**: %s\n", m.Gostream)
	fmt.Fprintf(&b, "- **Columns**: throughput and latency from the load generator; server CPU = utime+stime of the server process (/proc/PID/stat) over the measurement window divided by operations; ×PHP / ×Go = ratio to native PHP / pure Go (throughput: higher is better; CPU: lower is better).\n")
	var other []float64
	for _, r := range doc.Runs {
		if r.Status == "ok" {
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
	for _, w := range ws {
		fmt.Fprintf(&b, "\n## %s\n\n", w.title)
		lat := w.unit != "MiB/s" && w.unit != "bytes/conn"
		hdr := []string{w.pLabel, "server", w.unit}
		if lat {
			hdr = append(hdr, "p50 µs", "p99 µs")
		}
		if w.cpuUnit != "" {
			hdr = append(hdr, "server CPU "+w.cpuUnit)
		}
		hdr = append(hdr, "×PHP", "×Go")
		if w.cpuUnit != "" {
			hdr = append(hdr, "CPU ×PHP", "CPU ×Go")
		}
		hdr = append(hdr, "status")
		b.WriteString("| " + strings.Join(hdr, " | ") + " |\n|")
		b.WriteString(strings.Repeat(" --- |", len(hdr)) + "\n")
		var notes []string
		for _, p := range w.params {
			for _, k := range kinds {
				s := byKey[w.name+"|"+p.label+"|"+k]
				row := []string{p.label, k}
				ok := s.RepsOK > 0
				row = append(row, cell(ok, s.Throughput))
				if lat {
					row = append(row, cell(ok, s.P50Us), cell(ok, s.P99Us))
				}
				if w.cpuUnit != "" {
					row = append(row, cell(ok, s.CPUPerOp))
				}
				row = append(row, ratio(s.VsPHP), ratio(s.VsGo))
				if w.cpuUnit != "" {
					row = append(row, ratio(s.CPUVsPHP), ratio(s.CPUVsGo))
				}
				st := s.Status
				if s.Failure != "" {
					notes = append(notes, fmt.Sprintf("%s, %s %s (%d of %d repetitions failed; first failure): %s",
						k, p.label, w.pLabel, s.Reps-s.RepsOK, s.Reps, s.Failure))
					st = fmt.Sprintf("%s [%d]", strings.ToUpper(st), len(notes))
				}
				if ok && s.LoadgenCPU > 0.9 && lat {
					st += fmt.Sprintf(", loadgen %.0f%% busy", s.LoadgenCPU*100)
				}
				if ok && s.OtherCPU > 0.1 {
					st += fmt.Sprintf(", other processes %.0f%% CPU", s.OtherCPU*100)
				}
				row = append(row, st)
				b.WriteString("| " + strings.Join(row, " | ") + " |\n")
			}
		}
		for i, n := range notes {
			fmt.Fprintf(&b, "\n[%d] %s\n", i+1, strings.ReplaceAll(n, "|", "\\|"))
		}
	}

	b.WriteString("\n## FFI cost per call (PHP micro-benchmark, hrtime)\n\n")
	b.WriteString("| function | native PHP ns/call | gostream ns/call | Δ ns (FFI cost) | ratio |\n| --- | --- | --- | --- | --- |\n")
	for _, f := range doc.FFI {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", f.Function, cell(f.PHPNs > 0, f.PHPNs),
			cell(f.GostreamNs > 0, f.GostreamNs), cell(f.GostreamNs > 0, f.DeltaNs), ratio(f.Ratio))
	}
	for _, r := range doc.FFIRuns {
		if r.Status != "ok" {
			fmt.Fprintf(&b, "\n%s run %d failed: %s\n", r.Variant, r.Rep, r.Failure)
		}
	}
	if len(doc.FFIRuns) == 0 {
		b.WriteString("\n(not run)\n")
	}
	return b.String()
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
