package main

import (
	"io"
	"net"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestEchoConsume(t *testing.T) {
	variants := [][]byte{payload(4, 0), payload(4, 1), payload(4, 2)}
	for i := 3; i < 26; i++ {
		variants = append(variants, payload(4, i))
	}
	c := &echoConn{id: 1, sent: 3}
	// Replies 0..2 of connection 1 are variants 1, 2, 3, split mid-reply.
	stream := string(variants[1]) + string(variants[2]) + string(variants[3])
	if got, err := c.consume([]byte(stream[:6]), variants, 4); err != nil || got != 1 || c.off != 2 {
		t.Fatalf("first chunk: got %d, off %d, err %v", got, c.off, err)
	}
	if got, err := c.consume([]byte(stream[6:]), variants, 4); err != nil || got != 2 || c.done != 3 {
		t.Fatalf("second chunk: got %d, done %d, err %v", got, c.done, err)
	}
	if _, err := c.consume([]byte("x"), variants, 4); err == nil {
		t.Error("bytes beyond the requests sent must be an error")
	}
	c = &echoConn{id: 0, sent: 1}
	if _, err := c.consume(variants[1], variants, 4); err == nil || !strings.Contains(err.Error(), "mismatch") {
		t.Errorf("a reply of another request must be a mismatch, got %v", err)
	}
}

// echoServer serves echo on loopback; corrupt flips a byte of every reply.
func echoServer(t *testing.T, corrupt bool) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				buf := make([]byte, 4096)
				for n := 0; ; n++ {
					r, err := c.Read(buf)
					if err != nil {
						return
					}
					if corrupt && n > 0 { // the first round trip opens the connection
						buf[0] ^= 0xff
					}
					if _, err := c.Write(buf[:r]); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func runEchoAgainst(t *testing.T, addr string, extra ...string) *Result {
	args := append([]string{"-addr", addr, "-conns", "5", "-duration", "300ms", "-size", "64"}, extra...)
	done := make(chan *Result, 1)
	go func() { done <- runEcho(args) }()
	select {
	case r := <-done:
		return r
	case <-time.After(20 * time.Second):
		t.Fatal("echo run did not finish")
		return nil
	}
}

func TestEchoEpollPipelined(t *testing.T) {
	for _, k := range []string{"1", "8"} {
		r := runEchoAgainst(t, echoServer(t, false), "-pipeline", k)
		if !r.Verified || r.Errors != 0 || r.Ops == 0 || r.ConnsOK != 5 || r.P50Us == 0 {
			t.Errorf("pipeline %s: %+v", k, r)
		}
	}
}

func TestEchoEpollDetectsCorruption(t *testing.T) {
	r := runEchoAgainst(t, echoServer(t, true), "-pipeline", "4")
	if r.Verified || r.Errors == 0 || !strings.Contains(strings.Join(r.ErrorSample, ";"), "mismatch") {
		t.Errorf("a corrupted reply must fail the run: %+v", r)
	}
}

func TestEchoEpollServerGone(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // answer the opening round trip, then close
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				buf := make([]byte, 64)
				io.ReadFull(c, buf)
				c.Write(buf)
				time.Sleep(50 * time.Millisecond)
				c.Close()
			}()
		}
	}()
	r := runEchoAgainst(t, ln.Addr().String())
	if r.Verified || r.Errors == 0 {
		t.Errorf("a server that closes must fail the run: %+v", r)
	}
}

// The epoll loop's raw wait cannot be preempted: it must still let the
// garbage collector stop the world (and, here, the in-process server run).
// It used to retry the wait on EINTR until the window's end, so a run with
// a collection in it stalled with no round trips.
func TestEchoEpollUnderGC(t *testing.T) {
	addr := echoServer(t, false)
	var stop atomic.Bool
	go func() {
		for !stop.Load() {
			runtime.GC()
			time.Sleep(20 * time.Millisecond)
		}
	}()
	defer stop.Store(true)
	start := time.Now()
	r := runEchoAgainst(t, addr, "-duration", "1s")
	if took := time.Since(start); !r.Verified || r.OpsPerS < 1000 || took > 5*time.Second {
		t.Errorf("%.0f round trips/s, verified %v, %d errors, run took %s", r.OpsPerS, r.Verified, r.Errors, took)
	}
}
