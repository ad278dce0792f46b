package core

import "golang.org/x/sys/unix"

// Sockets made before Go ran in this process (cgo/front.c, go-src/doc.go
// "Starting Go"): a short-lived helper process created them with Prepare or
// Pair, handed their descriptors over, and the numbers it gave out became
// this process's handles. Adopt and AdoptPairEnd take them into the handle
// table at those numbers, configured as Listen and Pair configure theirs.

// Prepare is Listen without serving, for the helper process: the socket is
// bound (and listening), its handle answers Name and Stat as Listen's would,
// and HandoverFD gives the descriptor to hand over. TLS listeners start
// their accept loop only in the process that adopts them, on its first
// accept or select.
func Prepare(address string, flags int, opts Options) (int64, error) {
	_, s, err := planAndBind(address, flags, opts)
	if err != nil {
		return 0, err
	}
	return addOrClose(s)
}

// HandoverFD is h's socket descriptor, -1 for a socket-less server handle.
func HandoverFD(h int64) (int, error) {
	s, err := acquire(h)
	if err != nil {
		return -1, err
	}
	defer s.release()
	if s.tlsl != nil {
		return -1, errorf("adopt", CodeArg, "gostream: a serving TLS listener has no descriptor to hand over")
	}
	return s.fd.fd, nil
}

// Adopt takes fd, made by Prepare(address, flags, opts) in another process,
// as handle h. On error fd is closed. shared: a fork() since the socket was
// made shares it with other processes; a TLS listener then accepts only
// from its first accept or select here, not at once as Listen's does: a
// pre-fork master that keeps the listener and starts Go for other work
// must leave every client to its workers.
func Adopt(h int64, fd int, address string, flags int, opts Options, shared bool) error {
	p, err := planListen(address, flags, opts)
	if err != nil {
		closeFunc(fd)
		return err
	}
	var s *Sock
	if p.flags&FlagBind == 0 {
		s = newSock(-1, KindNone, 0, false)
	} else {
		family, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_DOMAIN)
		if err != nil {
			closeFunc(fd)
			return sysErr("adopt", err)
		}
		s = newSock(fd, p.addr.Transport.Kind, family, p.addr.Transport.datagram())
		if p.addr.Transport.Kind == KindUnix || p.addr.Transport.Kind == KindUDG {
			s.path = p.addr.Path
		}
		if p.listens() {
			p.markListener(s)
		}
	}
	if s, err = p.serveOn(s); err != nil {
		return err
	}
	if err := handles.claim(h, s); err != nil {
		s.closeTLS()
		if s.fd.fd >= 0 {
			closeFunc(s.fd.fd)
		}
		return err
	}
	if s.tlsl != nil && !shared {
		s.tlsl.start()
	}
	return nil
}

// AdoptPairEnd takes one end of a socketpair, made by Pair(domain, typ, _)
// in another process, as handle h. On error fd is closed.
func AdoptPairEnd(h int64, fd, domain, typ int) error {
	if err := handles.claim(h, pairSock(fd, domain, typ)); err != nil {
		closeFunc(fd)
		return err
	}
	return nil
}
