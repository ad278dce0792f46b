package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// FFIRun is one run of php/ffi_bench.php in one variant.
type FFIRun struct {
	Variant   string             `json:"variant"` // php or gostream
	Rep       int                `json:"rep"`
	Order     int                `json:"order"`
	Status    string             `json:"status"`
	Failure   string             `json:"failure,omitempty"`
	NsPerCall map[string]float64 `json:"ns_per_call,omitempty"`
}

// FFISummary compares the median ns/call of one function.
type FFISummary struct {
	Function       string  `json:"function"`
	PHPNs          float64 `json:"php_ns"`
	GostreamNs     float64 `json:"gostream_ns,omitempty"`
	PHPSpread      float64 `json:"php_spread,omitempty"` // see Summary's spreads
	GostreamSpread float64 `json:"gostream_spread,omitempty"`
	DeltaNs        float64 `json:"delta_ns,omitempty"` // gostream - php: FFI cost estimate
	Ratio          float64 `json:"ratio,omitempty"`
}

// runFFI runs the per-call micro-benchmark on the server CPU.
func (e *env) runFFI(variant string, rep int, streams int, perFunc time.Duration) *FFIRun {
	e.seq++
	r := &FFIRun{Variant: variant, Rep: rep, Order: e.seq, Status: "failed"}
	port, err := freePort()
	if err != nil {
		r.Failure = err.Error()
		return r
	}
	argv := append([]string{"php"}, phpFlags...)
	argv = append(argv, e.phpScriptDir(variant)+"/ffi_bench.php", strconv.Itoa(port),
		strconv.Itoa(streams), strconv.FormatFloat(perFunc.Seconds(), 'f', 3, 64))
	p, err := startProc(fmt.Sprintf("%03d-ffi-%s-r%d", e.seq, variant, rep), strconv.Itoa(e.serverCPU), argv, e.logDir)
	if err != nil {
		r.Failure = err.Error()
		return r
	}
	if !p.wait(4*perFunc + 90*time.Second) {
		p.stop(time.Second)
		r.Failure = "timed out"
		return r
	}
	out, _ := os.ReadFile(p.outPath)
	var doc struct {
		NsPerCall map[string]float64 `json:"ns_per_call"`
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if p.exitErr != nil || json.Unmarshal([]byte(lines[len(lines)-1]), &doc) != nil || len(doc.NsPerCall) == 0 {
		r.Failure = p.log().summary()
		return r
	}
	r.Status, r.NsPerCall = "ok", doc.NsPerCall
	return r
}

func summarizeFFI(runs []*FFIRun) []*FFISummary {
	vals := map[string]map[string][]float64{} // function -> variant -> samples
	for _, r := range runs {
		for f, ns := range r.NsPerCall {
			if vals[f] == nil {
				vals[f] = map[string][]float64{}
			}
			vals[f][r.Variant] = append(vals[f][r.Variant], ns)
		}
	}
	var out []*FFISummary
	for f, v := range vals {
		s := &FFISummary{Function: f, PHPNs: median(v[kPHP]), GostreamNs: median(v[kGostream]),
			PHPSpread: spread(v[kPHP]), GostreamSpread: spread(v[kGostream])}
		if s.PHPNs > 0 && s.GostreamNs > 0 {
			s.DeltaNs, s.Ratio = s.GostreamNs-s.PHPNs, s.GostreamNs/s.PHPNs
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return ffiOrder(out[i].Function) < ffiOrder(out[j].Function) })
	return out
}

func ffiOrder(f string) string {
	if strings.HasPrefix(f, "select_") {
		return fmt.Sprintf("z%08s", strings.TrimPrefix(f, "select_"))
	}
	return f
}
