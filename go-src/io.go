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
	s, err := acquire(h)
	if err != nil {
		return 0, err
	}
	defer s.release()
	if err := s.checkIO(); err != nil {
		return 0, err
	}
	if s.unread() == 0 && s.tls != nil {
		if err := s.fillTLS(); err != nil {
			return 0, err
		}
		if s.unread() == 0 {
			return 0, nil // end of stream
		}
	}
	if s.unread() > 0 {
		n := copy(p, s.rbuf[s.roff:])
		s.consume(n)
		return n, nil
	}
	return s.readSocket(p)
}

func (s *Sock) checkIO() error {
	if s.fd.fd < 0 {
		return errnoErr(unix.ENOTSOCK)
	}
	if s.listener {
		return errnoErr(unix.ENOTCONN)
	}
	return nil
}

func (s *Sock) consume(n int) {
	s.roff += n
	if s.roff == len(s.rbuf) {
		s.rbuf, s.roff = s.rbuf[:0], 0
	}
}

// readSocket is one read(2), waiting in poll(2) while a blocking socket
// has nothing. It keeps PHP's flags: eof on end of stream or a hard error,
// timed_out on a timeout.
func (s *Sock) readSocket(p []byte) (int, error) {
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
			if !s.blocking {
				return 0, ErrWouldBlock
			}
			if werr := s.wait(unix.POLLIN, &deadline); werr != nil {
				return 0, werr
			}
		default:
			s.eof = true
			return 0, sysErr(err)
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
	s, err := acquire(h)
	if err != nil {
		return 0, err
	}
	defer s.release()
	if err := s.checkIO(); err != nil {
		return 0, err
	}
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
	n, err := s.readSocket(s.rbuf[end : end+readChunk])
	if err != nil {
		return err
	}
	s.rbuf = s.rbuf[:end+n]
	return nil
}

// Write writes p. A blocking socket waits (up to its timeout) until all is
// written; a non-blocking one writes what the kernel takes now.
func Write(h int64, p []byte) (int, error) {
	s, err := acquire(h)
	if err != nil {
		return 0, err
	}
	defer s.release()
	if s.fd.fd < 0 {
		return 0, errnoErr(unix.ENOTSOCK)
	}
	if s.tls != nil {
		return s.writeTLS(p)
	}
	return s.write(p, 0)
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
			if total > 0 {
				return total, nil
			}
			return 0, sysErr(err)
		}
	}
	return total, nil
}

// PHP's STREAM_OOB and STREAM_PEEK.
const (
	FlagOOB  = 1
	FlagPeek = 2
)

// RecvFrom is one recvfrom(2), like stream_socket_recvfrom. It bypasses
// the line buffer, as PHP bypasses its read buffer, but unlike PHP a
// blocking socket waits no longer than its timeout.
func RecvFrom(h int64, p []byte, flags int) (int, string, error) {
	s, err := acquire(h)
	if err != nil {
		return 0, "", err
	}
	defer s.release()
	if err := s.checkIO(); err != nil {
		return 0, "", err
	}
	if s.tls != nil {
		return s.recvTLS(p, flags)
	}
	rf := unix.MSG_DONTWAIT
	if flags&FlagOOB != 0 {
		rf |= unix.MSG_OOB
	}
	if flags&FlagPeek != 0 {
		rf |= unix.MSG_PEEK
	}
	var deadline time.Time // set at the first wait
	for {
		n, from, err := unix.Recvfrom(s.fd.fd, p, rf)
		switch {
		case err == nil:
			name := ""
			if from != nil {
				name = formatSockaddr(from)
			}
			return n, name, nil
		case err == unix.EINTR:
		case err == unix.EAGAIN && s.blocking && flags&FlagOOB == 0:
			if werr := s.wait(unix.POLLIN, &deadline); werr != nil {
				return 0, "", werr
			}
		default:
			return 0, "", sysErr(err)
		}
	}
}

// SendTo is one send/sendto, like stream_socket_sendto; to is "ip:port",
// "[v6]:port" or "" for the connected peer.
func SendTo(h int64, p []byte, flags int, to string) (int, error) {
	s, err := acquire(h)
	if err != nil {
		return 0, err
	}
	defer s.release()
	if s.fd.fd < 0 {
		return 0, errnoErr(unix.ENOTSOCK)
	}
	sf := 0
	if flags&FlagOOB != 0 {
		sf = unix.MSG_OOB
	}
	if s.tls != nil {
		if to != "" || flags&FlagOOB != 0 {
			return 0, errorf(-Code(unix.EOPNOTSUPP), "Operation not supported on an encrypted stream (no OOB data or target address)")
		}
		return s.writeTLS(p)
	}
	if to == "" {
		return s.write(p, sf)
	}
	bad := errorf(CodeParse, "Failed to parse `%s' into a valid network address", to)
	host, port, err := splitHostPort(to)
	if err != nil {
		return 0, bad
	}
	ips, err := lookupHost(host)
	if err != nil {
		return 0, bad
	}
	sa, _ := sockaddrOf(ips[0], port)
	var deadline time.Time // set at the first wait
	for {
		err := unix.Sendto(s.fd.fd, p, sf|unix.MSG_NOSIGNAL|unix.MSG_DONTWAIT, sa)
		switch {
		case err == nil:
			return len(p), nil
		case err == unix.EINTR:
		case err == unix.EAGAIN && s.blocking:
			if werr := s.wait(unix.POLLOUT, &deadline); werr != nil {
				return 0, werr
			}
		default:
			return 0, sysErr(err)
		}
	}
}

// Name is the local or peer name of a socket as PHP formats it.
func Name(h int64, remote bool) (string, error) {
	s, err := acquire(h)
	if err != nil {
		return "", err
	}
	defer s.release()
	if s.fd.fd < 0 {
		return "", errnoErr(unix.ENOTSOCK)
	}
	if s.tlsl != nil { // the descriptor is the queue's eventfd
		if remote {
			return "", errnoErr(unix.ENOTCONN)
		}
		return s.tlsl.ln.Addr().String(), nil
	}
	return sockName(s.fd.fd, remote)
}

// Shutdown is shutdown(2); PHP's STREAM_SHUT_* equal SHUT_*.
func Shutdown(h int64, how int) error {
	if how < 0 || how > 2 {
		return errorf(CodeArg, "shutdown mode must be STREAM_SHUT_RD, STREAM_SHUT_WR or STREAM_SHUT_RDWR")
	}
	s, err := acquire(h)
	if err != nil {
		return err
	}
	defer s.release()
	if s.fd.fd < 0 {
		return errnoErr(unix.ENOTSOCK)
	}
	if err := unix.Shutdown(s.fd.fd, how); err != nil {
		return sysErr(err)
	}
	return nil
}

// Pair makes a connected pair like stream_socket_pair; PHP's STREAM_PF_*,
// STREAM_SOCK_* and STREAM_IPPROTO_* values are Linux's.
func Pair(domain, typ, proto int) (int64, int64, error) {
	fds, err := unix.Socketpair(domain, typ|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, proto)
	if err != nil {
		return 0, 0, sysErr(err)
	}
	dgram := typ == unix.SOCK_DGRAM
	a, err := handles.add(newSock(fds[0], KindPair, domain, dgram))
	if err != nil {
		closeFunc(fds[0])
		closeFunc(fds[1])
		return 0, 0, err
	}
	b, err := handles.add(newSock(fds[1], KindPair, domain, dgram))
	if err != nil {
		Close(a)
		closeFunc(fds[1])
		return 0, 0, err
	}
	return a, b, nil
}

// recvTLS is RecvFrom on an encrypted stream: plaintext, where PHP would
// hand out raw TLS records and corrupt the session.
func (s *Sock) recvTLS(p []byte, flags int) (int, string, error) {
	if flags&FlagOOB != 0 {
		return 0, "", errorf(-Code(unix.EOPNOTSUPP), "Operation not supported on an encrypted stream (no OOB data)")
	}
	if s.unread() == 0 {
		if err := s.fillTLS(); err != nil {
			return 0, "", err
		}
	}
	n := copy(p, s.rbuf[s.roff:])
	if flags&FlagPeek == 0 {
		s.consume(n)
	}
	return n, "", nil
}

// EOF answers feof() without waiting: buffered bytes mean no; otherwise a
// non-blocking peek tells whether the peer has closed, as PHP's liveness
// check does. A datagram socket is never at end of stream.
func EOF(h int64) (bool, error) {
	s, err := acquire(h)
	if err != nil {
		return true, err
	}
	defer s.release()
	switch {
	case s.unread() > 0:
		return false, nil
	case s.eof:
		return true, nil
	case s.listener || s.dgram || s.fd.fd < 0:
		return false, nil
	case s.tls != nil:
		if ok, herr := s.tls.handshakeDone(); !ok {
			return false, nil
		} else if herr != nil {
			return true, nil
		}
		blocking := s.blocking
		s.blocking = false
		ferr := s.fillTLS()
		s.blocking = blocking
		return s.unread() == 0 && (s.eof || (ferr != nil && ferr != ErrWouldBlock)), nil
	}
	var one [1]byte
	for {
		n, err := recv(s.fd.fd, one[:], unix.MSG_PEEK|unix.MSG_DONTWAIT)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN || n > 0:
			return false, nil
		case err == nil:
			s.eof = true
			return true, nil
		default:
			s.eof = true
			return true, nil
		}
	}
}
