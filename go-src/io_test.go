package core

import (
	"bytes"
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// ---- connections over every stream transport --------------------------

func TestStreamEcho(t *testing.T) {
	for _, tc := range []struct {
		name, addr string
		kind       Kind
		nameRE     string
	}{
		{"tcp4", "tcp://127.0.0.1:0", KindTCP, `^127\.0\.0\.1:[1-9][0-9]*$`},
		{"tcp6", "tcp://[::1]:0", KindTCP, `^\[::1\]:[1-9][0-9]*$`},
		{"unix", "unix", KindUnix, `^/.*/s$`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "tcp6" && !qaHasIPv6() {
				t.Skip("no IPv6 loopback")
			}
			qaNoLeak(t)
			c := qaStream(t, tc.addr)
			re := regexp.MustCompile(tc.nameRE)
			lname := qaName(t, c.ln, false)
			if !re.MatchString(lname) {
				t.Errorf("listener name %q does not match %s", lname, tc.nameRE)
			}
			if got := qaName(t, c.cli, true); got != lname {
				t.Errorf("client's peer name %q, want the listener's %q", got, lname)
			}
			if _, err := Name(c.ln, true); CodeOf(err) != -Code(unix.ENOTCONN) {
				t.Errorf("listener peer name: %v, want -ENOTCONN", err)
			}
			if tc.kind == KindUnix {
				// An unbound client has no name: "" from accept and getsockname.
				if c.peer != "" || qaName(t, c.cli, false) != "" || qaName(t, c.srv, true) != "" {
					t.Errorf("unnamed unix peer: accept %q, client local %q, server remote %q",
						c.peer, qaName(t, c.cli, false), qaName(t, c.srv, true))
				}
				if got := qaName(t, c.srv, false); got != lname {
					t.Errorf("accepted local name %q, want %q", got, lname)
				}
			} else {
				if cl := qaName(t, c.cli, false); c.peer != cl || qaName(t, c.srv, true) != cl || !re.MatchString(cl) {
					t.Errorf("peer names: accept %q, client local %q, server remote %q", c.peer, cl, qaName(t, c.srv, true))
				}
			}
			for _, h := range []int64{c.cli, c.srv} {
				in, err := Stat(h)
				if err != nil || in.Kind != tc.kind || !in.Blocking || in.Listener || in.EOF || in.TimedOut || in.Timeout != DefaultTimeout {
					t.Errorf("Stat = %+v, %v", in, err)
				}
			}
			if in, _ := Stat(c.ln); !in.Listener || in.Kind != tc.kind {
				t.Errorf("listener Stat = %+v", in)
			}

			qaWrite(t, c.cli, "hello\n")
			if got := string(qaReadN(t, c.srv, 6)); got != "hello\n" {
				t.Fatalf("server read %q", got)
			}
			qaWrite(t, c.srv, "world")
			if got := string(qaReadN(t, c.cli, 5)); got != "world" {
				t.Fatalf("client read %q", got)
			}

			// 1 MiB each way while the other side reads: every byte checked.
			big := bytes.Repeat([]byte("0123456789abcdefghijklmnopqrstuv"), 1<<15)
			done := make(chan error, 1)
			go func() {
				n, err := Write(c.cli, big)
				if err == nil && n != len(big) {
					err = fmt.Errorf("short blocking write %d", n)
				}
				done <- err
			}()
			if got := qaReadN(t, c.srv, len(big)); !bytes.Equal(got, big) {
				t.Fatal("1 MiB transfer corrupted")
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}

			// EOF once the client closes.
			Close(c.cli)
			SetTimeout(c.srv, 5*time.Second)
			if n, err := Read(c.srv, make([]byte, 8)); n != 0 || err != nil {
				t.Fatalf("Read at EOF = %d, %v", n, err)
			}
			if in, _ := Stat(c.srv); !in.EOF {
				t.Fatal("EOF flag not set")
			}
		})
	}
}

func TestListenerIO(t *testing.T) {
	qaNoLeak(t)
	ln := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, "")
	if _, err := Read(ln, make([]byte, 4)); CodeOf(err) != -Code(unix.ENOTCONN) {
		t.Errorf("Read on a listener: %v", err)
	}
	if _, err := ReadLine(ln, make([]byte, 4)); CodeOf(err) != -Code(unix.ENOTCONN) {
		t.Errorf("ReadLine on a listener: %v", err)
	}
	// PHP: "Send of 1 bytes failed with errno=32 Broken pipe".
	if _, err := Write(ln, []byte("x")); CodeOf(err) != -Code(unix.EPIPE) {
		t.Errorf("Write on a listener: %v (code %d), want -EPIPE", err, CodeOf(err))
	}
	sl := qaSockless(t)
	defer Close(sl)
	for what, err := range map[string]error{
		"Read":     func() error { _, e := Read(sl, make([]byte, 4)); return e }(),
		"Write":    func() error { _, e := Write(sl, []byte("x")); return e }(),
		"Name":     func() error { _, e := Name(sl, false); return e }(),
		"Shutdown": Shutdown(sl, 2),
		"SendTo":   func() error { _, e := SendTo(sl, []byte("x"), 0, ""); return e }(),
	} {
		if CodeOf(err) != -Code(unix.ENOTSOCK) {
			t.Errorf("%s on a socket-less handle: %v, want -ENOTSOCK", what, err)
		}
	}
	if in, err := Stat(sl); err != nil || in.Kind != KindNone {
		t.Errorf("socket-less Stat = %+v, %v", in, err)
	}
}

// ---- datagrams ---------------------------------------------------------

func TestUDP(t *testing.T) {
	for _, tc := range []struct{ name, addr, nameRE string }{
		{"udp4", "udp://127.0.0.1:0", `^127\.0\.0\.1:[1-9][0-9]*$`},
		{"udp6", "udp://[::1]:0", `^\[::1\]:[1-9][0-9]*$`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "udp6" && !qaHasIPv6() {
				t.Skip("no IPv6 loopback")
			}
			qaNoLeak(t)
			re := regexp.MustCompile(tc.nameRE)
			srv := qaListen(t, tc.addr, FlagBind, "")
			sname := qaName(t, srv, false)
			if !re.MatchString(sname) {
				t.Fatalf("udp server name %q", sname)
			}
			if _, err := Name(srv, true); CodeOf(err) != -Code(unix.ENOTCONN) {
				t.Errorf("unconnected udp peer name: %v", err)
			}
			cli := qaDial(t, "udp://"+sname)
			if in, _ := Stat(cli); in.Kind != KindUDP {
				t.Errorf("kind %d", in.Kind)
			}
			qaWrite(t, cli, "ping")
			qaWaitReadable(t, srv, unix.POLLIN)
			buf := make([]byte, 64)
			n, from, err := RecvFrom(srv, buf, 0)
			if err != nil || string(buf[:n]) != "ping" {
				t.Fatalf("RecvFrom = %q, %q, %v", buf[:n], from, err)
			}
			if cl := qaName(t, cli, false); from != cl || !re.MatchString(from) {
				t.Fatalf("RecvFrom sender %q, client name %q", from, cl)
			}
			if n, err := SendTo(srv, []byte("pong"), 0, from); n != 4 || err != nil {
				t.Fatalf("SendTo(%q) = %d, %v", from, n, err)
			}
			if got := string(qaReadN(t, cli, 4)); got != "pong" {
				t.Fatalf("client got %q", got)
			}
			// One read is one datagram; the rest of a long one is dropped.
			qaWrite(t, cli, "abcdef")
			qaWrite(t, cli, "gh")
			qaWaitReadable(t, srv, unix.POLLIN)
			if n, err := Read(srv, buf[:3]); err != nil || string(buf[:n]) != "abc" {
				t.Fatalf("short datagram read %q, %v", buf[:n], err)
			}
			qaWaitReadable(t, srv, unix.POLLIN)
			if n, err := Read(srv, buf); err != nil || string(buf[:n]) != "gh" {
				t.Fatalf("next datagram %q, %v", buf[:n], err)
			}
			SetBlocking(srv, false)
			if _, err := Read(srv, buf); err != ErrWouldBlock {
				t.Fatalf("empty non-blocking udp read: %v", err)
			}
			if _, _, err := RecvFrom(srv, buf, 0); CodeOf(err) != -Code(unix.EAGAIN) {
				t.Fatalf("empty non-blocking udp recvfrom: %v", err)
			}
		})
	}
}

func TestSendToErrors(t *testing.T) {
	qaNoLeak(t)
	srv := qaListen(t, "udp://127.0.0.1:0", FlagBind, "")
	for _, to := range []string{"nonsense", "127.0.0.1", "[::1", "[::1]", "/tmp/x.sock", "h:99999", "h:-1", ":"} {
		n, err := SendTo(srv, []byte("x"), 0, to)
		qaWantCode(t, "SendTo "+to, err, CodeParse)
		if want := "Failed to parse `" + to + "' into a valid network address"; err.Error() != want || n != 0 {
			t.Errorf("SendTo(%q) = %d, %q; want %q", to, n, err, want)
		}
	}
	// An unresolvable host gives the same parse error (resolver stubbed).
	orig := lookupHost
	lookupHost = func(h string) ([]netip.Addr, error) {
		if h == "nonexistent.invalid" {
			return nil, resolveError(h, nil)
		}
		return orig(h)
	}
	defer func() { lookupHost = orig }()
	_, err := SendTo(srv, []byte("x"), 0, "nonexistent.invalid:9")
	qaWantCode(t, "SendTo unresolvable", err, CodeParse)
	if qaHasIPv6() {
		// An IPv6 target from an IPv4 socket is the kernel's error.
		_, err := SendTo(srv, []byte("x"), 0, "[::1]:9")
		qaWantCode(t, "SendTo v6 from v4", err, -Code(unix.EAFNOSUPPORT))
	}
}

func TestUDG(t *testing.T) {
	qaNoLeak(t)
	path := qaSockPath(t, "d")
	srv := qaListen(t, "udg://"+path, FlagBind, "")
	if got := qaName(t, srv, false); got != path {
		t.Errorf("udg name %q, want %q", got, path)
	}
	cli := qaDial(t, "udg://"+path)
	if in, _ := Stat(cli); in.Kind != KindUDG {
		t.Errorf("kind %d", in.Kind)
	}
	qaWrite(t, cli, "hello")
	qaWaitReadable(t, srv, unix.POLLIN)
	buf := make([]byte, 16)
	n, from, err := RecvFrom(srv, buf, 0)
	if err != nil || string(buf[:n]) != "hello" || from != "" {
		t.Fatalf("RecvFrom = %q from %q, %v; want \"hello\" from \"\"", buf[:n], from, err)
	}
	// Unix paths are not sendto targets (as in PHP).
	_, err = SendTo(srv, []byte("x"), 0, path)
	qaWantCode(t, "SendTo a unix path", err, CodeParse)
}

// ---- line reads and the library's buffer --------------------------------

func TestReadLineBuffering(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	SetTimeout(c.srv, 5*time.Second)
	qaWrite(t, c.cli, "line1\nline2\npartial")
	qaWaitReadable(t, c.srv, unix.POLLIN)
	time.Sleep(20 * time.Millisecond) // the whole write has arrived
	buf := make([]byte, 64)
	line := func(want string) {
		t.Helper()
		n, err := ReadLine(c.srv, buf)
		if err != nil || string(buf[:n]) != want {
			t.Fatalf("ReadLine = %q, %v; want %q", buf[:n], err, want)
		}
	}
	unread := func(want int) {
		t.Helper()
		if in, _ := Stat(c.srv); in.Unread != want {
			t.Fatalf("Unread = %d, want %d", in.Unread, want)
		}
	}
	line("line1\n")
	unread(len("line2\npartial"))
	line("line2\n")
	unread(len("partial"))
	// Read serves buffered bytes first, and only them.
	n, err := Read(c.srv, buf[:3])
	if err != nil || string(buf[:n]) != "par" {
		t.Fatalf("Read from the buffer = %q, %v", buf[:n], err)
	}
	qaWrite(t, c.cli, "SOCKET")
	qaWaitReadable(t, c.srv, unix.POLLIN)
	n, err = Read(c.srv, buf)
	if err != nil || string(buf[:n]) != "tial" {
		t.Fatalf("Read = %q, %v; want the buffered \"tial\" alone", buf[:n], err)
	}
	unread(0)
	n, err = Read(c.srv, buf)
	if err != nil || string(buf[:n]) != "SOCKET" {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}
	// A partial last line comes before EOF.
	qaWrite(t, c.cli, "x\ntail-without-newline")
	Shutdown(c.cli, unix.SHUT_WR)
	line("x\n")
	line("tail-without-newline")
	if n, err := ReadLine(c.srv, buf); n != 0 || err != nil {
		t.Fatalf("ReadLine at EOF = %d (%q), %v", n, buf[:n], err)
	}
	if in, _ := Stat(c.srv); !in.EOF {
		t.Fatal("EOF not set")
	}
}

func TestReadLineLongerThanBuffer(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	SetTimeout(c.srv, 5*time.Second)
	qaWrite(t, c.cli, "abcdefghij\nk\n")
	Shutdown(c.cli, unix.SHUT_WR)
	buf := make([]byte, 4)
	var got []string
	for i := 0; i < 10; i++ {
		n, err := ReadLine(c.srv, buf)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		got = append(got, string(buf[:n]))
	}
	if want := []string{"abcd", "efgh", "ij\n", "k\n"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("lines %q, want %q", got, want)
	}
	// A line far longer than one kernel read (8 KiB) still comes whole.
	c2 := qaTCP(t)
	SetTimeout(c2.srv, 5*time.Second)
	long := strings.Repeat("y", 50000) + "\n"
	go Write(c2.cli, []byte(long+"z\n"))
	big := make([]byte, 100000)
	n, err := ReadLine(c2.srv, big)
	if err != nil || string(big[:n]) != long {
		t.Fatalf("long line: %d bytes, %v", n, err)
	}
	if n, err := ReadLine(c2.srv, big); err != nil || string(big[:n]) != "z\n" {
		t.Fatalf("after the long line: %q, %v", big[:n], err)
	}
}

func TestReadLineNonBlocking(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	SetBlocking(c.srv, false)
	buf := make([]byte, 64)
	if _, err := ReadLine(c.srv, buf); err != ErrWouldBlock {
		t.Fatalf("ReadLine with nothing = %v, want ErrWouldBlock", err)
	}
	qaWrite(t, c.cli, "par")
	qaWaitReadable(t, c.srv, unix.POLLIN)
	if n, err := ReadLine(c.srv, buf); err != nil || string(buf[:n]) != "par" {
		t.Fatalf("partial line = %q, %v", buf[:n], err)
	}
	if _, err := ReadLine(c.srv, buf); err != ErrWouldBlock {
		t.Fatalf("ReadLine after the partial = %v", err)
	}
	qaWrite(t, c.cli, "tial\nmore")
	qaWaitReadable(t, c.srv, unix.POLLIN)
	time.Sleep(10 * time.Millisecond)
	if n, err := ReadLine(c.srv, buf); err != nil || string(buf[:n]) != "tial\n" {
		t.Fatalf("line = %q, %v", buf[:n], err)
	}
	if in, _ := Stat(c.srv); in.Unread != 4 || in.TimedOut {
		t.Fatalf("Stat = %+v", in)
	}
}

func TestReadLineTimeout(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	SetTimeout(c.srv, 100*time.Millisecond)
	qaWrite(t, c.cli, "abc")
	buf := make([]byte, 64)
	start := time.Now()
	n, err := ReadLine(c.srv, buf)
	if err != nil || string(buf[:n]) != "abc" {
		t.Fatalf("ReadLine = %q, %v; want the partial line at the timeout", buf[:n], err)
	}
	if d := time.Since(start); d < 90*time.Millisecond || d > 3*time.Second {
		t.Errorf("partial line after %v, want about 100ms", d)
	}
	start = time.Now()
	if _, err := ReadLine(c.srv, buf); err != ErrTimeout {
		t.Fatalf("ReadLine with nothing = %v, want ErrTimeout", err)
	}
	if in, _ := Stat(c.srv); !in.TimedOut {
		t.Fatal("TimedOut not set")
	}
}

// ---- timeouts and blocking modes --------------------------------------------

func TestBlockingReadTimeout(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	SetTimeout(c.srv, 80*time.Millisecond)
	if in, _ := Stat(c.srv); in.Timeout != 80*time.Millisecond {
		t.Fatalf("Timeout = %v", in.Timeout)
	}
	buf := make([]byte, 8)
	start := time.Now()
	_, err := Read(c.srv, buf)
	d := time.Since(start)
	if err != ErrTimeout || CodeOf(err) != -Code(unix.ETIMEDOUT) {
		t.Fatalf("Read = %v, want ErrTimeout (-ETIMEDOUT)", err)
	}
	if d < 80*time.Millisecond || d > 3*time.Second {
		t.Errorf("timed out after %v, want about 80ms", d)
	}
	in, _ := Stat(c.srv)
	if !in.TimedOut || in.EOF {
		t.Fatalf("after timeout Stat = %+v", in)
	}
	SetTimeout(c.srv, 80*time.Millisecond)
	if in, _ := Stat(c.srv); in.TimedOut {
		t.Fatal("SetTimeout did not clear TimedOut")
	}
	Read(c.srv, buf)
	qaWrite(t, c.cli, "x")
	if n, err := Read(c.srv, buf); n != 1 || err != nil {
		t.Fatalf("Read = %d, %v", n, err)
	}
	if in, _ := Stat(c.srv); in.TimedOut {
		t.Fatal("a successful read did not clear TimedOut")
	}
	// Timeout 0 checks once.
	SetTimeout(c.srv, 0)
	start = time.Now()
	if _, err := Read(c.srv, buf); err != ErrTimeout || time.Since(start) > time.Second {
		t.Fatalf("Read with timeout 0 = %v after %v", err, time.Since(start))
	}
	SetTimeout(c.srv, -5)
	if in, _ := Stat(c.srv); in.Timeout >= 0 {
		t.Fatalf("negative timeout reported as %v", in.Timeout)
	}
}

func TestNonBlockingRead(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	SetBlocking(c.srv, false)
	if in, _ := Stat(c.srv); in.Blocking {
		t.Fatal("still blocking")
	}
	start := time.Now()
	if _, err := Read(c.srv, make([]byte, 8)); err != ErrWouldBlock || CodeOf(err) != -Code(unix.EAGAIN) {
		t.Fatalf("Read = %v, want ErrWouldBlock", err)
	}
	if time.Since(start) > time.Second {
		t.Fatal("non-blocking read waited")
	}
	if in, _ := Stat(c.srv); in.TimedOut || in.EOF {
		t.Fatalf("Stat = %+v", in)
	}
}

// TestNonBlockingWriteShortCount: against a peer that does not read, a
// non-blocking write returns what the kernel took, then 0, never an error;
// all of it arrives intact once the peer reads.
func TestNonBlockingWriteShortCount(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	unix.SetsockoptInt(qaFD(t, c.cli), unix.SOL_SOCKET, unix.SO_SNDBUF, 4096)
	unix.SetsockoptInt(qaFD(t, c.srv), unix.SOL_SOCKET, unix.SO_RCVBUF, 4096)
	SetBlocking(c.cli, false)
	data := make([]byte, 4<<20)
	for i := range data {
		data[i] = byte(i % 251)
	}
	total := 0
	zero := false
	for i := 0; i < 200 && total < len(data); i++ {
		n, err := Write(c.cli, data[total:])
		if err != nil {
			t.Fatalf("non-blocking write %d: error %v", i, err)
		}
		if n < 0 || total+n > len(data) {
			t.Fatalf("write count %d", n)
		}
		if n == 0 {
			zero = true
			break
		}
		total += n
	}
	if !zero || total == 0 || total >= len(data) {
		t.Fatalf("wrote %d of %d bytes, saw a 0 write: %v", total, len(data), zero)
	}
	got := qaReadN(t, c.srv, total)
	if !bytes.Equal(got, data[:total]) {
		t.Fatal("data corrupted")
	}
}

func TestBlockingWriteTimeout(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	unix.SetsockoptInt(qaFD(t, c.cli), unix.SOL_SOCKET, unix.SO_SNDBUF, 4096)
	unix.SetsockoptInt(qaFD(t, c.srv), unix.SOL_SOCKET, unix.SO_RCVBUF, 4096)
	SetTimeout(c.cli, 100*time.Millisecond)
	start := time.Now()
	n, err := Write(c.cli, make([]byte, 4<<20))
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("blocking write with a 100ms timeout took %v", d)
	}
	if !(err == nil && n > 0 && n < 4<<20) && err != ErrTimeout {
		t.Fatalf("Write = %d, %v; want a short count or ErrTimeout", n, err)
	}
}

func TestWriteToClosedPeer(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	Close(c.srv)
	var err error
	for i := 0; i < 100 && err == nil; i++ {
		_, err = Write(c.cli, []byte("data after the peer closed"))
		time.Sleep(time.Millisecond)
	}
	if code := CodeOf(err); code != -Code(unix.EPIPE) && code != -Code(unix.ECONNRESET) {
		t.Fatalf("writing to a closed peer: %v (code %d), want -EPIPE or -ECONNRESET", err, code)
	}
}

// ---- recvfrom / sendto flags ----------------------------------------------

func TestRecvFromPeekAndOOB(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	buf := make([]byte, 64)
	qaWrite(t, c.cli, "peekdata")
	qaWaitReadable(t, c.srv, unix.POLLIN)
	n, from, err := RecvFrom(c.srv, buf, FlagPeek)
	if err != nil || string(buf[:n]) != "peekdata" || from != "" {
		t.Fatalf("peek = %q from %q, %v", buf[:n], from, err)
	}
	if got := string(qaReadN(t, c.srv, 8)); got != "peekdata" {
		t.Fatalf("after peek, Read = %q", got)
	}
	// No urgent data: an error at once, no wait.
	start := time.Now()
	if _, _, err := RecvFrom(c.srv, buf, FlagOOB); err == nil || time.Since(start) > time.Second {
		t.Fatalf("OOB with none pending = %v after %v", err, time.Since(start))
	}
	qaWrite(t, c.cli, "normal")
	if n, err := SendTo(c.cli, []byte("!"), FlagOOB, ""); n != 1 || err != nil {
		t.Fatalf("SendTo OOB = %d, %v", n, err)
	}
	qaWaitReadable(t, c.srv, unix.POLLPRI)
	n, _, err = RecvFrom(c.srv, buf, FlagOOB)
	if err != nil || string(buf[:n]) != "!" {
		t.Fatalf("OOB = %q, %v", buf[:n], err)
	}
	if got := string(qaReadN(t, c.srv, 6)); got != "normal" {
		t.Fatalf("in-band = %q", got)
	}
}

func TestRecvFromBypassesLineBuffer(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	SetTimeout(c.srv, 5*time.Second)
	qaWrite(t, c.cli, "a\nbuffered")
	qaWaitReadable(t, c.srv, unix.POLLIN)
	time.Sleep(10 * time.Millisecond)
	buf := make([]byte, 64)
	if n, err := ReadLine(c.srv, buf); err != nil || string(buf[:n]) != "a\n" {
		t.Fatalf("ReadLine = %q, %v", buf[:n], err)
	}
	qaWrite(t, c.cli, "sock")
	qaWaitReadable(t, c.srv, unix.POLLIN)
	if n, _, err := RecvFrom(c.srv, buf, 0); err != nil || string(buf[:n]) != "sock" {
		t.Fatalf("RecvFrom = %q, %v; want the socket's bytes, not the buffer's", buf[:n], err)
	}
	if n, err := Read(c.srv, buf); err != nil || string(buf[:n]) != "buffered" {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}
	// Blocking recvfrom waits no longer than the timeout; non-blocking not at all.
	SetTimeout(c.srv, 50*time.Millisecond)
	start := time.Now()
	if _, _, err := RecvFrom(c.srv, buf, 0); err != ErrTimeout || time.Since(start) > 3*time.Second {
		t.Fatalf("blocking RecvFrom = %v after %v", err, time.Since(start))
	}
	SetBlocking(c.srv, false)
	if _, _, err := RecvFrom(c.srv, buf, 0); CodeOf(err) != -Code(unix.EAGAIN) {
		t.Fatalf("non-blocking RecvFrom = %v", err)
	}
	Close(c.cli)
	qaWaitReadable(t, c.srv, unix.POLLIN)
	if n, _, err := RecvFrom(c.srv, buf, 0); n != 0 || err != nil {
		t.Fatalf("RecvFrom at EOF = %d, %v", n, err)
	}
}

// ---- names, shutdown, pairs ----------------------------------------------------

func TestNameAbstractAndPair(t *testing.T) {
	qaNoLeak(t)
	abs := fmt.Sprintf("unix://\x00gostream-test-%d", time.Now().UnixNano())
	ln := qaListen(t, abs, FlagBind|FlagListen, "")
	if got := qaName(t, ln, false); got != "" {
		t.Errorf("abstract socket name %q, want \"\" (PHP: false)", got)
	}
	cli := qaDial(t, abs)
	srv, peer := qaAccept(t, ln)
	_ = srv
	if peer != "" || qaName(t, cli, true) != "" {
		t.Errorf("abstract names: peer %q, remote %q", peer, qaName(t, cli, true))
	}
	a, b, err := Pair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(a)
	defer Close(b)
	if qaName(t, a, false) != "" || qaName(t, a, true) != "" {
		t.Errorf("pair names not empty")
	}
}

func TestShutdown(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	if err := Shutdown(c.cli, unix.SHUT_WR); err != nil {
		t.Fatal(err)
	}
	SetTimeout(c.srv, 5*time.Second)
	if n, err := Read(c.srv, make([]byte, 4)); n != 0 || err != nil {
		t.Fatalf("server Read after client SHUT_WR = %d, %v", n, err)
	}
	qaWrite(t, c.srv, "back")
	if got := string(qaReadN(t, c.cli, 4)); got != "back" {
		t.Fatalf("half-closed client read %q", got)
	}
	if err := Shutdown(c.cli, unix.SHUT_WR); err != nil {
		t.Errorf("repeated shutdown: %v", err)
	}
	for _, how := range []int{-1, 3, 100} {
		qaWantCode(t, fmt.Sprint("Shutdown how=", how), Shutdown(c.cli, how), CodeArg)
	}
	qaWantCode(t, "Shutdown closed", Shutdown(c.ln+1<<indexBits, 0), -Code(unix.EBADF))
}

func TestPair(t *testing.T) {
	qaNoLeak(t)
	a, b, err := Pair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	qaWrite(t, a, "to b")
	if got := string(qaReadN(t, b, 4)); got != "to b" {
		t.Fatalf("b got %q", got)
	}
	qaWrite(t, b, "to a")
	if got := string(qaReadN(t, a, 4)); got != "to a" {
		t.Fatalf("a got %q", got)
	}
	if in, _ := Stat(a); in.Kind != KindPair || !in.Blocking {
		t.Errorf("pair Stat = %+v", in)
	}
	Close(a)
	if n, err := Read(b, make([]byte, 4)); n != 0 || err != nil {
		t.Fatalf("Read after the other end closed = %d, %v", n, err)
	}
	Close(b)

	a, b, err = Pair(unix.AF_UNIX, unix.SOCK_DGRAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(a)
	defer Close(b)
	qaWrite(t, a, "one")
	qaWrite(t, a, "two")
	buf := make([]byte, 16)
	for _, want := range []string{"one", "two"} {
		if n, err := Read(b, buf); err != nil || string(buf[:n]) != want {
			t.Fatalf("dgram pair read %q, %v; want %q", buf[:n], err, want)
		}
	}

	_, _, err = Pair(unix.AF_INET, unix.SOCK_STREAM, 0)
	qaWantCode(t, "Pair(AF_INET)", err, -Code(unix.EOPNOTSUPP))
	_, _, err = Pair(99, unix.SOCK_STREAM, 0)
	qaWantCode(t, "Pair(99)", err, -Code(unix.EAFNOSUPPORT))
}

// ---- accept ----------------------------------------------------------------

func TestAcceptTimeout(t *testing.T) {
	qaNoLeak(t)
	ln := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, "")
	start := time.Now()
	_, _, err := Accept(ln, 100*time.Millisecond)
	if d := time.Since(start); err != ErrTimeout || d < 100*time.Millisecond || d > 3*time.Second {
		t.Fatalf("Accept(100ms) = %v after %v", err, d)
	}
	start = time.Now()
	if _, _, err := Accept(ln, 0); err != ErrTimeout || time.Since(start) > time.Second {
		t.Fatalf("Accept(0) = %v after %v", err, time.Since(start))
	}
	// A non-blocking listener still waits (as PHP's poll does).
	SetBlocking(ln, false)
	cli := qaDial(t, qaDialAddr(t, "tcp", ln))
	_ = cli
	h, _, err := Accept(ln, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(h)
	if in, _ := Stat(h); !in.Blocking {
		t.Error("accepted stream is not in blocking mode")
	}
}

// TestAcceptNonListener: accept on a connected, datagram or socket-less
// handle behaves like a timeout.
func TestAcceptNonListener(t *testing.T) {
	qaNoLeak(t)
	c := qaTCP(t)
	udp := qaListen(t, "udp://127.0.0.1:0", FlagBind, "")
	sl := qaSockless(t)
	defer Close(sl)
	for name, h := range map[string]int64{"connected": c.cli, "udp": udp, "socket-less": sl} {
		start := time.Now()
		_, _, err := Accept(h, 60*time.Millisecond)
		if d := time.Since(start); err != ErrTimeout || d < 50*time.Millisecond || d > 3*time.Second {
			t.Errorf("Accept on %s = %v after %v, want ErrTimeout after 60ms", name, err, d)
		}
	}
}

// ---- close while another goroutine waits -----------------------------------

// qaWaitHeld waits until some operation holds a reference on h besides the
// table (so the operation is inside its wait).
func qaWaitHeld(t *testing.T, h int64) {
	t.Helper()
	s := handles.get(h)
	for i := 0; i < 500; i++ {
		if s.fd.state.Load()&refMask > 1 {
			time.Sleep(20 * time.Millisecond) // into poll(2)
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatal("the operation never started")
}

func TestCloseWakesBlockedOps(t *testing.T) {
	for _, tc := range []struct {
		name string
		op   func(c qaConn) (int64, error) // returns the handle it waits on
	}{
		{"Read", func(c qaConn) (int64, error) { _, err := Read(c.srv, make([]byte, 8)); return c.srv, err }},
		{"ReadLine", func(c qaConn) (int64, error) { _, err := ReadLine(c.srv, make([]byte, 8)); return c.srv, err }},
		{"RecvFrom", func(c qaConn) (int64, error) { _, _, err := RecvFrom(c.srv, make([]byte, 8), 0); return c.srv, err }},
		{"Accept", func(c qaConn) (int64, error) { _, _, err := Accept(c.ln, -1); return c.ln, err }},
		{"Write", func(c qaConn) (int64, error) { _, err := Write(c.cli, make([]byte, 16<<20)); return c.cli, err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			qaNoLeak(t)
			cl := qaCountCloses(t)
			c := qaTCP(t)
			for _, h := range []int64{c.srv, c.ln, c.cli} {
				SetTimeout(h, -1)
			}
			unix.SetsockoptInt(qaFD(t, c.cli), unix.SOL_SOCKET, unix.SO_SNDBUF, 4096)
			unix.SetsockoptInt(qaFD(t, c.srv), unix.SOL_SOCKET, unix.SO_RCVBUF, 4096)
			h := map[string]int64{"Accept": c.ln, "Write": c.cli}[tc.name]
			if h == 0 {
				h = c.srv
			}
			fd := qaFD(t, h)
			errc := make(chan error, 1)
			go func() { _, err := tc.op(c); errc <- err }()
			qaWaitHeld(t, h)
			start := time.Now()
			if err := Close(h); err != nil {
				t.Fatalf("Close: %v", err)
			}
			select {
			case err := <-errc:
				if tc.name == "Write" && err == nil {
					// a write that had written part reports its count
				} else if err == nil {
					t.Errorf("%s returned no error after Close", tc.name)
				} else if err != ErrBadHandle {
					t.Logf("%s returned %v (code %d)", tc.name, err, CodeOf(err))
				}
			case <-time.After(3 * time.Second):
				t.Fatalf("%s still blocked 3s after Close", tc.name)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("%s returned %v after Close", tc.name, d)
			}
			if n := cl.count(fd); n != 1 {
				t.Errorf("fd %d closed %d times, want once", fd, n)
			}
			if _, err := Stat(h); err != ErrBadHandle {
				t.Errorf("handle still open: %v", err)
			}
		})
	}
}

// TestBugAcceptNonListenerIgnoresClose: header: "gs_close ... may be
// called while another thread waits on the handle (that wait then
// returns)". Accept on a connected socket sleeps in poll(2) on no
// descriptor (listen.go: waitFD(-1, 0, timeout)), so Close cannot wake it:
// the caller sleeps out its whole timeout (forever with -1, and then the
// descriptor is never closed either). The test uses 2.5 s, not -1, so the
// goroutine ends and the test can wait for it.
func TestBugAcceptNonListenerIgnoresClose(t *testing.T) {
	c := qaTCP(t)
	cl := qaCountCloses(t)
	fd := qaFD(t, c.cli)
	errc := make(chan error, 1)
	go func() { _, _, err := Accept(c.cli, 2500*time.Millisecond); errc <- err }()
	t.Cleanup(func() { <-errc }) // join before the next test swaps seams
	qaWaitHeld(t, c.cli)
	start := time.Now()
	Close(c.cli)
	err := <-errc
	errc <- err
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Accept on a connected handle returned %v after Close (at its timeout, %v)", d, err)
	}
	if cl.count(fd) != 1 {
		t.Errorf("fd closed %d times", cl.count(fd))
	}
}

// TestBugNameUnixPathStartingWithAt: a unix socket bound to a relative path
// that starts with '@' is reported as "" (the abstract/unnamed form), where
// PHP reports the path. x/sys writes an abstract name's leading NUL as '@',
// and formatSockaddr (sockaddr_linux.go) cannot tell the two apart.
func TestBugNameUnixPathStartingWithAt(t *testing.T) {
	qaNoLeak(t)
	dir := qaSockPath(t, "")
	t.Chdir(dir)
	ln := qaListen(t, "unix://@rel.sock", FlagBind|FlagListen, "")
	if got := qaName(t, ln, false); got != "@rel.sock" {
		t.Fatalf("name of a socket bound to \"@rel.sock\" = %q, want \"@rel.sock\"", got)
	}
}

// TestNameV4MappedPeer: a dual-stack [::] listener reports an IPv4 client
// as PHP does, "[::ffff:127.0.0.1]:port".
func TestNameV4MappedPeer(t *testing.T) {
	if !qaHasIPv6() {
		t.Skip("no IPv6")
	}
	qaNoLeak(t)
	ln := qaListen(t, "tcp://[::]:0", FlagBind|FlagListen, `{"socket":{"ipv6_v6only":false}}`)
	if got := qaName(t, ln, false); !regexp.MustCompile(`^\[::\]:[1-9][0-9]*$`).MatchString(got) {
		t.Fatalf("listener name %q", got)
	}
	cli := qaDial(t, fmt.Sprintf("tcp://127.0.0.1:%d", qaPort(t, ln)))
	_, peer := qaAccept(t, ln)
	local := qaName(t, cli, false) // "127.0.0.1:P"
	if want := "[::ffff:127.0.0.1]:" + local[strings.LastIndexByte(local, ':')+1:]; peer != want {
		t.Fatalf("peer %q, want %q", peer, want)
	}
}
