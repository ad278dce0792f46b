package core

import (
	"crypto/tls"
	"io"
	"net"
	"testing"
	"time"
)

// BenchmarkTLSHandshakeOnce is the tls-handshake-ec workload in one
// process: a Go client connects, sends 64 bytes and reads them back; the
// server (gostream's, or crypto/tls's for comparison) answers and closes.
// Both ends' allocations count: the difference between the two is the
// server's own (run with -benchmem).
func BenchmarkTLSHandshakeOnce(b *testing.B) {
	opts, pool := tlsTestCert(b)
	client := &tls.Config{RootCAs: pool, ServerName: "localhost", CurvePreferences: []tls.CurveID{tls.X25519}}
	msg := make([]byte, 64)
	roundTrip := func(b *testing.B, addr string) {
		c, err := tls.Dial("tcp", addr, client)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		c.Write(msg)
		if _, err := io.ReadFull(c, make([]byte, 64)); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("gostream", func(b *testing.B) {
		ln, err := Listen("tls://127.0.0.1:0", FlagBind|FlagListen, opts)
		if err != nil {
			b.Fatal(err)
		}
		defer Close(ln)
		addr, _ := Name(ln, false)
		done := make(chan struct{})
		go func() {
			defer close(done)
			buf := make([]byte, 64)
			for {
				h, _, err := Accept(ln, 5*time.Second)
				if err != nil {
					return
				}
				SetTimeout(h, 5*time.Second)
				got := 0
				for got < 64 {
					n, err := Read(h, buf[got:])
					if err != nil || n == 0 {
						break
					}
					got += n
				}
				Write(h, buf[:got])
				Close(h)
			}
		}()
		b.ReportAllocs()
		for b.Loop() {
			roundTrip(b, addr)
		}
		Close(ln)
		<-done
	})
	b.Run("go", func(b *testing.B) {
		cfg, err := serverConfig("", opts)
		if err != nil {
			b.Fatal(err)
		}
		ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
		if err != nil {
			b.Fatal(err)
		}
		defer ln.Close()
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				go func(c net.Conn) {
					defer c.Close()
					buf := make([]byte, 64)
					if _, err := io.ReadFull(c, buf); err == nil {
						c.Write(buf)
					}
				}(c)
			}
		}()
		b.ReportAllocs()
		for b.Loop() {
			roundTrip(b, ln.Addr().String())
		}
	})
}
