// Command manyconn is the client side of the many-connection test (issue
// "10,000 concurrent connections in one PHP process"): it opens -conns
// connections to an echo server, holds them all open, sends -rounds
// messages of -size bytes on each (distinct per connection and round),
// checks every echoed byte, and prints one JSON line:
//
//	{"conns":N,"connected":C,"ok":K,"failed":F,"bytes":B,"seconds":S,...}
//
// It exits 1 unless every connection echoed every byte. Everything is
// bounded by -timeout. The process raises its own RLIMIT_NOFILE.
//
//	go run ./tests/integration/manyconn -addr 127.0.0.1:8000 -conns 10000
//	go run ./tests/integration/manyconn -freeport   (prints a free port)
package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

type result struct {
	Addr        string  `json:"addr"`
	Conns       int     `json:"conns"`
	Connected   int64   `json:"connected"`
	OK          int64   `json:"ok"`
	Failed      int64   `json:"failed"`
	Bytes       int64   `json:"bytes"`
	Rounds      int     `json:"rounds"`
	Size        int     `json:"size"`
	Seconds     float64 `json:"seconds"`
	DialSeconds float64 `json:"dial_seconds"`
	EchoSeconds float64 `json:"echo_seconds"`
	DialErrors  int64   `json:"dial_errors"`
	Mismatches  int64   `json:"mismatches"`
	IOErrors    int64   `json:"io_errors"`
	FirstError  string  `json:"first_error,omitempty"`
	NoFile      uint64  `json:"rlimit_nofile"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8000", "echo server address (host:port or tcp://host:port)")
	conns := flag.Int("conns", 1000, "connections held open at once")
	rounds := flag.Int("rounds", 5, "messages per connection")
	size := flag.Int("size", 64, "bytes per message (>= 16)")
	timeout := flag.Duration("timeout", 120*time.Second, "bound on the whole run")
	parallel := flag.Int("dial-parallel", 128, "connects in flight at once")
	freeport := flag.Bool("freeport", false, "print a free loopback TCP port and exit")
	flag.Parse()

	if *freeport {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Println(l.Addr().(*net.TCPAddr).Port)
		l.Close()
		return
	}
	if *size < 16 || *conns < 1 || *rounds < 1 || *parallel < 1 {
		fmt.Fprintln(os.Stderr, "manyconn: -size must be >= 16, -conns, -rounds and -dial-parallel >= 1")
		os.Exit(2)
	}
	target := strings.TrimPrefix(*addr, "tcp://")

	nofile, err := raiseNoFile(uint64(*conns) + 64)
	if err != nil {
		fmt.Fprintf(os.Stderr, "manyconn: %v\n", err)
		os.Exit(2)
	}

	res := run(target, *conns, *rounds, *size, *parallel, *timeout)
	res.NoFile = nofile
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
	if res.OK != int64(*conns) || res.Failed != 0 {
		os.Exit(1)
	}
}

// raiseNoFile lifts the soft descriptor limit to the hard one and checks
// that it holds need descriptors.
func raiseNoFile(need uint64) (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			return 0, err
		}
	}
	if lim.Cur < need {
		return lim.Cur, fmt.Errorf("RLIMIT_NOFILE %d (hard %d) is below the %d descriptors needed", lim.Cur, lim.Max, need)
	}
	return lim.Cur, nil
}

// message is what connection id sends in round r: a header naming both,
// then bytes derived from them, so a reply routed to the wrong connection
// or round cannot pass.
func message(id, r, size int) []byte {
	b := make([]byte, size)
	binary.BigEndian.PutUint64(b[0:8], uint64(id))
	binary.BigEndian.PutUint64(b[8:16], uint64(r))
	for i := 16; i < size; i++ {
		b[i] = byte(id*131 + r*31 + i*7)
	}
	return b
}

type stats struct {
	connected, ok, failed, bytes, dialErrors, mismatches, ioErrors atomic.Int64
	once                                                           sync.Once
	first                                                          string
}

func (s *stats) fail(format string, args ...any) {
	s.once.Do(func() { s.first = fmt.Sprintf(format, args...) })
}

func run(target string, n, rounds, size, parallel int, timeout time.Duration) result {
	start := time.Now()
	deadline := start.Add(timeout)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	var st stats

	// Phase 1: open every connection (bounded parallelism), keep them all.
	cs := make([]net.Conn, n)
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	d := net.Dialer{}
	for i := 0; i < n; i++ {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			for attempt := 0; ; attempt++ {
				c, err := d.DialContext(ctx, "tcp", target)
				if err == nil {
					cs[i] = c
					st.connected.Add(1)
					return
				}
				// A full accept queue can reset a connect; retry briefly.
				if attempt < 3 && ctx.Err() == nil && errors.Is(err, syscall.ECONNRESET) {
					time.Sleep(50 * time.Millisecond)
					continue
				}
				st.dialErrors.Add(1)
				st.fail("dial %d: %v", i, err)
				return
			}
		}(i)
	}
	wg.Wait()
	dialDone := time.Now()

	// Phase 2: every connection echoes its rounds concurrently.
	for i := 0; i < n; i++ {
		c := cs[i]
		if c == nil {
			st.failed.Add(1)
			continue
		}
		wg.Add(1)
		go func(i int, c net.Conn) {
			defer wg.Done()
			c.SetDeadline(deadline)
			got := make([]byte, size)
			for r := 0; r < rounds; r++ {
				msg := message(i, r, size)
				if _, err := c.Write(msg); err != nil {
					st.ioErrors.Add(1)
					st.failed.Add(1)
					st.fail("conn %d round %d write: %v", i, r, err)
					return
				}
				if _, err := io.ReadFull(c, got); err != nil {
					st.ioErrors.Add(1)
					st.failed.Add(1)
					st.fail("conn %d round %d read: %v", i, r, err)
					return
				}
				if !bytes.Equal(got, msg) {
					st.mismatches.Add(1)
					st.failed.Add(1)
					st.fail("conn %d round %d: echoed bytes differ (header id %d round %d)", i, r,
						binary.BigEndian.Uint64(got[0:8]), binary.BigEndian.Uint64(got[8:16]))
					return
				}
				st.bytes.Add(int64(size))
			}
			st.ok.Add(1)
		}(i, c)
	}
	wg.Wait()
	echoDone := time.Now()
	for _, c := range cs {
		if c != nil {
			c.Close()
		}
	}
	return result{
		Addr: target, Conns: n, Rounds: rounds, Size: size,
		Connected: st.connected.Load(), OK: st.ok.Load(), Failed: st.failed.Load(),
		Bytes: st.bytes.Load(), DialErrors: st.dialErrors.Load(), Mismatches: st.mismatches.Load(),
		IOErrors: st.ioErrors.Load(), FirstError: st.first,
		Seconds:     round3(time.Since(start).Seconds()),
		DialSeconds: round3(dialDone.Sub(start).Seconds()),
		EchoSeconds: round3(echoDone.Sub(dialDone).Seconds()),
	}
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }
