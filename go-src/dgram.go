package core

import (
	"time"

	"golang.org/x/sys/unix"
)

// RecvFrom is one recvfrom(2), like stream_socket_recvfrom. It bypasses
// the line buffer, as PHP bypasses its read buffer, but unlike PHP a
// blocking socket waits no longer than its timeout.
func RecvFrom(h int64, p []byte, flags int) (int, string, error) {
	s, err := acquireSocket(h, "recvfrom", true)
	if err != nil {
		return 0, "", err
	}
	defer s.release()
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
		n, from, err := recvFrom(s.fd.fd, p, rf)
		switch {
		case err == nil:
			return n, from, nil
		case err == unix.EINTR:
		case err == unix.EAGAIN && s.blocking && flags&FlagOOB == 0:
			if werr := s.wait(unix.POLLIN, &deadline); werr != nil {
				return 0, "", werr
			}
		default:
			return 0, "", sysErr("recvfrom", err)
		}
	}
}

// SendTo is one send/sendto, like stream_socket_sendto; to is "ip:port",
// "[v6]:port" or "" for the connected peer.
func SendTo(h int64, p []byte, flags int, to string) (int, error) {
	s, err := acquireSocket(h, "sendto", false)
	if err != nil {
		return 0, err
	}
	defer s.release()
	sf := 0
	if flags&FlagOOB != 0 {
		sf = unix.MSG_OOB
	}
	if s.tls != nil {
		if to != "" || flags&FlagOOB != 0 {
			return 0, errorf("sendto", -Code(unix.EOPNOTSUPP), "Operation not supported on an encrypted stream (no OOB data or target address)")
		}
		return sentOrError(s.writeTLS(p))
	}
	if to == "" {
		return sentOrError(s.write(p, sf))
	}
	bad := errorf("sendto", CodeParse, "Failed to parse `%s' into a valid network address", to)
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
			return 0, sysErr("sendto", err)
		}
	}
}

// recvTLS is RecvFrom on an encrypted stream: plaintext, where PHP would
// hand out raw TLS records and corrupt the session.
func (s *Sock) recvTLS(p []byte, flags int) (int, string, error) {
	if flags&FlagOOB != 0 {
		return 0, "", errorf("recvfrom", -Code(unix.EOPNOTSUPP), "Operation not supported on an encrypted stream (no OOB data)")
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

// sentOrError is PHP's sendto answer: a count when bytes went out, else
// the error.
func sentOrError(n int, err error) (int, error) {
	if n > 0 {
		return n, nil
	}
	return n, err
}
