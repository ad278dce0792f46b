package core

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// qaSelect calls Select and returns the entries as "index:bits" strings.
func qaSelect(t testing.TB, hs []int64, want []byte, timeout time.Duration) ([]string, error) {
	t.Helper()
	ready := make([]uint32, len(hs))
	k, err := Select(hs, want, timeout, ready)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range ready[:k] {
		out = append(out, fmt.Sprintf("%d:%d", r>>3, r&7))
	}
	return out, nil
}

func qaSelectWant(t *testing.T, what string, hs []int64, want []byte, timeout time.Duration, expect ...string) {
	t.Helper()
	got, err := qaSelect(t, hs, want, timeout)
	if err != nil {
		t.Fatalf("%s: Select: %v", what, err)
	}
	if fmt.Sprint(got) != fmt.Sprint(expect) {
		t.Fatalf("%s: Select = %v, want %v", what, got, expect)
	}
}

func TestSelectWriteReadTimeout(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	qaSelectWant(t, "write", []int64{c.cli}, []byte{EvWrite}, time.Second, "0:2")
	start := time.Now()
	qaSelectWant(t, "timeout 0", []int64{c.srv}, []byte{EvRead}, 0)
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("timeout 0 took %v", d)
	}
	start = time.Now()
	qaSelectWant(t, "timed", []int64{c.srv}, []byte{EvRead}, 100*time.Millisecond)
	if d := time.Since(start); d < 100*time.Millisecond || d > 3*time.Second {
		t.Errorf("100ms wait took %v", d)
	}
	qaWrite(t, c.cli, "x")
	qaSelectWant(t, "read", []int64{c.srv}, []byte{EvRead}, time.Second, "0:1")
	// Both bits in one entry, entries in list order.
	qaSelectWant(t, "both", []int64{c.cli, c.srv}, []byte{EvRead | EvWrite, EvRead | EvWrite}, time.Second, "0:2", "1:3")
	// Bits not asked for are not reported; want 0 is never ready.
	qaSelectWant(t, "want 0", []int64{c.srv, c.cli}, []byte{0, EvWrite}, time.Second, "1:2")
	// A peer close makes a socket readable.
	Read(c.srv, make([]byte, 1))
	Close(c.cli)
	qaSelectWant(t, "peer closed", []int64{c.srv}, []byte{EvRead}, time.Second, "0:1")
}

func TestSelectExceptOOB(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	qaSelectWant(t, "no OOB", []int64{c.srv}, []byte{EvExcept}, 50*time.Millisecond)
	if _, err := SendTo(c.cli, []byte("!"), FlagOOB, ""); err != nil {
		t.Fatal(err)
	}
	got, err := qaSelect(t, []int64{c.srv}, []byte{EvExcept}, time.Second)
	if err != nil || len(got) != 1 || got[0] != "0:4" {
		t.Fatalf("except = %v, %v", got, err)
	}
}

func TestSelectListener(t *testing.T) {
	qaNoLeak(t)
	ln := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, "")
	qaSelectWant(t, "idle listener", []int64{ln}, []byte{EvRead}, 50*time.Millisecond)
	qaDial(t, qaDialAddr(t, "tcp", ln))
	qaSelectWant(t, "pending connection", []int64{ln}, []byte{EvRead}, time.Second, "0:1")
	qaAccept(t, ln)
	qaSelectWant(t, "accepted", []int64{ln}, []byte{EvRead}, 0)
}

// TestSelectBufferedShortcut: a handle with data in the library's buffer is
// reported readable at once and alone, even when others are ready.
func TestSelectBufferedShortcut(t *testing.T) {
	qaNoLeak(t)
	a, b := qaTCP(t), qaTCP(t)
	qaWrite(t, a.cli, "line\nrest")
	qaWrite(t, b.cli, "ready")
	qaWaitReadable(t, a.srv, unix.POLLIN)
	time.Sleep(10 * time.Millisecond)
	buf := make([]byte, 16)
	if n, err := ReadLine(a.srv, buf); err != nil || string(buf[:n]) != "line\n" {
		t.Fatalf("ReadLine = %q, %v", buf[:n], err)
	}
	qaWaitReadable(t, b.srv, unix.POLLIN)
	hs := []int64{b.srv, a.srv, b.cli}
	qaSelectWant(t, "shortcut", hs, []byte{EvRead, EvRead, EvWrite}, time.Second, "1:1")
	// Asking a buffered handle for write only does not take the shortcut.
	qaSelectWant(t, "write only", []int64{a.srv}, []byte{EvWrite}, time.Second, "0:2")
	Read(a.srv, buf)
	qaSelectWant(t, "drained", hs, []byte{EvRead, EvRead, EvWrite}, time.Second, "0:1", "2:2")
}

func TestSelectInterrupted(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	orig := epollWait
	calls := 0
	epollWait = func(epfd int, ev []unix.EpollEvent, ms int) (int, error) {
		calls++
		return 0, unix.EINTR
	}
	defer func() { epollWait = orig }()
	_, err := qaSelect(t, []int64{c.srv}, []byte{EvRead}, 5*time.Second)
	if err != ErrInterrupt || CodeOf(err) != -Code(unix.EINTR) || calls != 1 {
		t.Fatalf("Select = %v (code %d) after %d waits; want ErrInterrupt at once", err, CodeOf(err), calls)
	}
	epollWait = orig
	// The set still works afterwards.
	qaSelectWant(t, "after EINTR", []int64{c.cli}, []byte{EvWrite}, time.Second, "0:2")

	// The poll(2) fallback reports EINTR the same way.
	origPoll := pollFunc
	pollFunc = func(fds []unix.PollFd, ms int) (int, error) { return 0, unix.EINTR }
	defer func() { pollFunc = origPoll }()
	if _, err := pollSelect([]int64{c.srv}, []byte{EvRead}, time.Second, make([]uint32, 1)); err != ErrInterrupt {
		t.Fatalf("pollSelect = %v", err)
	}
}

// qaEpollRegs lists the poller's registrations from /proc/self/fdinfo:
// "tfd events data" per line.
func qaEpollRegs(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/self/fdinfo/%d", thePoller.epfd))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(l, "tfd:") {
			f := strings.Fields(l)
			if len(f) >= 6 {
				out = append(out, strings.Join(f[:6], " "))
			}
		}
	}
	return out
}

// TestSelectSteadyState: the same set passed again changes nothing in the
// epoll set. There is no seam for epoll_ctl, so this checks the recorded
// masks and the kernel's view (/proc/self/fdinfo of the epoll descriptor);
// TestSelectSteadyStateSyscalls counts the calls under strace.
func TestSelectSteadyState(t *testing.T) {
	qaNoLeak(t)
	var hs []int64
	var want []byte
	for i := 0; i < 20; i++ {
		c := qaTCP(t)
		hs = append(hs, c.srv, c.cli)
		want = append(want, EvRead, EvRead|EvWrite)
	}
	if _, err := qaSelect(t, hs, want, 0); err != nil {
		t.Fatal(err)
	}
	masks := func() []uint32 {
		thePoller.mu.Lock()
		defer thePoller.mu.Unlock()
		var m []uint32
		for _, h := range hs {
			m = append(m, handles.get(h).pollMask)
		}
		return m
	}
	m0, r0 := masks(), qaEpollRegs(t)
	for i := 0; i < 50; i++ {
		if got, err := qaSelect(t, hs, want, 0); err != nil || len(got) != 20 {
			t.Fatalf("round %d: %v, %v", i, got, err)
		}
	}
	if m1, r1 := masks(), qaEpollRegs(t); fmt.Sprint(m0) != fmt.Sprint(m1) || fmt.Sprint(r0) != fmt.Sprint(r1) {
		t.Fatalf("registrations changed:\n%v\n%v\n%v\n%v", m0, m1, r0, r1)
	}
	for i, h := range hs {
		if m0[i] != epollMask(want[i]) {
			t.Fatalf("handle %d mask %#x, want %#x", h, m0[i], epollMask(want[i]))
		}
	}
}

// qaHelperEnv marks the re-executed test binary of the strace test.
const qaHelperEnv = "GOSTREAM_QA_SELECT_HELPER"

// TestQAHelperSelectLoop is not a test on its own: run under strace by
// TestSelectSteadyStateSyscalls, it selects on one set 1+100 times with a
// marker syscall (access on a made-up path) after the first round and at
// the end.
func TestQAHelperSelectLoop(t *testing.T) {
	if os.Getenv(qaHelperEnv) != "1" {
		t.Skip("helper for TestSelectSteadyStateSyscalls")
	}
	var hs []int64
	var want []byte
	for i := 0; i < 25; i++ {
		a, b, err := Pair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
		if err != nil {
			t.Fatal(err)
		}
		hs = append(hs, a, b)
		want = append(want, EvRead|EvWrite, EvRead)
	}
	ready := make([]uint32, len(hs))
	Select(hs, want, 0, ready)
	unix.Access("/gostream-qa-marker-begin", unix.F_OK)
	for i := 0; i < 100; i++ {
		if k, err := Select(hs, want, 0, ready); k != 25 || err != nil {
			t.Fatalf("round %d: %d, %v", i, k, err)
		}
	}
	unix.Access("/gostream-qa-marker-end", unix.F_OK)
}

func TestSelectSteadyStateSyscalls(t *testing.T) {
	if _, err := exec.LookPath("strace"); err != nil {
		t.Skip("strace not installed")
	}
	out := t.TempDir() + "/strace.out"
	cmd := exec.Command("strace", "-f", "-qq", "-e", "trace=epoll_ctl,access,faccessat,faccessat2", "-o", out,
		os.Args[0], "-test.run=^TestQAHelperSelectLoop$", "-test.count=1")
	cmd.Env = append(os.Environ(), qaHelperEnv+"=1")
	if b, err := cmd.CombinedOutput(); err != nil {
		if strings.Contains(string(b), "ptrace") || strings.Contains(string(b), "Operation not permitted") {
			t.Skipf("strace cannot trace here: %s", b)
		}
		t.Fatalf("helper under strace: %v\n%s", err, b)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	phase, before, during := 0, 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.Contains(l, "gostream-qa-marker-begin"):
			phase = 1
		case strings.Contains(l, "gostream-qa-marker-end"):
			phase = 2
		case strings.Contains(l, "epoll_ctl(") && phase == 0 && strings.Contains(l, "EPOLL_CTL_ADD"):
			before++
		case strings.Contains(l, "epoll_ctl(") && phase == 1:
			during++
			t.Logf("steady-state call: %s", l)
		}
	}
	if phase != 2 {
		t.Fatal("markers not seen in the strace output")
	}
	if before < 50 {
		t.Errorf("only %d EPOLL_CTL_ADD in the first round, want >= 50", before)
	}
	if during != 0 {
		t.Errorf("%d epoll_ctl calls in 100 rounds over the same set, want 0", during)
	}
}

func TestSelectBadHandle(t *testing.T) {
	qaNoLeak(t)
	cl := qaCountCloses(t)
	a, b := qaTCP(t), qaTCP(t)
	fd := qaFD(t, a.srv)
	Close(b.srv)
	_, err := qaSelect(t, []int64{a.srv, b.srv}, []byte{EvRead, EvRead}, time.Second)
	if err != ErrBadHandle || CodeOf(err) != -Code(unix.EBADF) {
		t.Fatalf("Select with a closed handle = %v", err)
	}
	_, err = qaSelect(t, []int64{a.srv, 0}, []byte{EvRead, EvRead}, time.Second)
	if err != ErrBadHandle {
		t.Fatalf("Select with handle 0 = %v", err)
	}
	// The good handle's reference was given back: closing it closes the fd.
	Close(a.srv)
	if cl.count(fd) != 1 {
		t.Fatalf("fd %d closed %d times after the failed Select", fd, cl.count(fd))
	}
	_, err = Select([]int64{a.cli, b.cli}, []byte{EvRead}, 0, make([]uint32, 2))
	qaWantCode(t, "short want", err, CodeArg)
	_, err = Select([]int64{a.cli, b.cli}, []byte{EvRead, EvRead}, 0, make([]uint32, 1))
	qaWantCode(t, "short ready", err, CodeArg)
}

// TestSelectCloseDuringWait: a handle closed by another goroutine while
// Select waits on it is reported ready at once (the caller then gets EBADF).
func TestSelectCloseDuringWait(t *testing.T) {
	qaNoLeak(t)
	cl := qaCountCloses(t)
	a := qaTCP(t)
	ln := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, "")
	udp := qaListen(t, "udp://127.0.0.1:0", FlagBind, "")
	uln := qaListen(t, "unix://"+qaSockPath(t, "l"), FlagBind|FlagListen, "")
	for _, tc := range []struct {
		name string
		h    int64
	}{{"stream", a.srv}, {"listener", ln}, {"udp", udp}, {"unix listener", uln}} {
		other := qaTCP(t).srv // never ready
		hs := []int64{tc.h, other}
		fd := qaFD(t, tc.h)
		type res struct {
			got []string
			err error
		}
		resc := make(chan res, 1)
		go func() { g, e := qaSelect(t, hs, []byte{EvRead, EvRead}, 5*time.Second); resc <- res{g, e} }()
		qaWaitHeld(t, tc.h)
		start := time.Now()
		Close(tc.h)
		select {
		case r := <-resc:
			if r.err != nil || fmt.Sprint(r.got) != "[0:1]" {
				t.Errorf("%s: Select after Close = %v, %v; want [0:1]", tc.name, r.got, r.err)
			}
		case <-time.After(3 * time.Second):
			t.Fatalf("%s: Select still waiting 3s after Close", tc.name)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: Select returned %v after Close", tc.name, d)
		}
		if cl.count(fd) != 1 {
			t.Errorf("%s: fd closed %d times", tc.name, cl.count(fd))
		}
		if _, err := Read(tc.h, make([]byte, 1)); err != ErrBadHandle {
			t.Errorf("%s: Read after = %v", tc.name, err)
		}
	}
}

// TestSelectConcurrent: while one goroutine waits in Select, another's
// Select is served by poll(2) and works, timeouts included.
func TestSelectConcurrent(t *testing.T) {
	qaNoLeak(t)
	x, y := qaTCP(t), qaTCP(t)
	var polls atomic.Int32
	orig := pollFunc
	pollFunc = func(fds []unix.PollFd, ms int) (int, error) {
		if len(fds) > 1 { // waitFD polls one descriptor; the fallback all of its list
			polls.Add(1)
		}
		return orig(fds, ms)
	}
	defer func() { pollFunc = orig }()

	first := make(chan []string, 1)
	go func() { g, _ := qaSelect(t, []int64{x.srv}, []byte{EvRead}, 5*time.Second); first <- g }()
	// Wait until the first Select holds the poller.
	for i := 0; i < 500 && thePoller.mu.TryLock(); i++ {
		thePoller.mu.Unlock()
		time.Sleep(2 * time.Millisecond)
	}
	qaWrite(t, y.cli, "y")
	start := time.Now()
	qaSelectWant(t, "second (poll)", []int64{y.srv, y.cli, x.cli}, []byte{EvRead, EvRead, EvWrite | EvExcept}, 2*time.Second, "0:1", "2:2")
	if d := time.Since(start); d > time.Second {
		t.Errorf("second Select took %v", d)
	}
	start = time.Now()
	qaSelectWant(t, "second timeout", []int64{y.cli, x.cli}, []byte{EvRead, EvRead}, 100*time.Millisecond)
	if d := time.Since(start); d < 100*time.Millisecond || d > 3*time.Second {
		t.Errorf("second Select timeout after %v", d)
	}
	if polls.Load() < 2 {
		t.Errorf("the poll(2) fallback ran %d times, want 2", polls.Load())
	}
	select {
	case g := <-first:
		t.Fatalf("first Select returned early: %v", g)
	default:
	}
	qaWrite(t, x.cli, "x")
	select {
	case g := <-first:
		if fmt.Sprint(g) != "[0:1]" {
			t.Fatalf("first Select = %v", g)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("first Select did not see its data")
	}
}

// TestSelectUnwantedRegistration: a handle registered in an earlier round
// and not asked for now is not reported, and is dropped from the set.
func TestSelectUnwantedRegistration(t *testing.T) {
	qaNoLeak(t)
	a, b := qaTCP(t), qaTCP(t)
	qaSelectWant(t, "round 1", []int64{a.srv, b.srv}, []byte{EvRead, EvRead}, 0)
	qaWrite(t, a.cli, "x")
	qaWaitReadable(t, a.srv, unix.POLLIN)
	qaSelectWant(t, "round 2", []int64{b.srv}, []byte{EvRead}, 50*time.Millisecond)
	thePoller.mu.Lock()
	m := handles.get(a.srv).pollMask
	thePoller.mu.Unlock()
	if m != 0 {
		t.Errorf("unwanted ready handle still registered (mask %#x)", m)
	}
	qaSelectWant(t, "round 3", []int64{b.srv, a.srv}, []byte{EvRead, EvRead}, time.Second, "1:1")
}

func TestSelectSocklessAndEmpty(t *testing.T) {
	qaNoLeak(t)
	sl := qaSockless(t)
	defer Close(sl)
	start := time.Now()
	qaSelectWant(t, "socket-less", []int64{sl}, []byte{EvRead | EvWrite}, 50*time.Millisecond)
	if d := time.Since(start); d < 50*time.Millisecond || d > 3*time.Second {
		t.Errorf("waited %v", d)
	}
	if k, err := Select(nil, nil, 0, nil); k != 0 || err != nil {
		t.Errorf("empty Select = %d, %v", k, err)
	}
}

// TestSelectManyConnections: 2,000 TCP connections in one Select; the ready
// ones, and only they, come back in list order.
func TestSelectManyConnections(t *testing.T) {
	qaNoLeak(t)
	const n = 2000
	var lim unix.Rlimit
	unix.Getrlimit(unix.RLIMIT_NOFILE, &lim)
	if lim.Cur < 2*n+100 {
		t.Skipf("RLIMIT_NOFILE %d is too low for %d connections", lim.Cur, n)
	}
	ln := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, "")
	addr := qaDialAddr(t, "tcp", ln)
	clis := make([]int64, n)
	srvs := make([]int64, n)
	start := time.Now()
	for i := 0; i < n; i++ {
		clis[i] = qaDial(t, addr)
		srvs[i], _ = qaAccept(t, ln)
	}
	t.Logf("%d connections in %v", n, time.Since(start))
	want := make([]byte, n)
	for i := range want {
		want[i] = EvRead
	}
	start = time.Now()
	qaSelectWant(t, "idle", srvs, want, 0)
	t.Logf("first Select over %d handles: %v", n, time.Since(start))
	pick := []int{1999, 3, 1024, 1500, 0, 777}
	for _, i := range pick {
		qaWrite(t, clis[i], "x")
	}
	for _, i := range pick {
		qaWaitReadable(t, srvs[i], unix.POLLIN)
	}
	start = time.Now()
	qaSelectWant(t, "six ready", srvs, want, time.Second, "0:1", "3:1", "777:1", "1024:1", "1500:1", "1999:1")
	t.Logf("steady Select over %d handles: %v", n, time.Since(start))
	for i := range want {
		want[i] = EvWrite
	}
	got, err := qaSelect(t, clis, want, time.Second)
	if err != nil || len(got) != n {
		t.Fatalf("write readiness: %d entries, %v", len(got), err)
	}
	for i, g := range got {
		if g != fmt.Sprintf("%d:2", i) {
			t.Fatalf("entry %d = %s", i, g)
		}
	}
}

// TestBugSelectExceptOnlySpins: a handle asked for EvExcept alone whose
// socket has a hang-up pending makes Select spin: EPOLLHUP is level-
// triggered and always reported, readyBits masks it out (select(2) does not
// count a hang-up as an exception), and the loop in Select calls
// epoll_wait again at once until the timeout: 100% CPU for the whole wait.
func TestBugSelectExceptOnlySpins(t *testing.T) {
	qaNoLeak(t)
	a, b, err := Pair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(a)
	Close(b) // a now reports EPOLLHUP
	var calls atomic.Int32
	orig := epollWait
	epollWait = func(epfd int, ev []unix.EpollEvent, ms int) (int, error) {
		calls.Add(1)
		return orig(epfd, ev, ms)
	}
	defer func() { epollWait = orig }()
	start := time.Now()
	qaSelectWant(t, "except only", []int64{a}, []byte{EvExcept}, 300*time.Millisecond)
	t.Logf("%d epoll_wait calls in %v", calls.Load(), time.Since(start))
	if calls.Load() > 5 {
		t.Fatalf("Select made %d epoll_wait calls in one 300ms wait (busy loop)", calls.Load())
	}
}

// TestBugSelectCloseExceptOnly: header: gs_close during a wait makes the
// wait return. For a handle asked for EvExcept alone, collect() reports a
// closing handle only with want&(EvRead|EvWrite) = 0 bits, so Select does
// not return: it spins (see above) until its timeout, forever with -1.
func TestBugSelectCloseExceptOnly(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	done := make(chan error, 1)
	go func() { _, err := qaSelect(t, []int64{c.srv}, []byte{EvExcept}, 3*time.Second); done <- err }()
	qaWaitHeld(t, c.srv)
	start := time.Now()
	Close(c.srv)
	select {
	case <-done:
		if d := time.Since(start); d > time.Second {
			t.Fatalf("Select returned %v after Close, at its timeout", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Select did not return")
	}
}
