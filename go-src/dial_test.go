package core

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestDialErrors(t *testing.T) {
	qaNoLeak(t)
	// A port nobody listens on: bind one, note it, close it.
	ln := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, "")
	addr := qaDialAddr(t, "tcp", ln)
	Close(ln)
	_, err := Dial(addr, 0, time.Second, Options{})
	qaWantCode(t, "refused", err, -Code(unix.ECONNREFUSED))
	if err.Error() != "Connection refused" {
		t.Errorf("message %q", err.Error())
	}
	_, err = Dial("unix:///nonexistent-gs-dir/x.sock", 0, time.Second, Options{})
	qaWantCode(t, "unix ENOENT", err, -Code(unix.ENOENT))
	_, err = Dial("foo://x:1", 0, time.Second, Options{})
	qaWantCode(t, "transport", err, CodeTransport)
	_, err = Dial("127.0.0.1:99999", 0, time.Second, Options{})
	qaWantCode(t, "port", err, CodeParse)

	orig := lookupHost
	lookupHost = func(h string) ([]netip.Addr, error) { return nil, resolveError(h, nil) }
	defer func() { lookupHost = orig }()
	_, err = Dial("nonexistent.invalid:80", 0, time.Second, Options{})
	qaWantCode(t, "resolve", err, CodeResolve)
}

// TestDialTriesEachAddress: a name that resolves to a dead address first
// still connects through the next one, as PHP does.
func TestDialTriesEachAddress(t *testing.T) {
	qaNoLeak(t)
	dead := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, "")
	port := qaPort(t, dead)
	Close(dead)
	live := qaListen(t, fmt.Sprintf("tcp://127.0.0.2:%d", port), FlagBind|FlagListen, "")
	orig := lookupHost
	lookupHost = func(h string) ([]netip.Addr, error) {
		if h == "two.test" {
			return []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("127.0.0.2")}, nil
		}
		return orig(h)
	}
	defer func() { lookupHost = orig }()
	h := qaDial(t, fmt.Sprintf("tcp://two.test:%d", port))
	if got := qaName(t, h, true); got != fmt.Sprintf("127.0.0.2:%d", port) {
		t.Fatalf("connected to %q", got)
	}
	qaAccept(t, live)
}

// TestDialTimeout: a listener whose accept queue is full drops SYNs, so a
// connect waits; it ends at the timeout with -ETIMEDOUT.
func TestDialTimeout(t *testing.T) {
	qaNoLeak(t)
	ln := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, `{"socket":{"backlog":0}}`)
	addr := qaDialAddr(t, "tcp", ln)
	// Fill the queue (backlog 0 holds one or two connections).
	var filled int
	for i := 0; i < 8; i++ {
		h, err := Dial(addr, 0, 200*time.Millisecond, Options{})
		if err != nil {
			break
		}
		t.Cleanup(func() { Close(h) })
		filled++
	}
	if filled == 8 {
		t.Skip("the accept queue never filled")
	}
	start := time.Now()
	_, err := Dial(addr, 0, 150*time.Millisecond, Options{})
	d := time.Since(start)
	qaWantCode(t, "dial into a full queue", err, -Code(unix.ETIMEDOUT))
	if d < 140*time.Millisecond || d > 3*time.Second {
		t.Errorf("timed out after %v, want about 150ms", d)
	}
}

// TestDialUnixFullBacklog: a unix connect into a full backlog is retried
// until the timeout.
func TestDialUnixFullBacklog(t *testing.T) {
	qaNoLeak(t)
	path := qaSockPath(t, "full")
	ln := qaListen(t, "unix://"+path, FlagBind|FlagListen, `{"socket":{"backlog":1}}`)
	_ = ln
	var err error
	for i := 0; i < 8; i++ {
		var h int64
		h, err = Dial("unix://"+path, 0, 100*time.Millisecond, Options{})
		if err != nil {
			break
		}
		t.Cleanup(func() { Close(h) })
	}
	qaWantCode(t, "unix full backlog", err, -Code(unix.ETIMEDOUT))
	// Accepting one frees a place: the next connect works.
	h, _, aerr := Accept(ln, time.Second)
	if aerr != nil {
		t.Fatal(aerr)
	}
	Close(h)
	qaDial(t, "unix://"+path)
}

func TestDialAsync(t *testing.T) {
	qaNoLeak(t)
	ln := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, "")
	addr := qaDialAddr(t, "tcp", ln)
	h, err := Dial(addr, FlagAsyncConnect, time.Second, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer Close(h)
	qaSelectWant(t, "async connected", []int64{h}, []byte{EvWrite}, time.Second, "0:2")
	if got := qaName(t, h, true); got != qaName(t, ln, false) {
		t.Errorf("peer %q", got)
	}
	qaAccept(t, ln)

	// A refused async connect becomes writable, and the error shows on use.
	Close(ln)
	h2, err := Dial(addr, FlagAsyncConnect, time.Second, Options{})
	if err != nil {
		qaWantCode(t, "async refused at once", err, -Code(unix.ECONNREFUSED))
		return
	}
	defer Close(h2)
	qaSelectWant(t, "async refused", []int64{h2}, []byte{EvWrite}, time.Second, "0:2")
	_, err = Write(h2, []byte("x"))
	if c := CodeOf(err); c != -Code(unix.ECONNREFUSED) && c != -Code(unix.EPIPE) {
		t.Errorf("write after a refused async connect: %v", err)
	}
}

func TestDialBindTo(t *testing.T) {
	qaNoLeak(t)
	ln := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, "")
	addr := qaDialAddr(t, "tcp", ln)
	h, err := Dial(addr, 0, time.Second, qaOpts(t, `{"socket":{"bindto":"127.0.0.3:0","tcp_nodelay":true}}`))
	if err != nil {
		t.Fatal(err)
	}
	defer Close(h)
	if got := qaName(t, h, false); !strings.HasPrefix(got, "127.0.0.3:") {
		t.Errorf("bound to %q, want 127.0.0.3:*", got)
	}
	if v, _ := unix.GetsockoptInt(qaFD(t, h), unix.IPPROTO_TCP, unix.TCP_NODELAY); v != 1 {
		t.Errorf("client TCP_NODELAY = %d", v)
	}
	_, peer := qaAccept(t, ln)
	if !strings.HasPrefix(peer, "127.0.0.3:") {
		t.Errorf("server saw %q", peer)
	}
	_, err = Dial(addr, 0, time.Second, qaOpts(t, `{"socket":{"bindto":"garbage"}}`))
	qaWantCode(t, "bindto garbage", err, CodeParse)
	if qaHasIPv6() {
		_, err = Dial(addr, 0, time.Second, qaOpts(t, `{"socket":{"bindto":"[::1]:0"}}`))
		qaWantCode(t, "bindto of another family", err, -Code(unix.EAFNOSUPPORT))
	}
}
