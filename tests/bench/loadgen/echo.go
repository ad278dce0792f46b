package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// runEcho holds -conns connections open and runs echo round trips of -size
// bytes on each for -duration, with -pipeline requests in flight per
// connection (1: closed loop). Plain TCP runs on one epoll loop (see
// echo_epoll.go); TLS runs a goroutine per connection, closed loop only.
func runEcho(args []string) *Result {
	var cf connFlags
	fs := flag.NewFlagSet("echo", flag.ExitOnError)
	cf.register(fs)
	conns := fs.Int("conns", 10, "concurrent connections")
	dur := fs.Duration("duration", 5*time.Second, "measurement window")
	size := fs.Int("size", 64, "request/response size in bytes")
	pipeline := fs.Int("pipeline", 1, "requests in flight per connection (plain TCP only)")
	connectLimit := fs.Duration("connect-limit", 60*time.Second, "time limit for opening all connections")
	cf.parse(fs, args)
	if *pipeline < 1 || (*pipeline > 1 && cf.useTLS) {
		fatalf("-pipeline must be 1 with -tls and at least 1 otherwise")
	}

	res := &Result{Workload: "echo", Addr: cf.addr, TLS: cf.useTLS, Conns: *conns, Pipeline: *pipeline}
	open := func(c net.Conn) error {
		msg := payload(*size, 0)
		return roundTrip(c, msg, make([]byte, *size))
	}
	cs, nOpen, nOK := cf.openAll(res, *conns, 128, *connectLimit, open)
	res.ConnsOpen, res.ConnsOK = nOpen, nOK
	defer closeAll(cs)

	var hist Hist
	var ok bool
	if cf.useTLS {
		ok = echoGoroutines(&cf, res, cs, *size, *dur, &hist)
	} else {
		ok = echoEpoll(&cf, res, cs, *size, *pipeline, *dur, &hist)
	}
	res.Bytes = res.Ops * int64(*size) * 2
	res.Verified = res.Ops > 0 && ok && nOK == *conns
	res.finish(&hist)
	return res
}

// roundTrip writes msg and reads its echo into buf.
func roundTrip(c net.Conn, msg, buf []byte) error {
	if _, err := c.Write(msg); err != nil {
		return err
	}
	if _, err := io.ReadFull(c, buf); err != nil {
		return err
	}
	if !bytes.Equal(msg, buf) {
		return errors.New("echo payload mismatch")
	}
	return nil
}

// echoGoroutines runs a closed loop per connection in its own goroutine and
// reports whether every connection finished its last round trip cleanly.
func echoGoroutines(cf *connFlags, res *Result, cs []net.Conn, size int, dur time.Duration, hist *Hist) bool {
	var ops atomic.Int64
	var failed atomic.Bool
	win := cf.beginWindow(res)
	defer win.close()
	end := win.before.at.Add(dur)
	ended := make(chan struct{})
	time.AfterFunc(dur, func() { win.end(res); close(ended) })
	var wg sync.WaitGroup
	for i, c := range cs {
		if c == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.SetDeadline(end.Add(5 * time.Second))
			msg, buf := payload(size, i), make([]byte, size)
			for {
				t0 := time.Now()
				if err := roundTrip(c, msg, buf); err != nil {
					res.addErr(err)
					failed.Store(true)
					return
				}
				t1 := time.Now()
				if t1.After(end) {
					return
				}
				hist.Add(t1.Sub(t0).Nanoseconds())
				ops.Add(1)
			}
		}()
	}
	<-ended
	wg.Wait()
	res.Ops = ops.Load()
	return !failed.Load()
}

// payload is a recognisable message for connection i.
func payload(size, i int) []byte {
	b := make([]byte, size)
	for j := range b {
		b[j] = byte('a' + (i+j)%26)
	}
	return b
}
