package main

import (
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Result is the JSON document printed by every subcommand. Zero fields are
// omitted where they do not apply to a workload.
type Result struct {
	Workload    string   `json:"workload"`
	Addr        string   `json:"addr"`
	TLS         bool     `json:"tls"`
	Conns       int      `json:"conns"`                  // connections requested
	Pipeline    int      `json:"pipeline,omitempty"`     // echo: requests in flight per connection
	ConnsOpen   int      `json:"conns_open"`             // connections established
	ConnsOK     int      `json:"conns_ok"`               // connections that completed a round trip
	DurationS   float64  `json:"duration_s"`             // measurement window
	Ops         int64    `json:"ops"`                    // round trips / connections / handshakes / transfers
	Bytes       int64    `json:"bytes,omitempty"`        // payload bytes moved in the window
	OpsPerS     float64  `json:"ops_per_s"`              // Ops / DurationS
	BytesPerS   float64  `json:"bytes_per_s,omitempty"`  // Bytes / DurationS
	P50Us       float64  `json:"p50_us,omitempty"`       // latency percentiles
	P99Us       float64  `json:"p99_us,omitempty"`       //
	Errors      int64    `json:"errors"`                 // failed operations
	ErrorSample []string `json:"error_sample,omitempty"` // first distinct error texts
	Verified    bool     `json:"verified"`               // byte counts / contents / CRC matched
	FDLimit     uint64   `json:"fd_limit"`               // loadgen RLIMIT_NOFILE (soft)

	ServerCPUS       float64  `json:"server_cpu_s"`                 // utime+stime delta
	ServerUserS      float64  `json:"server_user_s"`                // utime delta
	ServerSysS       float64  `json:"server_sys_s"`                 // stime delta
	ServerCPUPerOpUs float64  `json:"server_cpu_per_op_us"`         // ServerCPUS / Ops
	LoadgenCPUS      float64  `json:"loadgen_cpu_s"`                // this process, same window
	OtherCPUS        float64  `json:"other_cpu_s"`                  // user+system+steal of everything else
	ServerRSSKB      [2]int64 `json:"server_rss_kb,omitempty"`      // VmRSS before, after
	ServerFDs        [2]int   `json:"server_fds,omitempty"`         // open descriptors before, after
	RSSPerConnB      float64  `json:"rss_per_conn_bytes,omitempty"` // idle workload
	ServerAlive      bool     `json:"server_alive"`                 // /proc/PID existed at the end

	// Event counts over the window, with -count (see counters.go); absent
	// when not counted, CountError says why when counting was asked for.
	ServerSyscalls  *uint64 `json:"server_syscalls,omitempty"`
	ServerLibCalls  *uint64 `json:"server_lib_calls,omitempty"` // calls of -count-lib's gs_* exports
	LibFunctions    int     `json:"lib_functions_probed,omitempty"`
	LoadgenSyscalls *uint64 `json:"loadgen_syscalls,omitempty"`
	CountError      string  `json:"count_error,omitempty"`

	errMu   sync.Mutex
	errSeen map[string]bool
}

// addErr counts an error and keeps a few distinct samples.
func (r *Result) addErr(err error) {
	r.errMu.Lock()
	defer r.errMu.Unlock()
	r.Errors++
	msg := errText(err)
	if r.errSeen == nil {
		r.errSeen = map[string]bool{}
	}
	if len(r.ErrorSample) < 5 && !r.errSeen[msg] {
		r.errSeen[msg] = true
		r.ErrorSample = append(r.ErrorSample, msg)
	}
}

// errText shortens network errors to their cause, without addresses, so
// that the samples group by kind.
func errText(err error) string {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Syscall + ": " + se.Err.Error()
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Op + ": " + oe.Err.Error()
	}
	return err.Error()
}

// finish derives rates from the raw counts.
func (r *Result) finish(h *Hist) {
	if r.DurationS > 0 {
		r.OpsPerS = float64(r.Ops) / r.DurationS
		r.BytesPerS = float64(r.Bytes) / r.DurationS
	}
	if r.Ops > 0 {
		r.ServerCPUPerOpUs = r.ServerCPUS * 1e6 / float64(r.Ops)
	}
	if h != nil && h.Count() > 0 {
		r.P50Us = h.Quantile(0.50) / 1e3
		r.P99Us = h.Quantile(0.99) / 1e3
	}
	r.FDLimit = noFileLimit()
}

// sample is a snapshot of server and loadgen resource usage.
type sample struct {
	at        time.Time
	serverCPU float64 // seconds, -1 if unknown
	serverUsr float64 // the user part of serverCPU
	selfCPU   float64
	sysCPU    float64 // user+nice+system+steal of all CPUs, seconds
	rssKB     int64
	fds       int
	alive     bool
}

func takeSample(pid int, group bool) sample {
	s := sample{at: time.Now(), serverCPU: -1, selfCPU: selfCPU(), sysCPU: systemCPU()}
	if pid > 0 {
		s.serverCPU, s.serverUsr, s.alive = procCPU(pid)
		if group && s.alive {
			s.serverCPU, s.serverUsr = groupCPU(pid)
		}
		s.rssKB = procRSS(pid)
		s.fds = procFDs(pid)
	}
	return s
}

// window is one measurement window: the counters -count asks for and the
// resource samples at its edges.
type window struct {
	pid    int
	group  bool
	ctr    *windowCounters
	before sample
}

// beginWindow opens and starts the counters, then takes the first sample.
func (c *connFlags) beginWindow(res *Result) *window {
	ctr := c.openCounters(res)
	ctr.start()
	return &window{pid: c.pid, group: c.group, ctr: ctr, before: takeSample(c.pid, c.group)}
}

// end takes the last sample, stops the counters and records the window in
// res. The caller closes the window when the run is over.
func (w *window) end(res *Result) {
	after := takeSample(w.pid, w.group)
	w.ctr.stop(res)
	res.window(w.before, after)
}

func (w *window) close() { w.ctr.close() }

// window records the difference between two samples into r.
func (r *Result) window(a, b sample) {
	r.DurationS = b.at.Sub(a.at).Seconds()
	r.LoadgenCPUS = b.selfCPU - a.selfCPU
	if a.serverCPU >= 0 && b.serverCPU >= 0 {
		r.ServerCPUS = b.serverCPU - a.serverCPU
		r.ServerUserS = b.serverUsr - a.serverUsr
		r.ServerSysS = r.ServerCPUS - r.ServerUserS
	}
	// What other processes took from the machine in the window: a
	// contamination indicator (irq/softirq time is left out, since loopback
	// traffic of the benchmark itself lands there).
	r.OtherCPUS = max(0, b.sysCPU-a.sysCPU-r.ServerCPUS-r.LoadgenCPUS)
	r.ServerRSSKB = [2]int64{a.rssKB, b.rssKB}
	r.ServerFDs = [2]int{a.fds, b.fds}
	r.ServerAlive = b.alive
}

// clockTicks is USER_HZ, 100 on every Linux ABI Go supports.
const clockTicks = 100

// procCPU returns utime+stime and utime of pid in seconds, from
// /proc/PID/stat.
func procCPU(pid int) (total, user float64, alive bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return -1, -1, false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return -1, -1, false
	}
	f := strings.Fields(s[i+1:]) // f[0] is field 3 (state)
	if len(f) < 13 {
		return -1, -1, false
	}
	ut, _ := strconv.ParseUint(f[11], 10, 64) // field 14
	st, _ := strconv.ParseUint(f[12], 10, 64) // field 15
	return float64(ut+st) / clockTicks, float64(ut) / clockTicks, true
}

// groupCPU sums procCPU over the processes whose process group is pgid
// (field 5 of /proc/PID/stat). A process that exits between two samples
// takes its time with it: the server's workers live through the window.
func groupCPU(pgid int) (total, user float64) {
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:]) // f[2] is field 5 (pgrp)
		if len(f) < 3 || f[2] != strconv.Itoa(pgid) {
			continue
		}
		if t, u, ok := procCPU(pid); ok {
			total, user = total+t, user+u
		}
	}
	return total, user
}

// procRSS returns VmRSS of pid in KiB.
func procRSS(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			v, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return v
		}
	}
	return 0
}

// procFDs counts the open descriptors of pid.
func procFDs(pid int) int {
	d, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/fd")
	if err != nil {
		return 0
	}
	return len(d)
}

// systemCPU sums user, nice, system and steal over all CPUs from /proc/stat.
func systemCPU() float64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal
	if len(f) < 9 || f[0] != "cpu" {
		return 0
	}
	var sum uint64
	for _, i := range []int{1, 2, 3, 8} {
		v, _ := strconv.ParseUint(f[i], 10, 64)
		sum += v
	}
	return float64(sum) / clockTicks
}

func selfCPU() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return tv(ru.Utime) + tv(ru.Stime)
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
