package core

import (
	"sync"
	"time"
)

// unsentQueues holds the TLS sessions that still have bytes to write: the
// queues being flushed, and the sessions of closed handles still sending
// their last bytes and close_notify. FlushAll waits for them at exit.
var unsentQueues = struct {
	mu    sync.Mutex
	cond  *sync.Cond
	conns map[*tlsConn]int // how many flushes or closes of each are running
}{conns: map[*tlsConn]int{}}

func init() { unsentQueues.cond = sync.NewCond(&unsentQueues.mu) }

func trackUnsent(t *tlsConn) {
	unsentQueues.mu.Lock()
	unsentQueues.conns[t]++
	unsentQueues.mu.Unlock()
}

func untrackUnsent(t *tlsConn) {
	unsentQueues.mu.Lock()
	if unsentQueues.conns[t]--; unsentQueues.conns[t] <= 0 {
		delete(unsentQueues.conns, t)
	}
	unsentQueues.cond.Broadcast()
	unsentQueues.mu.Unlock()
}

// FlushAll waits until every TLS write queue of the process, of open and
// of closed handles, has been handed to the kernel, at most timeout
// (negative: no limit); a script calls it as it ends, since the process's
// exit would drop what is still queued. It returns the bytes still queued.
func FlushAll(timeout time.Duration) int64 {
	deadline := deadlineAfter(timeout)
	q := &unsentQueues
	q.mu.Lock()
	for len(q.conns) > 0 && (deadline.IsZero() || time.Now().Before(deadline)) {
		waitCond(q.cond, deadline)
	}
	left := make([]*tlsConn, 0, len(q.conns))
	for t := range q.conns {
		left = append(left, t)
	}
	q.mu.Unlock()
	var n int64
	for _, t := range left { // t.mu is taken before q.mu elsewhere: not inside it
		t.mu.Lock()
		if t.werr == nil {
			n += int64(t.unsent())
		}
		t.mu.Unlock()
	}
	return n
}
