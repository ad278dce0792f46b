package core

import (
	"time"

	"golang.org/x/sys/unix"
)

// FlagAsyncConnect is STREAM_CLIENT_ASYNC_CONNECT.
const FlagAsyncConnect = 2

// Dial connects like stream_socket_client: each resolved address in turn
// until one connects, within timeout (< 0 forever).
func Dial(address string, flags int, timeout time.Duration, opts Options) (int64, error) {
	a, err := ParseAddress(address)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	async := flags&FlagAsyncConnect != 0
	var s *Sock
	switch a.Transport.Kind {
	case KindTCP, KindUDP:
		s, err = dialIP(a, async, timeout, opts)
	default:
		s, err = dialUnix(a, timeout)
	}
	if err != nil {
		return 0, err
	}
	s.host = a.Host
	if a.Transport.TLS {
		left := time.Duration(-1)
		if timeout >= 0 {
			left = max(timeout-time.Since(start), 0)
		}
		if err := dialTLS(s, a, left, opts); err != nil {
			closeFunc(s.fd.fd)
			return 0, err
		}
	}
	h, err := handles.add(s)
	if err != nil {
		closeFunc(s.fd.fd)
	}
	return h, err
}

// dialIP connects to the first resolved address that answers, as PHP
// does; the timeout covers them all. A bad bindto fails at once: it would
// fail alike for every address.
func dialIP(a Address, async bool, timeout time.Duration, opts Options) (*Sock, error) {
	nodelay := !a.Transport.datagram() && opts.Bool("socket", "tcp_nodelay")
	var deadline time.Time // set when the first address is tried
	return firstIPSocket(a, "connect", func(fd int, sa unix.Sockaddr, family int) (bool, error) {
		if err := bindTo(fd, family, opts); err != nil {
			return true, err
		}
		if nodelay {
			unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
		}
		if deadline.IsZero() {
			deadline = time.Now().Add(timeout)
		}
		left := time.Duration(-1)
		if timeout >= 0 {
			left = max(time.Until(deadline), 0)
		}
		return false, connectFD(fd, sa, async, left)
	})
}

// bindTo applies socket.bindto ("ip:port") before connecting.
func bindTo(fd, family int, opts Options) error {
	b := opts.String("socket", "bindto")
	if b == "" {
		return nil
	}
	host, port, err := splitHostPort(b)
	if err != nil {
		return err
	}
	ips, err := lookupHost(host)
	if err != nil {
		return err
	}
	for _, ip := range ips {
		sa, fam := sockaddrOf(ip, port)
		if fam == family {
			if err := unix.Bind(fd, sa); err != nil {
				return sysErr("bind", err)
			}
			return nil
		}
	}
	return errorf("bind", -Code(unix.EAFNOSUPPORT), "Address family not supported by protocol")
}

// connectFD starts a non-blocking connect and, unless async, waits for it.
func connectFD(fd int, sa unix.Sockaddr, async bool, timeout time.Duration) error {
	err := unix.Connect(fd, sa)
	for err == unix.EINTR {
		err = unix.Connect(fd, sa)
	}
	if err == nil || (async && err == unix.EINPROGRESS) {
		return nil
	}
	if err != unix.EINPROGRESS {
		return err
	}
	if err := waitFD(fd, unix.POLLOUT, timeout); err != nil {
		return err
	}
	if soerr, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR); err != nil {
		return err
	} else if soerr != 0 {
		return unix.Errno(soerr)
	}
	return nil
}

// dialUnix connects a unix or udg socket. A full backlog makes a
// non-blocking unix connect fail with EAGAIN; it is retried until timeout.
func dialUnix(a Address, timeout time.Duration) (*Sock, error) {
	dgram, typ := a.Transport.datagram(), a.Transport.sockType()
	fd, err := newSocket(unix.AF_UNIX, typ)
	if err != nil {
		return nil, sysErr("connect", err)
	}
	deadline := time.Now().Add(timeout)
	for {
		err = connectUnixPath(fd, a.Path)
		if err != unix.EAGAIN && err != unix.EINTR {
			break
		}
		if timeout >= 0 && time.Now().After(deadline) {
			err = unix.ETIMEDOUT
			break
		}
		// Not time.Sleep: a Go timer may make Go's netpoller (netpoll_linux.go).
		unix.Nanosleep(&unix.Timespec{Nsec: int64(time.Millisecond)}, nil)
	}
	if err != nil {
		closeFunc(fd)
		return nil, sysErr("connect", err)
	}
	return newSock(fd, a.Transport.Kind, unix.AF_UNIX, dgram), nil
}
