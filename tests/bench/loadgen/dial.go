package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"sync"
	"time"
)

// connFlags are the flags shared by every subcommand.
type connFlags struct {
	addr   string
	useTLS bool
	ca     string
	pid    int
	group  bool // -pid-group: CPU of pid's whole process group
	tlsCfg *tls.Config

	count    bool   // count system calls (and countLib calls) over the window
	countLib string // shared library whose gs_* calls the server makes are counted
}

func (c *connFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.addr, "addr", "127.0.0.1:9000", "server address (loopback)")
	fs.BoolVar(&c.useTLS, "tls", false, "use TLS 1.3")
	fs.StringVar(&c.ca, "ca", "", "PEM certificate to trust (the server's self-signed certificate)")
	fs.IntVar(&c.pid, "pid", 0, "server PID for CPU/RSS/fd sampling (0: none)")
	fs.BoolVar(&c.group, "pid-group", false, "sum the CPU time of every process in -pid's process group (a pre-fork server and its workers)")
	fs.BoolVar(&c.count, "count", false, "count system calls of the server and the load generator over the window (perf_event_open)")
	fs.StringVar(&c.countLib, "count-lib", "", "with -count: also count the server's calls of this library's gs_* functions (uprobes)")
}

// parse parses args and prepares the TLS client configuration.
func (c *connFlags) parse(fs *flag.FlagSet, args []string) {
	if err := fs.Parse(args); err != nil {
		os.Exit(2)
	}
	if !c.useTLS {
		return
	}
	pem, err := os.ReadFile(c.ca)
	if err != nil {
		fatalf("-ca: %v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		fatalf("-ca %s: no certificates", c.ca)
	}
	c.tlsCfg = &tls.Config{
		RootCAs:    pool,
		MinVersion: tls.VersionTLS13,
		MaxVersion: tls.VersionTLS13,
		// X25519 only: every server (OpenSSL 3.0, Go) supports it, which keeps
		// the key exchange identical; no session cache, so every handshake
		// is a full one.
		CurvePreferences: []tls.CurveID{tls.X25519},
	}
}

func fatalf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "loadgen: "+format+"\n", a...)
	os.Exit(2)
}

// dial opens one connection (TCP, or TCP+TLS handshake) with a timeout.
func (c *connFlags) dial(timeout time.Duration) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if c.tlsCfg != nil {
		d := tls.Dialer{Config: c.tlsCfg}
		return d.DialContext(ctx, "tcp", c.addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", c.addr)
}

// openAll opens n connections, at most par at a time, running first (a
// round trip) on each. It returns the connections (nil where dialing or
// first failed), the number established and the number for which first
// succeeded. Everything finishes within limit.
func (c *connFlags) openAll(res *Result, n, par int, limit time.Duration, first func(net.Conn) error) (conns []net.Conn, open, ok int) {
	conns = make([]net.Conn, n)
	deadline := time.Now().Add(limit)
	sem := make(chan struct{}, par)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range n {
		if time.Now().After(deadline) {
			res.addErr(errors.New("connect phase time limit reached"))
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			cn, err := c.dial(min(5*time.Second, time.Until(deadline)+time.Millisecond))
			if err != nil {
				res.addErr(err)
				return
			}
			mu.Lock()
			open++
			mu.Unlock()
			// The first round trip gets at most 5 s: a server that accepted
			// but never answers (select(2) past FD_SETSIZE) must not stall us.
			cn.SetDeadline(minTime(deadline, time.Now().Add(5*time.Second)))
			if err := first(cn); err != nil {
				res.addErr(err)
				cn.Close()
				return
			}
			cn.SetDeadline(time.Time{})
			mu.Lock()
			ok++
			conns[i] = cn
			mu.Unlock()
		}()
	}
	wg.Wait()
	return conns, open, ok
}

func closeAll(conns []net.Conn) {
	for _, c := range conns {
		if c != nil {
			c.Close()
		}
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
