package core

import (
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// qaPort is the port of an IP listener.
func qaPort(t *testing.T, h int64) int {
	t.Helper()
	n := qaName(t, h, false)
	p, err := strconv.Atoi(n[strings.LastIndexByte(n, ':')+1:])
	if err != nil {
		t.Fatalf("name %q: %v", n, err)
	}
	return p
}

// qaBacklog reads a TCP listener's backlog from ss(8) (Send-Q of a LISTEN
// socket); -1 if ss is missing or the socket not found.
func qaBacklog(t *testing.T, port int) int {
	if _, err := exec.LookPath("ss"); err != nil {
		return -1
	}
	out, err := exec.Command("ss", "-ltnH", fmt.Sprintf("sport = :%d", port)).Output()
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) >= 4 && f[0] == "LISTEN" && strings.HasSuffix(f[3], fmt.Sprintf(":%d", port)) {
			n, err := strconv.Atoi(f[2])
			if err == nil {
				return n
			}
		}
	}
	return -1
}

func TestBacklogOption(t *testing.T) {
	qaNoLeak(t)
	ln := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, `{"socket":{"backlog":7}}`)
	b := qaBacklog(t, qaPort(t, ln))
	if b < 0 {
		t.Skip("ss(8) not available")
	}
	if b != 7 {
		t.Errorf("backlog %d, want 7", b)
	}
	// PHP's int conversion: "12abc" is 12.
	ln2 := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, `{"socket":{"backlog":"12abc"}}`)
	if b := qaBacklog(t, qaPort(t, ln2)); b != 12 {
		t.Errorf("backlog \"12abc\" gave %d, want 12", b)
	}
	// And "1e2" is 100, as zval_get_long reads it (the core's own copy of
	// the conversion stopped at the "e" and gave 1).
	ln4 := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, `{"socket":{"backlog":"1e2"}}`)
	if b := qaBacklog(t, qaPort(t, ln4)); b != 100 {
		t.Errorf("backlog \"1e2\" gave %d, want 100", b)
	}
	// Default: the kernel's maximum (somaxconn), not PHP's 32.
	ln3 := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, "")
	max := 0
	if raw, err := os.ReadFile("/proc/sys/net/core/somaxconn"); err == nil {
		max, _ = strconv.Atoi(strings.TrimSpace(string(raw)))
	}
	if b := qaBacklog(t, qaPort(t, ln3)); max > 0 && b != max {
		t.Errorf("default backlog %d, want somaxconn %d", b, max)
	}
}

func TestReusePort(t *testing.T) {
	qaNoLeak(t)
	opts := `{"socket":{"so_reuseport":true}}`
	a := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, opts)
	port := qaPort(t, a)
	addr := fmt.Sprintf("tcp://127.0.0.1:%d", port)
	b := qaListen(t, addr, FlagBind|FlagListen, opts)
	if qaPort(t, b) != port {
		t.Fatal("second listener on another port")
	}
	if v, err := unix.GetsockoptInt(qaFD(t, b), unix.SOL_SOCKET, unix.SO_REUSEPORT); err != nil || v != 1 {
		t.Errorf("SO_REUSEPORT = %d, %v", v, err)
	}
	// Without the option the port is taken: -EADDRINUSE and strerror text.
	_, err := Listen(addr, FlagBind|FlagListen, Options{})
	qaWantCode(t, "Listen on a used port", err, -98)
	if err.Error() != "Address already in use" {
		t.Errorf("message %q, want \"Address already in use\"", err.Error())
	}
	// Both accept connections.
	for i := 0; i < 8; i++ {
		qaDial(t, addr)
	}
	got := 0
	for _, ln := range []int64{a, b} {
		for {
			h, _, err := Accept(ln, 50*time.Millisecond)
			if err != nil {
				break
			}
			Close(h)
			got++
		}
	}
	if got != 8 {
		t.Errorf("accepted %d of 8", got)
	}
}

func TestAddrInUse(t *testing.T) {
	qaNoLeak(t)
	a := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, "")
	_, err := Listen(fmt.Sprintf("127.0.0.1:%d", qaPort(t, a)), FlagBind|FlagListen, Options{})
	qaWantCode(t, "EADDRINUSE", err, -Code(unix.EADDRINUSE))
	if err.Error() != "Address already in use" {
		t.Errorf("message %q", err.Error())
	}
	if CodeText(CodeOf(err)) != "Address already in use" {
		t.Errorf("CodeText(-98) = %q", CodeText(CodeOf(err)))
	}
	// (udp is not checked: SO_REUSEADDR, always on as in PHP, lets two udp
	// sockets share a port on Linux.) A unix path that exists is in use.
	path := qaSockPath(t, "busy")
	qaListen(t, "unix://"+path, FlagBind|FlagListen, "")
	_, err = Listen("unix://"+path, FlagBind|FlagListen, Options{})
	qaWantCode(t, "unix EADDRINUSE", err, -Code(unix.EADDRINUSE))
}

func TestIPv6Only(t *testing.T) {
	if !qaHasIPv6() {
		t.Skip("no IPv6")
	}
	qaNoLeak(t)
	for _, tc := range []struct {
		opts     string
		v6only   int
		v4Shares bool // 0.0.0.0 on the same port can be bound
	}{
		{`{"socket":{"ipv6_v6only":true}}`, 1, true},
		{`{"socket":{"ipv6_v6only":false}}`, 0, false},
		{`{"socket":{"ipv6_v6only":null}}`, -1, false}, // null = not set: OS default
	} {
		ln := qaListen(t, "tcp://[::]:0", FlagBind|FlagListen, tc.opts)
		v, _ := unix.GetsockoptInt(qaFD(t, ln), unix.IPPROTO_IPV6, unix.IPV6_V6ONLY)
		if tc.v6only >= 0 && v != tc.v6only {
			t.Errorf("%s: IPV6_V6ONLY = %d", tc.opts, v)
		}
		if tc.v6only < 0 {
			def, _ := os.ReadFile("/proc/sys/net/ipv6/bindv6only")
			if strings.TrimSpace(string(def)) != strconv.Itoa(v) {
				t.Errorf("unset ipv6_v6only: %d, system default %q", v, def)
			}
			tc.v4Shares = v == 1
		}
		h, err := Listen(fmt.Sprintf("tcp://0.0.0.0:%d", qaPort(t, ln)), FlagBind|FlagListen, Options{})
		if tc.v4Shares && err != nil {
			t.Errorf("%s: 0.0.0.0 on the same port: %v", tc.opts, err)
		}
		if !tc.v4Shares && CodeOf(err) != -Code(unix.EADDRINUSE) {
			t.Errorf("%s: 0.0.0.0 on the same port: %v, want EADDRINUSE", tc.opts, err)
		}
		if err == nil {
			Close(h)
		}
		Close(ln)
	}
}

// TestUnixMode: unix_mode gives the socket file exactly that mode, whatever
// the umask; without it the umask applies, as in PHP.
func TestUnixMode(t *testing.T) {
	qaNoLeak(t)
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	for _, tc := range []struct {
		opts string
		mode os.FileMode
	}{
		{`{"socket":{"unix_mode":"0666"}}`, 0o666},
		{`{"socket":{"unix_mode":"660"}}`, 0o660},
		{`{"socket":{"unix_mode":"0o640"}}`, 0o640},
		{`{"socket":{"unix_mode":438}}`, 0o666}, // 0666 written as a PHP integer
		{`{"socket":{"unix_mode":"0777"}}`, 0o777},
		{`{"socket":{"unix_mode":"0"}}`, 0},
		{``, 0o700}, // 0777 &^ umask 077
	} {
		for _, tr := range []string{"unix", "udg"} {
			path := qaSockPath(t, "m")
			flags := FlagBind | FlagListen
			if tr == "udg" {
				flags = FlagBind
			}
			h := qaListen(t, tr+"://"+path, flags, tc.opts)
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != tc.mode {
				t.Errorf("%s %s: mode %v, want %v", tr, tc.opts, fi.Mode(), tc.mode)
			}
			Close(h)
		}
	}
	// A socket with mode 0666 is connectable; the client works.
	path := qaSockPath(t, "c")
	ln := qaListen(t, "unix://"+path, FlagBind|FlagListen, `{"socket":{"unix_mode":"0600"}}`)
	qaDial(t, "unix://"+path)
	qaAccept(t, ln)
	for _, bad := range []string{`"abc"`, `"0888"`, `"10000"`, `-1`, `4096`} {
		p := qaSockPath(t, "bad")
		_, err := Listen("unix://"+p, FlagBind|FlagListen, qaOpts(t, `{"socket":{"unix_mode":`+bad+`}}`))
		qaWantCode(t, "unix_mode "+bad, err, CodeArg)
		if _, err := os.Stat(p); err == nil {
			t.Errorf("unix_mode %s: socket file left behind", bad)
		}
	}
}

func TestDatagramWithListenFlag(t *testing.T) {
	qaNoLeak(t)
	before := qaOpenFDs(t)
	_, err := Listen("udp://127.0.0.1:0", FlagBind|FlagListen, Options{})
	qaWantCode(t, "udp with FlagListen", err, -Code(unix.EOPNOTSUPP))
	if after := qaOpenFDs(t); after != before {
		t.Errorf("%d descriptors open after the failed Listen, %d before", after, before)
	}
}

// qaOpenFDs counts this process's open descriptors.
func qaOpenFDs(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	return len(ents)
}

// TestBugUDGWithListenFlagLeavesFile: udg:// with BIND|LISTEN fails with
// EOPNOTSUPP, but only after bind(2) created the socket file, which stays:
// the retry the error message asks for (BIND alone) then fails with
// EADDRINUSE. listen.go checks s.dgram after bindUnix.
func TestBugUDGWithListenFlagLeavesFile(t *testing.T) {
	qaNoLeak(t)
	path := qaSockPath(t, "g")
	_, err := Listen("udg://"+path, FlagBind|FlagListen, Options{})
	qaWantCode(t, "udg with FlagListen", err, -Code(unix.EOPNOTSUPP))
	if _, serr := os.Stat(path); serr == nil {
		t.Errorf("failed Listen left the socket file %s", path)
	}
	h, err := Listen("udg://"+path, FlagBind, Options{})
	if err != nil {
		t.Fatalf("retry with FlagBind alone: %v", err)
	}
	Close(h)
}

func TestListenErrors(t *testing.T) {
	qaNoLeak(t)
	for _, tc := range []struct {
		addr string
		code Code
	}{
		{"foo://127.0.0.1:0", CodeTransport},
		{"TCP://127.0.0.1:0", CodeTransport},
		{"127.0.0.1", CodeParse},
		{"127.0.0.1:99999", CodeParse},
		{"[::1]", CodeParse},
		{"", CodeParse},
		{"unix:///" + strings.Repeat("x", 200), CodeParse},
		{"tcp://192.0.2.1:0", -Code(unix.EADDRNOTAVAIL)},
		{"unix:///nonexistent-dir-gs/x.sock", -Code(unix.ENOENT)},
	} {
		_, err := Listen(tc.addr, FlagBind|FlagListen, Options{})
		qaWantCode(t, "Listen "+tc.addr, err, tc.code)
	}
	// The resolver's failure, in PHP 8.2's words.
	orig := lookupHost
	lookupHost = func(h string) ([]netip.Addr, error) { return nil, resolveError(h, nil) }
	defer func() { lookupHost = orig }()
	_, err := Listen("tcp://nonexistent.invalid:0", FlagBind|FlagListen, Options{})
	qaWantCode(t, "unresolvable", err, CodeResolve)
	if want := "php_network_getaddresses: getaddrinfo for nonexistent.invalid failed: Name or service not known"; err.Error() != want {
		t.Errorf("message %q", err.Error())
	}
}

// TestEmptyHostFailsToResolve: "" is not "any" (spec §1).
func TestEmptyHostFailsToResolve(t *testing.T) {
	_, err := Listen("tcp://:0", FlagBind|FlagListen, Options{})
	qaWantCode(t, "empty host", err, CodeResolve)
}

func TestListenerOptionsInherited(t *testing.T) {
	qaNoLeak(t)
	for _, nodelay := range []bool{false, true} {
		opts := ""
		if nodelay {
			opts = `{"socket":{"tcp_nodelay":true}}`
		}
		ln := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, opts)
		if v, _ := unix.GetsockoptInt(qaFD(t, ln), unix.SOL_SOCKET, unix.SO_REUSEADDR); v != 1 {
			t.Errorf("SO_REUSEADDR = %d", v)
		}
		fl, _ := unix.FcntlInt(uintptr(qaFD(t, ln)), unix.F_GETFD, 0)
		if fl&unix.FD_CLOEXEC == 0 {
			t.Error("listener is not close-on-exec")
		}
		SetTimeout(ln, 1234*time.Millisecond)
		qaDial(t, qaDialAddr(t, "tcp", ln))
		srv, _ := qaAccept(t, ln)
		v, _ := unix.GetsockoptInt(qaFD(t, srv), unix.IPPROTO_TCP, unix.TCP_NODELAY)
		if (v != 0) != nodelay {
			t.Errorf("tcp_nodelay %v: accepted TCP_NODELAY = %d", nodelay, v)
		}
		in, _ := Stat(srv)
		if in.Timeout != 1234*time.Millisecond || !in.Blocking {
			t.Errorf("accepted stream: timeout %v blocking %v; want the listener's 1.234s, blocking", in.Timeout, in.Blocking)
		}
		fl, _ = unix.FcntlInt(uintptr(qaFD(t, srv)), unix.F_GETFD, 0)
		if fl&unix.FD_CLOEXEC == 0 {
			t.Error("accepted socket is not close-on-exec")
		}
	}
}

func TestUDPBroadcastOption(t *testing.T) {
	qaNoLeak(t)
	h := qaListen(t, "udp://127.0.0.1:0", FlagBind, `{"socket":{"so_broadcast":"1"}}`)
	if v, _ := unix.GetsockoptInt(qaFD(t, h), unix.SOL_SOCKET, unix.SO_BROADCAST); v != 1 {
		t.Errorf("SO_BROADCAST = %d", v)
	}
	// tcp ignores it (udp only).
	ln := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, `{"socket":{"so_broadcast":true}}`)
	if v, _ := unix.GetsockoptInt(qaFD(t, ln), unix.SOL_SOCKET, unix.SO_BROADCAST); v != 0 {
		t.Errorf("tcp SO_BROADCAST = %d", v)
	}
}

func TestSocklessServer(t *testing.T) {
	qaNoLeak(t)
	for _, addr := range []string{"tcp://127.0.0.1:0", "udp://127.0.0.1:0", "unix:///nonexistent/x"} {
		h, err := Listen(addr, FlagListen, Options{}) // LISTEN without BIND does nothing
		if err != nil {
			t.Fatalf("%s: %v", addr, err)
		}
		in, _ := Stat(h)
		if in.Kind != KindNone || in.Listener {
			t.Errorf("%s: Stat = %+v", addr, in)
		}
		Close(h)
	}
}

func TestOptionsJSON(t *testing.T) {
	for _, js := range []string{"", "  ", "{}", "[]", `{"socket":[]}`, `{"socket":null}`} {
		if _, err := ParseOptions([]byte(js)); err != nil {
			t.Errorf("ParseOptions(%q): %v", js, err)
		}
	}
	for _, js := range []string{"{", "1", `"x"`, `{"socket":1}`, `[1]`} {
		_, err := ParseOptions([]byte(js))
		qaWantCode(t, "ParseOptions "+js, err, CodeArg)
	}
	o := qaOpts(t, `{"socket":{"a":"7abc","b":"abc","c":3.9,"d":true,"e":"0","f":"","g":[],"h":[1],"i":null,"j":"1e3"}}`)
	// PHP 8.2: (int)"1e3" is 1000 and (int)[1] is 1.
	for k, want := range map[string]int64{"a": 7, "b": 0, "c": 3, "d": 1, "e": 0, "i": 99, "j": 1000, "h": 1} {
		if got := o.Int("socket", k, 99); got != want {
			t.Errorf("Int(%s) = %d, want %d", k, got, want)
		}
	}
	for k, want := range map[string]bool{"a": true, "d": true, "e": false, "f": false, "g": false, "h": true, "i": false, "zz": false} {
		if got := o.Bool("socket", k); got != want {
			t.Errorf("Bool(%s) = %v, want %v", k, got, want)
		}
	}
}
