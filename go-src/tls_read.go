package core

import (
	"errors"
	"io"
	"net"
	"os"
	"time"
)

// tlsFillRoomMin is the least room a fill's later read is given.
const tlsFillRoomMin = 1024

// fillTLS reads all plaintext that can be had now into the socket's
// buffer: the first read waits as the stream's mode says, the rest only
// drain what crypto/tls already holds, so data already decrypted is visible
// to Select as buffered, as PHP pulls OpenSSL's pending bytes.
func (s *Sock) fillTLS() error {
	t := s.tls
	if ok, err := t.handshakeDone(); !ok {
		if !s.blocking {
			return ErrWouldBlock
		}
		if werr := s.waitHandshake(); werr != nil {
			return werr
		}
	} else if err != nil {
		return tlsErr(err)
	}
	deadline := time.Unix(1, 0) // in the past: only what is here now
	if s.blocking {
		deadline = time.Time{}
		if s.timeout >= 0 {
			deadline = time.Now().Add(s.timeout)
		}
	}
	t.conn.SetReadDeadline(deadline)
	t.hc.dry = false // a new fill tries the socket at least once
	t.drained.Store(true)
	t.swallowed = false
	got := 0
	for {
		if s.roff > 0 && s.roff == len(s.rbuf) {
			s.rbuf, s.roff = s.rbuf[:0], 0
		}
		// A fill's first read gets a chunk of room; its later reads, which
		// mostly find nothing, take the room left while there is some
		// (they grew a message's buffer to a second chunk each time: 17
		// KiB allocated per handshake's connection instead of 8).
		need := readChunk
		if got > 0 {
			need = tlsFillRoomMin
		}
		if cap(s.rbuf)-len(s.rbuf) < need {
			// Doubling from one chunk: a connection that trades messages
			// keeps a small buffer (each handshake's connection zeroed
			// 32 KiB before), a bulk reader's grows in few steps.
			room := max(readChunk, cap(s.rbuf))
			nb := make([]byte, len(s.rbuf)-s.roff, len(s.rbuf)-s.roff+room)
			copy(nb, s.rbuf[s.roff:])
			s.rbuf, s.roff = nb, 0
		}
		end := len(s.rbuf)
		n, err := t.conn.Read(s.rbuf[end:cap(s.rbuf)])
		s.rbuf = s.rbuf[:end+n]
		got += n
		t.more = false
		if err == nil {
			if got >= tlsFillLimit {
				t.more = true // Select counts the stream readable
				return nil
			}
			if got > 0 {
				t.conn.SetReadDeadline(time.Unix(1, 0))
			}
			continue
		}
		switch {
		case isTimeout(err):
			if got > 0 {
				return nil
			}
			if s.blocking {
				s.timedOut = true
				return ErrTimeout
			}
			return ErrWouldBlock
		case errors.Is(err, io.EOF):
			s.eof = true
			return nil
		default:
			if got > 0 {
				return nil
			}
			s.eof = true
			return tlsIOErr("read", err)
		}
	}
}

// waitHandshake waits for a handshake another goroutine runs.
func (s *Sock) waitHandshake() error {
	var timer <-chan time.Time
	if s.timeout >= 0 {
		tm := time.NewTimer(s.timeout)
		defer tm.Stop()
		timer = tm.C
	}
	select {
	case <-s.tls.done:
		if s.tls.hsErr != nil {
			return tlsErr(s.tls.hsErr)
		}
		return nil
	case <-timer:
		s.timedOut = true
		return ErrTimeout
	}
}

// drainTLS moves plaintext that crypto/tls read together with the
// handshake into the buffer, once, so Select sees it: the kernel no longer
// shows those bytes as readable.
func (s *Sock) drainTLS() {
	t := s.tls
	if t.drained.Load() {
		return
	}
	if ok, err := t.handshakeDone(); !ok || err != nil {
		return
	}
	taken := t.hc.rawTaken
	if err := s.fillTLSNow(); err == ErrWouldBlock {
		s.eof = false
	}
	t.swallowed = t.hc.rawTaken > taken && s.unread() == 0
}

// fillTLSNow is fillTLS as on a non-blocking stream, whatever the stream's
// mode: it takes what is here now and never waits.
func (s *Sock) fillTLSNow() error {
	blocking := s.blocking
	s.blocking = false
	err := s.fillTLS()
	s.blocking = blocking
	return err
}

// isTimeout tells a read deadline's error. In raw mode it is the one
// hybridConn.Read returns, compared first: errors.As walks types by
// reflection, a cost each fill of a non-blocking stream paid.
func isTimeout(err error) bool {
	if err == os.ErrDeadlineExceeded {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
