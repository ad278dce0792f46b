package main

import (
	"flag"
	"io"
	"net"
	"time"
)

// runIdle opens -conns connections, makes one echo round trip on each so the
// server has registered it, holds them idle for -hold and reports the
// server's RSS growth per open descriptor.
func runIdle(args []string) *Result {
	var cf connFlags
	fs := flag.NewFlagSet("idle", flag.ExitOnError)
	cf.register(fs)
	conns := fs.Int("conns", 10000, "idle connections")
	hold := fs.Duration("hold", 2*time.Second, "how long to hold them before sampling")
	connectLimit := fs.Duration("connect-limit", 60*time.Second, "time limit for opening all connections")
	cf.parse(fs, args)

	res := &Result{Workload: "idle", Addr: cf.addr, TLS: cf.useTLS, Conns: *conns}
	before := takeSample(cf.pid, cf.group)
	ping := func(c net.Conn) error {
		msg := payload(64, 0)
		if _, err := c.Write(msg); err != nil {
			return err
		}
		buf := make([]byte, len(msg))
		_, err := io.ReadFull(c, buf)
		return err
	}
	cs, nOpen, nOK := cf.openAll(res, *conns, 128, *connectLimit, ping)
	defer closeAll(cs)
	res.ConnsOpen, res.ConnsOK = nOpen, nOK
	time.Sleep(*hold)
	after := takeSample(cf.pid, cf.group)
	res.window(before, after)
	res.DurationS = hold.Seconds()
	res.Ops = int64(nOK)
	if d := after.fds - before.fds; d > 0 && after.alive {
		res.RSSPerConnB = float64(after.rssKB-before.rssKB) * 1024 / float64(d)
	}
	res.Verified = nOK == *conns && after.alive
	res.finish(nil)
	res.OpsPerS, res.ServerCPUPerOpUs = 0, 0
	return res
}
