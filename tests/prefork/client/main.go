// Command client is the load program of tests/prefork: it drives a
// pre-fork echo server (tests/prefork/server.php or prefork_echo.c) over
// loopback and checks every byte. A worker greets each connection with
// "W<pid>\n" and then echoes what it reads; the client sends a payload made
// from the connection's number, reads the same bytes back and closes.
//
// It prints one "pid <pid> <connections>" line per worker that served, then
//
//	client: ok=N failed=M
//
// and exits 1 if any connection failed (the first errors are printed; after
// 10 failures it starts no more connections).
// With -duration it keeps connecting until that time has passed (clients
// running through a reload); otherwise it makes -n connections.
package main

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type options struct {
	addr     string
	n        int
	conc     int
	size     int
	hold     time.Duration
	duration time.Duration
	timeout  time.Duration
	tlsConf  *tls.Config
}

func main() {
	var o options
	var ca string
	flag.StringVar(&o.addr, "addr", "", "server host:port")
	flag.IntVar(&o.n, "n", 100, "connections to make (without -duration)")
	flag.IntVar(&o.conc, "c", 10, "connections open at once")
	flag.IntVar(&o.size, "size", 4096, "payload bytes per connection")
	flag.DurationVar(&o.hold, "hold", 0, "pause between the greeting and the payload")
	flag.DurationVar(&o.duration, "duration", 0, "keep connecting for this long instead of -n")
	flag.DurationVar(&o.timeout, "timeout", 10*time.Second, "deadline of one connection")
	flag.StringVar(&ca, "ca", "", "CA file: connect with TLS and verify the server against it")
	flag.Parse()
	if o.addr == "" || o.conc < 1 || o.size < 1 {
		fmt.Fprintln(os.Stderr, "usage: client -addr host:port [-n 100] [-c 10] [-size 4096] [-hold d] [-duration d] [-ca file]")
		os.Exit(2)
	}
	if ca != "" {
		pem, err := os.ReadFile(ca)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			fmt.Fprintln(os.Stderr, "no certificate in", ca)
			os.Exit(2)
		}
		o.tlsConf = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
	}
	os.Exit(run(o))
}

type tally struct {
	mu     sync.Mutex
	ok     int
	failed int
	errs   []string
	byPid  map[string]int
}

// maxFailures stops the run early: the first errors tell what is wrong.
const maxFailures = 10

func (t *tally) failures() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.failed
}

func (t *tally) add(pid string, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		t.failed++
		if len(t.errs) < 10 {
			t.errs = append(t.errs, err.Error())
		}
		return
	}
	t.ok++
	t.byPid[pid]++
}

func run(o options) int {
	t := &tally{byPid: map[string]int{}}
	var next atomic.Int64
	end := time.Now().Add(o.duration)
	more := func() (int64, bool) {
		if t.failures() >= maxFailures {
			return 0, false // a broken server: report now, do not wait out every connection
		}
		i := next.Add(1) - 1
		if o.duration > 0 {
			return i, time.Now().Before(end)
		}
		return i, i < int64(o.n)
	}
	var wg sync.WaitGroup
	for w := 0; w < o.conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, ok := more(); ok; i, ok = more() {
				pid, err := echo(o, i)
				if err != nil {
					err = fmt.Errorf("connection %d: %w", i, err)
				}
				t.add(pid, err)
			}
		}()
	}
	wg.Wait()
	pids := make([]string, 0, len(t.byPid))
	for p := range t.byPid {
		pids = append(pids, p)
	}
	sort.Strings(pids)
	for _, p := range pids {
		fmt.Printf("pid %s %d\n", p, t.byPid[p])
	}
	for _, e := range t.errs {
		fmt.Println("error:", e)
	}
	fmt.Printf("client: ok=%d failed=%d\n", t.ok, t.failed)
	if t.failed > 0 || t.ok == 0 {
		return 1
	}
	return 0
}

// payload is the bytes connection i sends: different for every connection
// and every position, so a byte from another connection or place is caught.
func payload(i int64, size int) []byte {
	b := make([]byte, size)
	x := uint32(i)*2654435761 + 1
	for k := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[k] = byte(x)
	}
	return b
}

// echo runs one connection and returns the pid of the worker that served it.
func echo(o options, i int64) (string, error) {
	var conn net.Conn
	var err error
	d := net.Dialer{Timeout: o.timeout}
	if o.tlsConf != nil {
		conn, err = tls.DialWithDialer(&d, "tcp", o.addr, o.tlsConf)
	} else {
		conn, err = d.Dial("tcp", o.addr)
	}
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(o.timeout + o.hold)); err != nil {
		return "", err
	}
	r := bufio.NewReader(conn)
	hello, err := r.ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("greeting: %w (got %q)", err, hello)
	}
	if !strings.HasPrefix(hello, "W") || len(hello) < 3 {
		return "", fmt.Errorf("greeting %q is not W<pid>", hello)
	}
	pid := strings.TrimSuffix(hello[1:], "\n")
	time.Sleep(o.hold)
	want := payload(i, o.size)
	werr := make(chan error, 1)
	go func() {
		_, err := conn.Write(want)
		werr <- err
	}()
	got := make([]byte, len(want))
	n, rerr := io.ReadFull(r, got)
	if err := <-werr; err != nil {
		return pid, fmt.Errorf("write (worker %s): %w", pid, err)
	}
	if rerr != nil {
		return pid, fmt.Errorf("echo (worker %s): %d of %d bytes: %w", pid, n, len(want), rerr)
	}
	if !bytes.Equal(got, want) {
		k := 0
		for got[k] == want[k] {
			k++
		}
		return pid, fmt.Errorf("echo (worker %s): byte %d differs", pid, k)
	}
	// Nothing more may come: the worker echoes only what it was sent.
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Millisecond))
	if _, err := r.ReadByte(); err == nil {
		return pid, errors.New("bytes after the echo")
	}
	return pid, nil
}
