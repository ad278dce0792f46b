package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Server kinds, in table order.
const (
	kPHP      = "php"      // native PHP stream functions
	kGostream = "gostream" // same scripts, GOSTREAM lines active (per-file mode)
	kWhole    = "whole"    // the native scripts under php-ext/bin/gostream-php (whole-process mode)
	kGo       = "go"       // pure-Go ceiling
)

// kinds run on every workload; kWhole only where the workload asks (servers).
var kinds = []string{kPHP, kGostream, kGo}

// kindLabel names a kind in tables and the plot.
var kindLabel = map[string]string{kPHP: "native PHP", kGostream: "gostream", kWhole: "gostream whole-process", kGo: "pure Go"}

// serverSpec selects the protocol and, for TLS, the certificate ("ec", "rsa").
type serverSpec struct {
	proto   string // echo, once, bulk
	cert    string
	workers int // > 0: the pre-fork PHP server with this many workers
	// goMaxProcs > 0 sets GOMAXPROCS: Go's default on a machine with that
	// many CPUs, while the server still runs on one (native PHP ignores it).
	goMaxProcs int
}

// phpFlags are passed to every PHP process, native or gostream alike.
var phpFlags = []string{
	"-d", "memory_limit=1G", "-d", "display_errors=0", "-d", "log_errors=1",
	"-d", "error_log=", "-d", "error_reporting=-1", "-d", "ffi.enable=1",
}

// makeNativeScripts copies the PHP scripts into dir with every line that
// ends in "// GOSTREAM" commented out. The originals are the gostream variant.
func makeNativeScripts(src, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files, _ := filepath.Glob(src + "/*.php")
	if len(files) == 0 {
		return fmt.Errorf("no PHP scripts in %s", src)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		lines := strings.Split(string(b), "\n")
		marked := 0
		for i, l := range lines {
			if strings.HasSuffix(strings.TrimRight(l, " \t\r"), "// GOSTREAM") {
				lines[i] = "// " + l
				marked++
			}
		}
		if marked == 0 {
			return fmt.Errorf("%s has no '// GOSTREAM' marker line", f)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// wholeLauncher runs PHP in whole-process mode.
func (e *env) wholeLauncher() string { return e.repo + "/php-ext/bin/gostream-php" }

// phpScriptDir is where the scripts for a PHP kind live: whole-process mode
// runs the native ones, unchanged.
func (e *env) phpScriptDir(kind string) string {
	if kind == kGostream {
		return e.repo + "/tests/bench/php"
	}
	return e.work + "/php-native"
}

// serverCPUs is the taskset CPU list of a server: its own CPU, or for a
// pre-fork server both CPUs, so that a second worker has a core to run on
// (shared with the load generator on a 2-CPU machine).
func (e *env) serverCPUs(spec serverSpec) string {
	if spec.workers > 0 && e.loadCPU != e.serverCPU {
		return fmt.Sprintf("%d,%d", e.serverCPU, e.loadCPU)
	}
	return strconv.Itoa(e.serverCPU)
}

// server is a running benchmark server.
type server struct {
	*proc
	kind string
	addr string
}

// freePort asks the kernel for an unused loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// startServer launches kind with spec on the server CPU and waits for its
// READY line.
func (e *env) startServer(kind string, spec serverSpec, tag string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	life := strconv.Itoa(int(e.lifetime.Seconds()))
	var argv []string
	var cert certPair
	if spec.cert != "" {
		cert = e.certs[spec.cert]
	}
	switch kind {
	case kGo:
		argv = []string{e.bin + "/goserver", "-mode", spec.proto, "-addr", fmt.Sprintf("127.0.0.1:%d", port), "-seconds", life}
		if spec.cert != "" {
			argv = append(argv, "-cert", cert.cert, "-key", cert.key)
		}
	default:
		script := "echo_server.php"
		switch {
		case spec.workers > 0:
			script = "prefork_server.php"
		case spec.proto == "bulk":
			script = "bulk_server.php"
		}
		argv = append([]string{"php"}, phpFlags...)
		if kind == kWhole {
			// The launcher takes php's options and execs php: the pid stays the server's.
			argv[0] = e.wholeLauncher()
		}
		argv = append(argv, e.phpScriptDir(kind)+"/"+script, strconv.Itoa(port), spec.proto, life)
		if spec.workers > 0 {
			argv = append(argv, strconv.Itoa(spec.workers))
		}
		if spec.cert != "" {
			argv = append(argv, cert.cert, cert.key)
		}
	}
	if spec.goMaxProcs > 0 {
		// env execs the server: the pid the counters follow stays its.
		argv = append([]string{"env", fmt.Sprintf("GOMAXPROCS=%d", spec.goMaxProcs)}, argv...)
	}
	p, err := startProc(tag+"-server", e.serverCPUs(spec), argv, e.logDir)
	if err != nil {
		return nil, err
	}
	s := &server{proc: p, kind: kind, addr: fmt.Sprintf("127.0.0.1:%d", port)}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if b, _ := os.ReadFile(p.outPath); strings.Contains(string(b), "READY") {
			return s, nil
		}
		if p.exited() {
			return nil, fmt.Errorf("exited before READY: %s", p.log().summary())
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.stop(time.Second)
	return nil, fmt.Errorf("no READY within 20s: %s", s.log().summary())
}

// ServerLog is what the harness keeps of a server's stderr.
type ServerLog struct {
	ExitedEarly  bool   `json:"exited_early"`
	Exit         string `json:"exit,omitempty"`
	Warnings     int    `json:"php_warnings"`
	FirstWarning string `json:"first_warning,omitempty"`
	LastLine     string `json:"last_line,omitempty"`
}

var (
	phpDiag = regexp.MustCompile(`PHP (Warning|Fatal error|Notice|Deprecated):\s+(?s:(.*?)) in \S+ on line \d+`)
	spaces  = regexp.MustCompile(`\s+`)
)

// log digests a process's stderr: PHP diagnostics and the last line.
func (p *proc) log() *ServerLog {
	l := &ServerLog{}
	if p.exited() && p.exitErr != nil {
		l.Exit = p.exitErr.Error()
	}
	b, _ := os.ReadFile(p.errPath)
	text := string(b)
	l.Warnings = strings.Count(text, "PHP Warning:")
	if m := phpDiag.FindStringSubmatch(text); m != nil {
		l.FirstWarning = clip(spaces.ReplaceAllString(m[1]+": "+m[2], " "), 400)
	} else if i := strings.Index(text, "PHP "); i >= 0 {
		l.FirstWarning = clip(spaces.ReplaceAllString(text[i:], " "), 400)
	}
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if last := strings.TrimSpace(lines[len(lines)-1]); last != "" && !strings.Contains(last, " on line ") {
		l.LastLine = clip(last, 300)
	}
	return l
}

// summary is a one-line description for failure messages.
func (l *ServerLog) summary() string {
	parts := []string{}
	if l.Exit != "" {
		parts = append(parts, "server "+l.Exit)
	}
	if l.LastLine != "" {
		parts = append(parts, l.LastLine)
	}
	if l.FirstWarning != "" {
		parts = append(parts, fmt.Sprintf("first of %d PHP warnings: %s", l.Warnings, l.FirstWarning))
	}
	if len(parts) == 0 {
		return "no output"
	}
	return strings.Join(parts, "; ")
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
