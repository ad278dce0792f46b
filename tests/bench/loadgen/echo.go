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

// runEcho holds -conns connections open and runs closed-loop round trips of
// -size bytes on each for -duration.
func runEcho(args []string) *Result {
	var cf connFlags
	fs := flag.NewFlagSet("echo", flag.ExitOnError)
	cf.register(fs)
	conns := fs.Int("conns", 10, "concurrent connections")
	dur := fs.Duration("duration", 5*time.Second, "measurement window")
	size := fs.Int("size", 64, "request/response size in bytes")
	connectLimit := fs.Duration("connect-limit", 60*time.Second, "time limit for opening all connections")
	cf.parse(fs, args)

	res := &Result{Workload: "echo", Addr: cf.addr, TLS: cf.useTLS, Conns: *conns}
	roundTrip := func(c net.Conn, msg, buf []byte) error {
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
	open := func(c net.Conn) error {
		msg := payload(*size, 0)
		return roundTrip(c, msg, make([]byte, *size))
	}
	cs, nOpen, nOK := cf.openAll(res, *conns, 128, *connectLimit, open)
	res.ConnsOpen, res.ConnsOK = nOpen, nOK
	defer closeAll(cs)

	var hist Hist
	var ops atomic.Int64
	var failed atomic.Bool
	before := takeSample(cf.pid)
	end := before.at.Add(*dur)
	afterCh := make(chan sample, 1)
	time.AfterFunc(*dur, func() { afterCh <- takeSample(cf.pid) })
	var wg sync.WaitGroup
	for i, c := range cs {
		if c == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.SetDeadline(end.Add(5 * time.Second))
			msg, buf := payload(*size, i), make([]byte, *size)
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
	after := <-afterCh
	wg.Wait()
	res.window(before, after)
	res.Ops = ops.Load()
	res.Bytes = res.Ops * int64(*size) * 2
	res.Verified = res.Ops > 0 && !failed.Load() && nOK == *conns
	res.finish(&hist)
	return res
}

// payload is a recognisable message for connection i.
func payload(size, i int) []byte {
	b := make([]byte, size)
	for j := range b {
		b[j] = byte('a' + (i+j)%26)
	}
	return b
}
