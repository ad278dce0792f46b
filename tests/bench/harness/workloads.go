package main

import (
	"fmt"
	"strconv"
	"time"
)

// param is one point of a workload's sweep.
type param struct {
	label string // shown in tables, e.g. "1000" or "1 GiB"
	x     int64  // numeric value (connections or bytes)
}

// workload describes one benchmark and how to drive it.
type workload struct {
	name     string // key in results.json
	headline bool   // gets headlineReps repetitions
	title    string // Markdown section title
	pLabel   string // column heading for the parameter
	unit     string // throughput unit
	cpuUnit  string // server CPU per operation unit
	spec     serverSpec
	servers  []string // the server kinds it runs on; nil: all of kinds
	prefork  bool     // the param is the pre-fork server's worker count
	whole    bool     // also runs the native script in whole-process mode (kWhole)
	params   []param
	args     func(p param) []string // loadgen arguments after "-addr A"
}

// sizes are the knobs --quick reduces.
type sizes struct {
	dur       time.Duration
	echoConns []int64
	pipeConns []int64
	bulkBytes int64
	idleConns []int64
	tlsConns  []int64
	hsConns   int
	hold      time.Duration
}

func sizesFor(quick bool, maxConns int64) sizes {
	s := sizes{
		dur: 5 * time.Second, echoConns: []int64{10, 100, 1000, 10000}, pipeConns: []int64{10, 100, 1000}, bulkBytes: 1 << 30,
		idleConns: []int64{1000, 10000}, tlsConns: []int64{10, 100}, hsConns: 8, hold: 2 * time.Second,
	}
	if quick {
		s.dur, s.echoConns, s.pipeConns, s.bulkBytes = time.Second, []int64{10, 100, 1000}, []int64{100}, 64<<20
		s.idleConns, s.tlsConns, s.hold = []int64{1000}, []int64{100}, time.Second
	}
	s.echoConns, s.idleConns = capConns(s.echoConns, maxConns), capConns(s.idleConns, maxConns)
	s.pipeConns = capConns(s.pipeConns, maxConns)
	return s
}

// capConns lowers connection counts that the descriptor limit cannot hold.
func capConns(cs []int64, max int64) []int64 {
	out := []int64{}
	for _, c := range cs {
		if c > max {
			c = max
		}
		if len(out) == 0 || out[len(out)-1] != c {
			out = append(out, c)
		}
	}
	return out
}

func connParams(cs []int64) []param {
	ps := make([]param, len(cs))
	for i, c := range cs {
		ps[i] = param{label: strconv.FormatInt(c, 10), x: c}
	}
	return ps
}

func byteLabel(n int64) string {
	if n >= 1<<30 && n%(1<<30) == 0 {
		return fmt.Sprintf("%d GiB", n>>30)
	}
	return fmt.Sprintf("%d MiB", n>>20)
}

// preforkConns is the connection count of the prefork-echo workload.
const preforkConns = 100

// pipelineDepth is the echo-pipe workload's requests in flight per
// connection: enough that the client's write and read each serve several
// round trips, so the server rather than the client sets the pace.
const pipelineDepth = 16

// workloads lists every benchmark in run order.
func workloads(s sizes, caFile func(string) string) []*workload {
	d := s.dur.String()
	bulk := []param{{label: byteLabel(s.bulkBytes), x: s.bulkBytes}}
	echoArgs := func(tls string, pipeline int) func(p param) []string {
		return func(p param) []string {
			a := []string{"echo", "-conns", strconv.FormatInt(p.x, 10), "-duration", d, "-size", "64", "-pipeline", strconv.Itoa(pipeline)}
			if tls != "" {
				a = append(a, "-tls", "-ca", caFile(tls))
			}
			return a
		}
	}
	bulkArgs := func(dir, tls string) func(p param) []string {
		return func(p param) []string {
			a := []string{"bulk", "-bytes", strconv.FormatInt(p.x, 10), "-dir", dir}
			if tls != "" {
				a = append(a, "-tls", "-ca", caFile(tls))
			}
			return a
		}
	}
	hsArgs := func(cert string) func(p param) []string {
		return func(p param) []string {
			return []string{"tls-handshake", "-duration", d, "-conns", strconv.FormatInt(p.x, 10), "-ca", caFile(cert)}
		}
	}
	hs := []param{{label: strconv.Itoa(s.hsConns), x: int64(s.hsConns)}}
	return []*workload{
		{name: "echo", headline: true, title: "Echo, 64-byte round trips (stream_select server)", pLabel: "conns",
			unit: "round trips/s", cpuUnit: "µs/op", spec: serverSpec{proto: "echo"}, whole: true,
			params: connParams(s.echoConns), args: echoArgs("", 1)},
		{name: "echo-pipe", title: fmt.Sprintf("Echo, 64-byte requests, %d in flight per connection (pipelined client)", pipelineDepth),
			pLabel: "conns", unit: "round trips/s", cpuUnit: "µs/op", spec: serverSpec{proto: "echo"},
			params: connParams(s.pipeConns), args: echoArgs("", pipelineDepth)},
		{name: "prefork-echo", title: fmt.Sprintf("Pre-fork echo, 64-byte round trips, %d connections (master binds, workers in stream_select loops on the shared listener; server processes on both CPUs, the load generator on one of them)", preforkConns),
			pLabel: "workers", unit: "round trips/s", cpuUnit: "µs/op", spec: serverSpec{proto: "echo"},
			servers: []string{kPHP, kGostream}, prefork: true,
			params: []param{{label: "1", x: 1}, {label: "2", x: 2}},
			args: func(p param) []string {
				return append(echoArgs("", 1)(param{x: preforkConns}), "-pid-group")
			}},
		{name: "bulk-up", title: "Bulk, client → server (one connection)", pLabel: "size",
			unit: "MiB/s", cpuUnit: "s/GiB", spec: serverSpec{proto: "bulk"}, params: bulk, args: bulkArgs("up", "")},
		{name: "bulk-down", title: "Bulk, server → client (one connection)", pLabel: "size",
			unit: "MiB/s", cpuUnit: "s/GiB", spec: serverSpec{proto: "bulk"}, params: bulk, args: bulkArgs("down", "")},
		{name: "accept", title: "Accept rate: new connection, one 64-byte request each", pLabel: "clients",
			unit: "conns/s", cpuUnit: "µs/conn", spec: serverSpec{proto: "once"},
			params: []param{{label: "16", x: 16}},
			args: func(p param) []string {
				return []string{"accept", "-duration", d, "-conns", strconv.FormatInt(p.x, 10)}
			}},
		{name: "idle", title: "Memory per idle connection (server RSS delta / connections)", pLabel: "conns",
			unit: "bytes/conn", spec: serverSpec{proto: "echo"}, params: connParams(s.idleConns),
			args: func(p param) []string {
				return []string{"idle", "-conns", strconv.FormatInt(p.x, 10), "-hold", s.hold.String()}
			}},
		{name: "tls-handshake-ec", title: "TLS 1.3 handshakes, ECDSA P-256 certificate (new connection each)", pLabel: "clients",
			unit: "handshakes/s", cpuUnit: "µs/hs", spec: serverSpec{proto: "once", cert: "ec"}, params: hs, args: hsArgs("ec")},
		{name: "tls-handshake-rsa", title: "TLS 1.3 handshakes, RSA-2048 certificate (new connection each)", pLabel: "clients",
			unit: "handshakes/s", cpuUnit: "µs/hs", spec: serverSpec{proto: "once", cert: "rsa"}, params: hs, args: hsArgs("rsa")},
		{name: "tls-echo", title: "TLS echo, 64-byte round trips (P-256 certificate)", pLabel: "conns",
			unit: "round trips/s", cpuUnit: "µs/op", spec: serverSpec{proto: "echo", cert: "ec"},
			params: connParams(s.tlsConns), args: echoArgs("ec", 1)},
		{name: "tls-echo-procs2", title: "TLS echo with GOMAXPROCS=2 (Go's default on a 2-CPU machine; the server still on one CPU)", pLabel: "conns",
			unit: "round trips/s", cpuUnit: "µs/op", spec: serverSpec{proto: "echo", cert: "ec", goMaxProcs: 2},
			params: connParams(s.tlsConns[:1]), args: echoArgs("ec", 1)},
		{name: "tls-bulk-up", title: "TLS bulk, client → server", pLabel: "size",
			unit: "MiB/s", cpuUnit: "s/GiB", spec: serverSpec{proto: "bulk", cert: "ec"}, params: bulk, args: bulkArgs("up", "ec")},
		{name: "tls-bulk-down", title: "TLS bulk, server → client", pLabel: "size",
			unit: "MiB/s", cpuUnit: "s/GiB", spec: serverSpec{proto: "bulk", cert: "ec"}, params: bulk, args: bulkArgs("down", "ec")},
	}
}

// bulk reports whether the workload moves one large transfer (MiB/s, CPU
// per GiB, events per MiB) rather than counting operations.
func (w *workload) bulk() bool { return w.unit == "MiB/s" }

// timed reports whether the load generator takes -duration.
func (w *workload) timed() bool { return !w.bulk() && w.unit != "bytes/conn" }

// countable reports whether the workload gets a counting run.
// Not pre-fork servers: the counters follow the threads of one process.
func (w *workload) countable() bool { return w.cpuUnit != "" && !w.prefork }

// specFor is the server of one point of the sweep.
func (w *workload) specFor(p param) serverSpec {
	s := w.spec
	if w.prefork {
		s.workers = int(p.x)
	}
	return s
}

// kinds lists the servers the workload runs on, in table order.
func (w *workload) kinds() []string {
	if w.servers != nil {
		return w.servers
	}
	if w.whole {
		return []string{kPHP, kGostream, kWhole, kGo}
	}
	return kinds
}

// countUnit is what event counts are divided by.
func (w *workload) countUnit() string {
	if w.bulk() {
		return "MiB"
	}
	return "op"
}

// cpuPerOp is seconds of CPU per operation in the workload's CPU unit: µs
// per operation, or seconds per GiB for bulk transfers.
func (w *workload) cpuPerOp(r *LoadResult, seconds float64) float64 {
	switch {
	case w.bulk() && r.Bytes > 0:
		return seconds / float64(r.Bytes) * (1 << 30)
	case !w.bulk() && r.Ops > 0:
		return seconds * 1e6 / float64(r.Ops)
	}
	return 0
}

// countPerOp is an event count per operation, or per MiB for bulk; nil
// when nothing was counted.
func (w *workload) countPerOp(r *LoadResult, n *uint64) *float64 {
	var v float64
	switch {
	case n == nil:
		return nil
	case w.bulk() && r.Bytes > 0:
		v = float64(*n) / float64(r.Bytes) * (1 << 20)
	case !w.bulk() && r.Ops > 0:
		v = float64(*n) / float64(r.Ops)
	default:
		return nil
	}
	return &v
}

// metrics fills the run's figures in the workload's units.
func (w *workload) metrics(r *LoadResult, run *Run) {
	switch {
	case w.bulk():
		run.Throughput = r.BytesPerS / (1 << 20)
	case w.unit == "bytes/conn":
		run.Throughput = r.RSSPerConnB
		return
	default:
		run.Throughput = r.OpsPerS
	}
	run.CPUPerOp = w.cpuPerOp(r, r.ServerCPUS)
	run.UserPerOp = w.cpuPerOp(r, r.ServerUserS)
	run.SysPerOp = w.cpuPerOp(r, r.ServerSysS)
	run.SyscallsPerOp = w.countPerOp(r, r.ServerSyscalls)
	run.FFIPerOp = w.countPerOp(r, r.ServerLibCalls)
	run.ClientSyscallsPerOp = w.countPerOp(r, r.LoadgenSyscalls)
}
