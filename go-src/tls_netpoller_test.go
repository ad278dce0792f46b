package core

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// netpollerRegistered counts the descriptors on the socket behind fd that
// an epoll instance of this process watches (Go's netpoller is one).
func netpollerRegistered(t *testing.T, fd int) int {
	t.Helper()
	sock, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(fd))
	if err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	onSocket := map[string]bool{}
	var epolls []string
	for _, e := range ents {
		switch l, _ := os.Readlink("/proc/self/fd/" + e.Name()); l {
		case sock:
			onSocket[e.Name()] = true
		case "anon_inode:[eventpoll]":
			epolls = append(epolls, e.Name())
		}
	}
	n := 0
	for _, ep := range epolls {
		info, _ := os.ReadFile("/proc/self/fdinfo/" + ep)
		for _, line := range strings.Split(string(info), "\n") {
			if f := strings.Fields(line); len(f) > 1 && f[0] == "tfd:" && onSocket[f[1]] {
				n++
			}
		}
	}
	return n
}

// An established TLS session, server's or client's, has no descriptor in
// Go's netpoller: registered there, each of its packets woke the runtime's
// thread that waits in the netpoller while a P is idle (GOMAXPROCS > 1 and
// a TLS listener's accept loop waiting): TLS echo cost 48 % more CPU per
// message with GOMAXPROCS=2 (27.6 against 18.7 µs).
func TestEstablishedTLSSessionLeavesNetpoller(t *testing.T) {
	conn, c := tlsTestSession(t)
	if _, err := c.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	s := handles.get(conn)
	if !waitUntil(5*time.Second, func() bool { ok, _ := s.tls.handshakeDone(); return ok }) {
		t.Fatal("the server's handshake never ended")
	}
	if n := netpollerRegistered(t, s.fd.fd); n != 0 {
		t.Errorf("the accepted session has %d descriptors in an epoll set, want 0", n)
	}

	ln, addr, _ := tlsTestListener(t)
	defer Close(ln)
	opts, _ := ParseOptions([]byte(`{"ssl":{"verify_peer":false}}`))
	client, err := Dial("tls://"+addr, 0, 5*time.Second, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(client)
	if n := netpollerRegistered(t, handles.get(client).fd.fd); n != 0 {
		t.Errorf("the client session has %d descriptors in an epoll set, want 0", n)
	}
}

// Writes that wait for room after the handshake (a blocking write larger
// than the send buffer; a non-blocking one whose queue a close leaves to
// the background) reach a peer that reads late, whole and in order: through
// a netpoller duplicate made then, or, when none can be made (no
// descriptor left), by polling the session's own descriptor. The close
// case lost its bytes in a first version, which made that duplicate from
// the Sock's descriptor, closed by then.
func TestTLSWaitingWriteAfterLeavingNetpoller(t *testing.T) {
	for _, noDup := range []bool{false, true} {
		for _, blocking := range []bool{true, false} {
			name := fmt.Sprintf("noDup=%v,blocking=%v", noDup, blocking)
			t.Run(name, func(t *testing.T) {
				if noDup {
					pollDup = func(int) (net.Conn, error) { return nil, sysErr("dup", unix.EMFILE) }
					defer func() { pollDup = netConnOf }()
				}
				conn, c := tlsTestSession(t)
				SetTimeout(conn, 20*time.Second)
				SetBlocking(conn, blocking)
				data := make([]byte, 8<<20)
				for i := range data {
					data[i] = byte(i * 7 / 5)
				}
				got := make(chan []byte, 1)
				go func() {
					time.Sleep(200 * time.Millisecond) // the write fills the buffers first
					b, _ := io.ReadAll(c)
					got <- b
				}()
				n, err := Write(conn, data)
				if err != nil || n == 0 || (blocking && n != len(data)) {
					t.Fatalf("write = %d, %v", n, err)
				}
				Close(conn)
				// Descriptors opened now may take the Sock's number: nothing
				// of the session may go to them.
				for i := 0; i < 4; i++ {
					if l, err := net.Listen("tcp", "127.0.0.1:0"); err == nil {
						defer l.Close()
					}
				}
				peerGot(t, got, data[:n])
				FlushAll(10 * time.Second) // the background close is over: the seam may change
			})
		}
	}
}

// After the session closed, a write that must wait makes no duplicate.
func TestTLSClosedSessionMakesNoDuplicate(t *testing.T) {
	hc := &hybridConn{fd: -1, own: -1}
	hc.Close()
	if _, err := hc.pollConn(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("pollConn after Close = %v, want net.ErrClosed", err)
	}
}
