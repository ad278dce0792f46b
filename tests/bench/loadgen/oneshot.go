package main

import (
	"bytes"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"gostream/tests/bench/proto"
)

// runAccept measures short connections: connect, one 64-byte round trip,
// wait for the server to close, close.
func runAccept(args []string) *Result {
	return runOneShot("accept", args, false)
}

// runHandshake is runAccept over TLS 1.3: every operation is a new
// connection with a full handshake (no resumption).
func runHandshake(args []string) *Result {
	return runOneShot("tls-handshake", args, true)
}

func runOneShot(name string, args []string, forceTLS bool) *Result {
	var cf connFlags
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	cf.register(fs)
	conns := fs.Int("conns", 16, "concurrent clients")
	dur := fs.Duration("duration", 5*time.Second, "measurement window")
	if forceTLS {
		args = append([]string{"-tls"}, args...)
	}
	cf.parse(fs, args)

	res := &Result{Workload: name, Addr: cf.addr, TLS: cf.useTLS, Conns: *conns}
	var hist Hist
	var ops, opened atomic.Int64
	win := cf.beginWindow(res)
	defer win.close()
	end := win.before.at.Add(*dur)
	ended := make(chan struct{})
	time.AfterFunc(*dur, func() { win.end(res); close(ended) })
	var wg sync.WaitGroup
	for i := range *conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg, buf := payload(proto.OnceSize, i), make([]byte, proto.OnceSize+1)
			for time.Now().Before(end) {
				t0 := time.Now()
				err := cf.oneShot(msg, buf, &opened)
				t1 := time.Now()
				if err != nil {
					res.addErr(err)
					time.Sleep(5 * time.Millisecond) // do not spin on a dead server
					continue
				}
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
	res.ConnsOpen = int(opened.Load())
	res.ConnsOK = int(res.Ops)
	res.Bytes = res.Ops * proto.OnceSize * 2
	res.Verified = res.Ops > 0 && res.Errors == 0
	res.finish(&hist)
	return res
}

// oneShot performs one connection's worth of the "once" protocol. The
// client reads until the server's close so that TIME_WAIT lands on the
// server side and client ports are not exhausted.
func (c *connFlags) oneShot(msg, buf []byte, opened *atomic.Int64) error {
	cn, err := c.dial(5 * time.Second)
	if err != nil {
		return err
	}
	defer cn.Close()
	opened.Add(1)
	if tc, ok := cn.(*tls.Conn); ok && tc.ConnectionState().Version != tls.VersionTLS13 {
		return errors.New("negotiated TLS version is not 1.3")
	}
	cn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := cn.Write(msg); err != nil {
		return err
	}
	if _, err := io.ReadFull(cn, buf[:len(msg)]); err != nil {
		return err
	}
	if !bytes.Equal(buf[:len(msg)], msg) {
		return errors.New("once payload mismatch")
	}
	if n, err := cn.Read(buf); n != 0 || (err != io.EOF && err != io.ErrUnexpectedEOF) {
		return fmt.Errorf("expected server close, got %d bytes, err %v", n, err)
	}
	return nil
}
