package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// LoadResult mirrors the fields of the loadgen JSON the harness uses; the
// full document is kept verbatim in Run.Loadgen.
type LoadResult struct {
	Workload         string   `json:"workload"`
	Conns            int      `json:"conns"`
	ConnsOpen        int      `json:"conns_open"`
	ConnsOK          int      `json:"conns_ok"`
	DurationS        float64  `json:"duration_s"`
	Ops              int64    `json:"ops"`
	Bytes            int64    `json:"bytes"`
	OpsPerS          float64  `json:"ops_per_s"`
	BytesPerS        float64  `json:"bytes_per_s"`
	P50Us            float64  `json:"p50_us"`
	P99Us            float64  `json:"p99_us"`
	Errors           int64    `json:"errors"`
	ErrorSample      []string `json:"error_sample"`
	Verified         bool     `json:"verified"`
	ServerCPUS       float64  `json:"server_cpu_s"`
	ServerUserS      float64  `json:"server_user_s"`
	ServerSysS       float64  `json:"server_sys_s"`
	ServerCPUPerOpUs float64  `json:"server_cpu_per_op_us"`
	LoadgenCPUS      float64  `json:"loadgen_cpu_s"`
	OtherCPUS        float64  `json:"other_cpu_s"`
	RSSPerConnB      float64  `json:"rss_per_conn_bytes"`
	ServerAlive      bool     `json:"server_alive"`
	TLS              bool     `json:"tls"`
	ServerSyscalls   *uint64  `json:"server_syscalls"`
	ServerLibCalls   *uint64  `json:"server_lib_calls"`
	LoadgenSyscalls  *uint64  `json:"loadgen_syscalls"`
	CountError       string   `json:"count_error"`
}

// Counts are events per operation (per MiB for bulk), from a run that
// counted them; nil where nothing was counted.
type Counts struct {
	SyscallsPerOp       *float64 `json:"server_syscalls_per_op,omitempty"`
	FFIPerOp            *float64 `json:"server_ffi_calls_per_op,omitempty"` // calls into libgostream
	ClientSyscallsPerOp *float64 `json:"loadgen_syscalls_per_op,omitempty"`
}

// Run is one repetition of one workload point on one server.
type Run struct {
	Workload   string          `json:"workload"`
	Param      string          `json:"param"`
	X          int64           `json:"x"`
	Server     string          `json:"server"`
	Rep        int             `json:"rep"`               // 0: a counting run, whose figures are not used
	Counted    string          `json:"counted,omitempty"` // events counted: syscalls, or syscalls+ffi
	Order      int             `json:"order"`             // position in the interleaved sequence
	Status     string          `json:"status"`
	Failure    string          `json:"failure,omitempty"`
	Expected   bool            `json:"expected_failure,omitempty"` // native select(2) past FD_SETSIZE
	Throughput float64         `json:"throughput"`
	P50Us      float64         `json:"p50_us"`
	P99Us      float64         `json:"p99_us"`
	CPUPerOp   float64         `json:"server_cpu_per_op"`
	UserPerOp  float64         `json:"server_user_per_op"`
	SysPerOp   float64         `json:"server_sys_per_op"`
	Counts                     // when the run counted
	CountError string          `json:"count_error,omitempty"`
	LoadgenCPU float64         `json:"loadgen_cpu_util"` // loadgen CPU s / window s
	OtherCPU   float64         `json:"other_cpu_util"`   // other processes' CPU s / window s
	WallS      float64         `json:"wall_s"`
	Loadgen    json.RawMessage `json:"loadgen,omitempty"`
	ServerLog  *ServerLog      `json:"server_log,omitempty"`
}

// What a run counts (see loadgen/counters.go).
const (
	countNone     = ""
	countSyscalls = "syscalls"     // system calls of server and load generator
	countAll      = "syscalls+ffi" // and the server's calls into libgostream (uprobes)
)

// runOne starts a fresh server, drives it with the pinned load generator,
// stops it and records what happened. Repetition 0 is a counting run: short,
// with counters on, its figures kept apart from the measured repetitions.
func (e *env) runOne(w *workload, p param, kind string, rep int, count string) *Run {
	e.seq++
	start := time.Now()
	r := &Run{Workload: w.name, Param: p.label, X: p.x, Server: kind, Rep: rep, Counted: count, Order: e.seq, Status: "failed"}
	defer func() { r.WallS = time.Since(start).Seconds() }()
	tag := fmt.Sprintf("%03d-%s-%s-%s-r%d", e.seq, w.name, p.label, kind, rep)
	if rep == 0 {
		tag = fmt.Sprintf("%03d-%s-%s-%s-count-%s", e.seq, w.name, p.label, kind, strings.ReplaceAll(count, "+", "-"))
	}
	tag = strings.ReplaceAll(tag, " ", "")
	srv, err := e.startServer(kind, w.specFor(p), tag)
	if err != nil {
		r.Failure = "server did not start: " + err.Error()
		return r
	}
	args := append(w.args(p), "-addr", srv.addr, "-pid", strconv.Itoa(srv.pid()))
	if count != countNone {
		args = append(args, "-count")
	}
	if count == countAll {
		if lib := mappedFile(srv.pid(), "/libgostream.so"); lib != "" {
			args = append(args, "-count-lib", lib)
		}
	}
	if rep == 0 && w.timed() {
		// Later flags win: a counting run is shorter than a measured one.
		args = append(args, "-duration", e.countDur.String())
	}
	out, lerr := e.loadgen(tag, args)
	early := srv.exited()
	srv.stop(3 * time.Second)
	r.ServerLog = srv.log()
	r.ServerLog.ExitedEarly = early
	if !early {
		r.ServerLog.Exit = "" // our own SIGTERM, not news
	}
	if lerr != nil {
		r.Failure = "loadgen: " + lerr.Error()
		return r
	}
	r.Loadgen = out
	var lr LoadResult
	if err := json.Unmarshal(out, &lr); err != nil {
		r.Failure = "loadgen output: " + err.Error()
		return r
	}
	w.metrics(&lr, r)
	r.CountError = lr.CountError
	r.P50Us, r.P99Us = lr.P50Us, lr.P99Us
	if lr.DurationS > 0 {
		r.LoadgenCPU = lr.LoadgenCPUS / lr.DurationS
		r.OtherCPU = lr.OtherCPUS / lr.DurationS
	}
	if lr.Verified && !early {
		r.Status = "ok"
		return r
	}
	r.Failure = describeFailure(&lr, r.ServerLog, early)
	r.Expected = kind == kPHP && strings.Contains(r.ServerLog.FirstWarning, "FD_SETSIZE")
	return r
}

func describeFailure(lr *LoadResult, sl *ServerLog, early bool) string {
	est := "established"
	if lr.TLS {
		est = "established, TLS handshake complete on the client side"
	}
	parts := []string{fmt.Sprintf("%d of %d connections served (%d %s)", lr.ConnsOK, lr.Conns, lr.ConnsOpen, est)}
	if lr.Workload == "accept" || lr.Workload == "tls-handshake" {
		parts[0] = fmt.Sprintf("%d of %d connections completed (%d clients; connections %s)", lr.Ops, lr.ConnsOpen, lr.Conns, est)
	}
	if lr.Errors > 0 {
		parts = append(parts, fmt.Sprintf("%d client errors (%s)", lr.Errors, strings.Join(lr.ErrorSample, "; ")))
	}
	if early {
		parts = append(parts, "server exited during the run")
	}
	if s := sl.summary(); s != "no output" {
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// loadgen runs the load generator on the loadgen CPU and returns its JSON.
func (e *env) loadgen(tag string, args []string) ([]byte, error) {
	p, err := startProc(tag+"-loadgen", strconv.Itoa(e.loadCPU), append([]string{e.bin + "/loadgen"}, args...), e.logDir)
	if err != nil {
		return nil, err
	}
	if !p.wait(e.loadTimeout) {
		p.stop(time.Second)
		return nil, fmt.Errorf("timed out after %s", e.loadTimeout)
	}
	out, _ := os.ReadFile(p.outPath)
	if p.exitErr != nil {
		msg, _ := os.ReadFile(p.errPath)
		return nil, fmt.Errorf("%v: %s", p.exitErr, clip(strings.TrimSpace(string(msg)), 300))
	}
	return out, nil
}

// mappedFile returns the path of the file ending in suffix that pid has
// mapped (the library the server really loaded), or "".
func mappedFile(pid int, suffix string) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/maps", pid))
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 6 && strings.HasSuffix(f[5], suffix) {
			return f[5]
		}
	}
	return ""
}
