package main

import (
	"sort"
)

// Summary is the median over repetitions of one workload point on one server.
type Summary struct {
	Workload    string  `json:"workload"`
	Param       string  `json:"param"`
	X           int64   `json:"x"`
	Server      string  `json:"server"`
	Status      string  `json:"status"` // ok, partial, failed, not built
	Reps        int     `json:"reps"`
	RepsOK      int     `json:"reps_ok"`
	Unit        string  `json:"unit"`
	Throughput  float64 `json:"throughput"`
	P50Us       float64 `json:"p50_us"`
	P99Us       float64 `json:"p99_us"`
	CPUUnit     string  `json:"cpu_unit,omitempty"`
	CPUPerOp    float64 `json:"server_cpu_per_op"`
	LoadgenCPU  float64 `json:"loadgen_cpu_util"`
	OtherCPU    float64 `json:"other_cpu_util"`
	VsPHP       float64 `json:"throughput_vs_php,omitempty"`
	VsGo        float64 `json:"throughput_vs_go,omitempty"`
	CPUVsPHP    float64 `json:"cpu_per_op_vs_php,omitempty"`
	CPUVsGo     float64 `json:"cpu_per_op_vs_go,omitempty"`
	Failure     string  `json:"failure,omitempty"`
	FailureRefs []int   `json:"failed_runs,omitempty"` // Run.Order of failed repetitions
}

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
			for _, k := range kinds {
				s := &Summary{Workload: w.name, Param: p.label, X: p.x, Server: k, Unit: w.unit, CPUUnit: w.cpuUnit}
				var thr, p50, p99, cpu, lg, other []float64
				for _, r := range runs {
					if r.Workload != w.name || r.Param != p.label || r.Server != k {
						continue
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
					other = append(other, r.OtherCPU)
				}
				s.Throughput, s.P50Us, s.P99Us = median(thr), median(p50), median(p99)
				s.CPUPerOp, s.LoadgenCPU, s.OtherCPU = median(cpu), median(lg), median(other)
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
