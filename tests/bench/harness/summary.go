package main

import (
	"slices"
	"sort"
)

// Summary is the median over repetitions of one workload point on one server.
type Summary struct {
	Workload   string  `json:"workload"`
	Param      string  `json:"param"`
	X          int64   `json:"x"`
	Server     string  `json:"server"`
	Status     string  `json:"status"` // ok, partial, failed, not built
	Reps       int     `json:"reps"`
	RepsOK     int     `json:"reps_ok"`
	Unit       string  `json:"unit"`
	Throughput float64 `json:"throughput"`
	P50Us      float64 `json:"p50_us"`
	P99Us      float64 `json:"p99_us"`
	CPUUnit    string  `json:"cpu_unit,omitempty"`
	CPUPerOp   float64 `json:"server_cpu_per_op"`
	UserPerOp  float64 `json:"server_user_per_op"`
	SysPerOp   float64 `json:"server_sys_per_op"`
	// Spreads: (max - min) / 2 / median over the successful repetitions.
	ThroughputSpread float64 `json:"throughput_spread,omitempty"`
	UserSpread       float64 `json:"server_user_per_op_spread,omitempty"`
	Counts                   // from the counting runs
	CountNote        string  `json:"count_note,omitempty"` // why counts are missing
	LoadgenCPU       float64 `json:"loadgen_cpu_util"`
	OtherCPU         float64 `json:"other_cpu_util"`
	VsPHP            float64 `json:"throughput_vs_php,omitempty"`
	VsGo             float64 `json:"throughput_vs_go,omitempty"`
	CPUVsPHP         float64 `json:"cpu_per_op_vs_php,omitempty"`
	UserVsPHP        float64 `json:"user_per_op_vs_php,omitempty"`
	CPUVsGo          float64 `json:"cpu_per_op_vs_go,omitempty"`
	Failure          string  `json:"failure,omitempty"`
	FailureRefs      []int   `json:"failed_runs,omitempty"` // Run.Order of failed repetitions

	// Whole-process rows only: ratios to per-file gostream (the same
	// library under the same script, reached through PHP's own names).
	VsPerFile     float64 `json:"throughput_vs_per_file,omitempty"`
	UserVsPerFile float64 `json:"user_per_op_vs_per_file,omitempty"`
	CPUVsPerFile  float64 `json:"cpu_per_op_vs_per_file,omitempty"`
}

// spread is half the range of xs relative to their median (0 for fewer
// than two values).
func spread(xs []float64) float64 {
	m := median(xs)
	if len(xs) < 2 || m == 0 {
		return 0
	}
	return (slices.Max(xs) - slices.Min(xs)) / 2 / m
}

// clientBound reports whether the load generator's core was nearly
// saturated: throughput may then be the client's limit, not the server's.
func (s *Summary) clientBound() bool { return s.RepsOK > 0 && s.LoadgenCPU >= 0.9 }

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// summarize reduces runs to medians per (workload, param, server) and adds
// ratios to native PHP and to Go.
func summarize(ws []*workload, runs []*Run, built map[string]bool) []*Summary {
	var out []*Summary
	for _, w := range ws {
		for _, p := range w.params {
			row := map[string]*Summary{}
			for _, k := range w.kinds() {
				s := &Summary{Workload: w.name, Param: p.label, X: p.x, Server: k, Unit: w.unit, CPUUnit: w.cpuUnit}
				var thr, p50, p99, cpu, usr, sys, lg, other []float64
				for _, r := range runs {
					if r.Workload != w.name || r.Param != p.label || r.Server != k {
						continue
					}
					if r.Counted != countNone {
						s.addCounts(r)
					}
					if r.Rep == 0 {
						continue // a counting run
					}
					s.Reps++
					if r.Status != "ok" {
						if s.Failure == "" {
							s.Failure = r.Failure
						}
						s.FailureRefs = append(s.FailureRefs, r.Order)
						continue
					}
					s.RepsOK++
					thr, p50, p99 = append(thr, r.Throughput), append(p50, r.P50Us), append(p99, r.P99Us)
					cpu, lg = append(cpu, r.CPUPerOp), append(lg, r.LoadgenCPU)
					usr, sys = append(usr, r.UserPerOp), append(sys, r.SysPerOp)
					other = append(other, r.OtherCPU)
				}
				s.Throughput, s.P50Us, s.P99Us = median(thr), median(p50), median(p99)
				s.CPUPerOp, s.LoadgenCPU, s.OtherCPU = median(cpu), median(lg), median(other)
				s.UserPerOp, s.SysPerOp = median(usr), median(sys)
				s.ThroughputSpread, s.UserSpread = spread(thr), spread(usr)
				switch {
				case !built[k]:
					s.Status = "not built"
				case s.Reps == 0:
					s.Status = "not run"
				case s.RepsOK == s.Reps:
					s.Status = "ok"
				case s.RepsOK > 0:
					s.Status = "partial"
				default:
					s.Status = "failed"
				}
				row[k] = s
				out = append(out, s)
			}
			for _, s := range row {
				if s.RepsOK == 0 {
					continue
				}
				s.VsPHP, s.CPUVsPHP = ratios(s, row[kPHP])
				s.VsGo, s.CPUVsGo = ratios(s, row[kGo])
				s.UserVsPHP = userRatio(s, row[kPHP])
			}
			if s := row[kWhole]; s != nil && s.RepsOK > 0 {
				s.VsPerFile, s.CPUVsPerFile = ratios(s, row[kGostream])
				s.UserVsPerFile = userRatio(s, row[kGostream])
			}
		}
	}
	return out
}

func ratios(s, base *Summary) (thr, cpu float64) {
	if base == nil || base.RepsOK == 0 {
		return 0, 0
	}
	if base.Throughput > 0 {
		thr = s.Throughput / base.Throughput
	}
	if base.CPUPerOp > 0 {
		cpu = s.CPUPerOp / base.CPUPerOp
	}
	return thr, cpu
}

func userRatio(s, base *Summary) float64 {
	if base == nil || base.RepsOK == 0 || base.UserPerOp == 0 {
		return 0
	}
	return s.UserPerOp / base.UserPerOp
}

// addCounts takes the event counts of a run that counted. Library calls
// come from a run with uprobes; system calls from a run without them when
// there is one, since uprobes slow the server and change its batching.
func (s *Summary) addCounts(r *Run) {
	if r.Status != "ok" {
		s.CountNote = "counting run failed: " + clip(r.Failure, 200)
		return
	}
	if r.FFIPerOp != nil {
		s.FFIPerOp = r.FFIPerOp
	}
	if s.SyscallsPerOp == nil || r.Counted == countSyscalls {
		s.SyscallsPerOp, s.ClientSyscallsPerOp = r.SyscallsPerOp, r.ClientSyscallsPerOp
	}
	if r.CountError != "" {
		s.CountNote = r.CountError
	}
}
