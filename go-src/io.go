package core

import (
	"bytes"
	"time"

	"golang.org/x/sys/unix"
)

// Read reads into p: buffered bytes first, else one read from the socket.
// It returns n > 0, or 0 with nil at end of stream, ErrWouldBlock,
// ErrTimeout or another error.
func Read(h int64, p []byte) (int, error) {
	s, err := acquireSocket(h, "read", true)
	if err != nil {
		return 0, err
	}
	defer s.release()
	if s.unread() == 0 && s.tls != nil {
		if err := s.fillTLS(); err != nil {
			return 0, err
		}
		if s.unread() == 0 {
			return 0, nil // end of stream
		}
	}
	if s.unread() > 0 {
		return s.readBuffered(p), nil
	}
	return s.readSocket(p, true)
}

// readBuffered hands out bytes the library holds; reads take them before
// the socket's.
func (s *Sock) readBuffered(p []byte) int {
	n := copy(p, s.rbuf[s.roff:])
	s.consume(n)
	return n
}

func (s *Sock) consume(n int) {
	s.roff += n
	if s.roff == len(s.rbuf) {
		s.rbuf, s.roff = s.rbuf[:0], 0
	}
}

// readSocket is the one read rule, as php_sockop_read is PHP's: one
// read(2), waiting in poll(2) while a blocking socket has nothing (when
// mayWait). Read, the line reads' fill and the fetch of SelectFetch all
// read through it. It owns what a read means: EAGAIN is ErrWouldBlock, end
// of stream and a hard error set eof, a timeout sets timed_out, and an
// error kept by a fetch (which cannot report one) comes first.
func (s *Sock) readSocket(p []byte, mayWait bool) (int, error) {
	if err := s.readErr; err != nil {
		s.readErr = nil
		return 0, err
	}
	var deadline time.Time // set at the first wait
	for {
		n, err := rawRead(s.fd.fd, p)
		switch {
		case err == nil:
			s.timedOut = false
			if n == 0 && !s.dgram && len(p) > 0 {
				s.eof = true
			}
			return n, nil
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			if !s.blocking || !mayWait {
				return 0, ErrWouldBlock
			}
			if werr := s.wait(unix.POLLIN, &deadline); werr != nil {
				return 0, werr
			}
		default:
			s.eof = true
			return 0, sysErr("read", err)
		}
	}
}

// wait blocks until fd has events or the socket's timeout passes. The
// deadline of an operation is fixed at its first wait (while *deadline is
// zero), so an operation that never waits never reads the clock.
func (s *Sock) wait(events int16, deadline *time.Time) error {
	left := time.Duration(-1)
	if s.timeout >= 0 {
		if deadline.IsZero() {
			*deadline = time.Now().Add(s.timeout)
		}
		left = max(time.Until(*deadline), 0)
	}
	err := waitFD(s.fd.fd, events, left)
	if err == ErrTimeout {
		s.timedOut = true
	}
	if s.fd.state.Load()&refClosing != 0 {
		return ErrBadHandle
	}
	return err
}

// ReadLine reads up to and including "\n", at most len(p) bytes, like
// fgets. Without a newline it returns what there is once the stream ends,
// a non-blocking socket runs dry, or a blocking one times out.
func ReadLine(h int64, p []byte) (int, error) {
	s, err := acquireSocket(h, "read", true)
	if err != nil {
		return 0, err
	}
	defer s.release()
	for {
		buf := s.rbuf[s.roff:]
		if len(buf) > len(p) {
			buf = buf[:len(p)]
		}
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			n := copy(p, buf[:i+1])
			s.consume(n)
			return n, nil
		}
		if len(buf) == len(p) || s.eof {
			n := copy(p, buf)
			s.consume(n)
			return n, nil
		}
		if err := s.fill(); err != nil {
			if n := copy(p, buf); n > 0 && (err == ErrWouldBlock || err == ErrTimeout) {
				s.consume(n)
				return n, nil
			}
			return 0, err
		}
	}
}

// fill appends one socket read of up to readChunk bytes to the buffer.
func (s *Sock) fill() error {
	if s.tls != nil {
		before := s.unread()
		if err := s.fillTLS(); err != nil {
			return err
		}
		if s.unread() == before {
			s.eof = true
		}
		return nil
	}
	if s.roff > 0 {
		n := copy(s.rbuf, s.rbuf[s.roff:])
		s.rbuf, s.roff = s.rbuf[:n], 0
	}
	if cap(s.rbuf)-len(s.rbuf) < readChunk {
		nb := make([]byte, len(s.rbuf), len(s.rbuf)+readChunk)
		copy(nb, s.rbuf)
		s.rbuf = nb
	}
	end := len(s.rbuf)
	n, err := s.readSocket(s.rbuf[end:end+readChunk], true)
	if err != nil {
		return err
	}
	s.rbuf = s.rbuf[:end+n]
	return nil
}

// Write writes p. A blocking socket waits (up to its timeout) until all is
// written; a non-blocking one writes what the kernel takes now. An error
// after some bytes went out returns both, as PHP reports the error and the
// count; Info.SentBeforeError keeps the count for the C API.
func Write(h int64, p []byte) (int, error) {
	s, err := acquire(h)
	if err != nil {
		return 0, err
	}
	defer s.release()
	if s.fd.fd < 0 {
		return 0, errnoErr("write", unix.ENOTSOCK)
	}
	var n int
	if s.tls != nil {
		n, err = s.writeTLS(p)
	} else {
		n, err = s.write(p, 0)
	}
	s.sentBeforeError = 0
	if err != nil {
		s.sentBeforeError = n
	}
	return n, err
}

func (s *Sock) write(p []byte, flags int) (int, error) {
	var deadline time.Time // set at the first wait
	total := 0
	for total < len(p) || len(p) == 0 {
		n, err := send(s.fd.fd, p[total:], flags)
		switch {
		case err == nil:
			total += n
			if len(p) == 0 {
				return 0, nil
			}
		case err == unix.EINTR:
		case err == unix.EAGAIN:
			if !s.blocking {
				return total, nil
			}
			if werr := s.wait(unix.POLLOUT, &deadline); werr != nil {
				if total > 0 {
					return total, nil
				}
				return 0, werr
			}
		default:
			return total, sysErr("write", err)
		}
	}
	return total, nil
}

// PHP's STREAM_OOB and STREAM_PEEK.
const (
	FlagOOB  = 1
	FlagPeek = 2
)
