package core

import (
	"golang.org/x/sys/unix"
)

// Name is the local or peer name of a socket as PHP formats it.
func Name(h int64, remote bool) (string, error) {
	s, err := acquireSocket(h, "getsockname", false)
	if err != nil {
		return "", err
	}
	defer s.release()
	if s.tlsl != nil { // the descriptor is the queue's eventfd
		if remote {
			return "", errnoErr("getpeername", unix.ENOTCONN)
		}
		return s.tlsl.ln.Addr().String(), nil
	}
	return sockName(s.fd.fd, remote)
}

// Shutdown is shutdown(2); PHP's STREAM_SHUT_* equal SHUT_*.
func Shutdown(h int64, how int) error {
	if how < 0 || how > 2 {
		return errorf("shutdown", CodeArg, "shutdown mode must be STREAM_SHUT_RD, STREAM_SHUT_WR or STREAM_SHUT_RDWR")
	}
	s, err := acquireSocket(h, "shutdown", false)
	if err != nil {
		return err
	}
	defer s.release()
	if err := unix.Shutdown(s.fd.fd, how); err != nil {
		return sysErr("shutdown", err)
	}
	return nil
}

// Pair makes a connected pair like stream_socket_pair; PHP's STREAM_PF_*,
// STREAM_SOCK_* and STREAM_IPPROTO_* values are Linux's.
func Pair(domain, typ, proto int) (int64, int64, error) {
	fds, err := unix.Socketpair(domain, typ|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, proto)
	if err != nil {
		return 0, 0, sysErr("socketpair", err)
	}
	a, err := handles.add(pairSock(fds[0], domain, typ))
	if err != nil {
		closeFunc(fds[0])
		closeFunc(fds[1])
		return 0, 0, err
	}
	b, err := handles.add(pairSock(fds[1], domain, typ))
	if err != nil {
		Close(a)
		closeFunc(fds[1])
		return 0, 0, err
	}
	return a, b, nil
}

// pairSock is one end of a socketpair(domain, typ).
func pairSock(fd, domain, typ int) *Sock {
	return newSock(fd, KindPair, domain, typ == unix.SOCK_DGRAM)
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
		ferr := s.fillTLSNow()
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
