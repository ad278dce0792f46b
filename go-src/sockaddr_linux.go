package core

import (
	"net"
	"net/netip"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// newSocket makes a socket the way every socket of the library is made:
// non-blocking (the library does its own waits) and close-on-exec.
func newSocket(family, typ int) (int, error) {
	return unix.Socket(family, typ|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
}

// newIPSocket is newSocket for ip:port, with the address to bind or
// connect it to.
func newIPSocket(ip netip.Addr, port, typ int) (fd int, sa unix.Sockaddr, family int, err error) {
	sa, family = sockaddrOf(ip, port)
	fd, err = newSocket(family, typ)
	return fd, sa, family, err
}

// firstIPSocket tries the addresses a's host resolves to in turn, as PHP
// does: for each it makes a socket and hands it to setUp (which binds or
// connects it), and keeps the first that setUp accepts. A failure moves on
// to the next address unless setUp calls it final; a socket not kept is
// closed. It returns the socket, or the last failure of op.
func firstIPSocket(a Address, op string, setUp func(fd int, sa unix.Sockaddr, family int) (final bool, err error)) (*Sock, error) {
	ips, err := lookupHost(a.Host)
	if err != nil {
		return nil, err
	}
	var last error
	for _, ip := range ips {
		fd, sa, family, err := newIPSocket(ip, a.Port, a.Transport.sockType())
		if err == nil {
			var final bool
			if final, err = setUp(fd, sa, family); err == nil {
				return newSock(fd, a.Transport.Kind, family, a.Transport.datagram()), nil
			}
			closeFunc(fd)
			if final {
				return nil, err
			}
		}
		last = err
	}
	return nil, sysErr(op, last)
}

// sockaddrOf builds the kernel address for an IP and port.
func sockaddrOf(ip netip.Addr, port int) (unix.Sockaddr, int) {
	if ip.Is4() {
		return &unix.SockaddrInet4{Port: port, Addr: ip.As4()}, unix.AF_INET
	}
	sa := &unix.SockaddrInet6{Port: port, Addr: ip.As16()}
	if z := ip.Zone(); z != "" {
		if ifi, err := net.InterfaceByName(z); err == nil {
			sa.ZoneId = uint32(ifi.Index)
		} else if n, err := strconv.Atoi(z); err == nil {
			sa.ZoneId = uint32(n)
		}
	}
	return sa, unix.AF_INET6
}

// formatSockaddr writes names as PHP does: "a.b.c.d:p", "[v6]:p", or the
// unix path ("" for unnamed and abstract sockets, which PHP reports as false).
func formatSockaddr(sa unix.Sockaddr) string {
	switch a := sa.(type) {
	case *unix.SockaddrInet4:
		return netip.AddrFrom4(a.Addr).String() + ":" + strconv.Itoa(a.Port)
	case *unix.SockaddrInet6:
		return "[" + netip.AddrFrom16(a.Addr).String() + "]:" + strconv.Itoa(a.Port)
	case *unix.SockaddrUnix:
		if len(a.Name) > 0 && (a.Name[0] == '@' || a.Name[0] == 0) {
			return ""
		}
		return a.Name
	}
	return ""
}

// send and recv call sendto/recvfrom directly: x/sys's Sendto reports no
// byte count, and MSG_NOSIGNAL keeps a write to a closed peer from raising
// SIGPIPE in the host process.
func send(fd int, p []byte, flags int) (int, error) {
	var ptr unsafe.Pointer
	if len(p) > 0 {
		ptr = unsafe.Pointer(&p[0])
	}
	// Raw: the descriptor is non-blocking, so the call never blocks and
	// needs no hand-off to Go's scheduler.
	n, _, e := unix.RawSyscall6(unix.SYS_SENDTO, uintptr(fd), uintptr(ptr), uintptr(len(p)), uintptr(flags|unix.MSG_NOSIGNAL), 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

func recv(fd int, p []byte, flags int) (int, error) {
	var ptr unsafe.Pointer
	if len(p) > 0 {
		ptr = unsafe.Pointer(&p[0])
	}
	n, _, e := unix.RawSyscall6(unix.SYS_RECVFROM, uintptr(fd), uintptr(ptr), uintptr(len(p)), uintptr(flags), 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// sockName is getsockname/getpeername formatted as PHP does.
func sockName(fd int, peer bool) (string, error) {
	var rsa unix.RawSockaddrAny
	n := uint32(unsafe.Sizeof(rsa))
	trap, op := uintptr(unix.SYS_GETSOCKNAME), "getsockname"
	if peer {
		trap, op = unix.SYS_GETPEERNAME, "getpeername"
	}
	if _, _, e := unix.RawSyscall(trap, uintptr(fd), uintptr(unsafe.Pointer(&rsa)), uintptr(unsafe.Pointer(&n))); e != 0 {
		return "", sysErr(op, e)
	}
	return formatRawSockaddr(&rsa, n), nil
}

// The calls below that return an address take it raw, as sockName does,
// rather than through x/sys, which asks the kernel for each IP socket's
// protocol (getsockopt SO_PROTOCOL) to build it: a system call per accept
// and per datagram received that PHP does not make. The descriptors are
// non-blocking, so the calls never block (raw, as send).

// accept4 is accept4(2) on a listener, with the peer's name.
func accept4(fd int) (int, string, error) {
	var rsa unix.RawSockaddrAny
	n := uint32(unsafe.Sizeof(rsa))
	nfd, _, e := unix.RawSyscall6(unix.SYS_ACCEPT4, uintptr(fd), uintptr(unsafe.Pointer(&rsa)), uintptr(unsafe.Pointer(&n)),
		unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0, 0)
	if e != 0 {
		return -1, "", e
	}
	return int(nfd), formatRawSockaddr(&rsa, n), nil
}

// recvFrom is recvfrom(2) with the sender's name ("" when the kernel gives
// none, as for a connected stream).
func recvFrom(fd int, p []byte, flags int) (int, string, error) {
	var rsa unix.RawSockaddrAny
	n := uint32(unsafe.Sizeof(rsa))
	var ptr unsafe.Pointer
	if len(p) > 0 {
		ptr = unsafe.Pointer(&p[0])
	}
	r, _, e := unix.RawSyscall6(unix.SYS_RECVFROM, uintptr(fd), uintptr(ptr), uintptr(len(p)), uintptr(flags),
		uintptr(unsafe.Pointer(&rsa)), uintptr(unsafe.Pointer(&n)))
	if e != 0 {
		return 0, "", e
	}
	return int(r), formatRawSockaddr(&rsa, n), nil
}

// formatRawSockaddr formats the n bytes of a kernel socket address as
// formatSockaddr does. A unix path is taken verbatim: x/sys reports an
// abstract name with a leading "@", which a real relative path may also
// start with.
func formatRawSockaddr(rsa *unix.RawSockaddrAny, n uint32) string {
	if n < uint32(unsafe.Sizeof(rsa.Addr.Family)) {
		return ""
	}
	switch rsa.Addr.Family {
	case unix.AF_UNIX:
		ru := (*unix.RawSockaddrUnix)(unsafe.Pointer(rsa))
		plen := int(n) - int(unsafe.Offsetof(ru.Path))
		if plen <= 0 || ru.Path[0] == 0 {
			return "" // unnamed or abstract: PHP reports false
		}
		b := make([]byte, 0, plen)
		for _, c := range ru.Path[:min(plen, len(ru.Path))] {
			if c == 0 {
				break
			}
			b = append(b, byte(c))
		}
		return string(b)
	case unix.AF_INET:
		r4 := (*unix.RawSockaddrInet4)(unsafe.Pointer(rsa))
		return formatSockaddr(&unix.SockaddrInet4{Port: ntohs(r4.Port), Addr: r4.Addr})
	case unix.AF_INET6:
		r6 := (*unix.RawSockaddrInet6)(unsafe.Pointer(rsa))
		return formatSockaddr(&unix.SockaddrInet6{Port: ntohs(r6.Port), Addr: r6.Addr})
	}
	return ""
}

func ntohs(p uint16) int {
	b := (*[2]byte)(unsafe.Pointer(&p))
	return int(b[0])<<8 | int(b[1])
}

// unixAddrCall binds or connects to a unix path taken verbatim, as PHP
// does: x/sys would turn a leading "@" into the abstract namespace. The
// length is offsetof(sun_path) + len(path), without a trailing NUL.
func unixAddrCall(trap uintptr, fd int, path string) error {
	var ru unix.RawSockaddrUnix
	if len(path) >= len(ru.Path) {
		return unix.ENAMETOOLONG
	}
	ru.Family = unix.AF_UNIX
	for i := 0; i < len(path); i++ {
		ru.Path[i] = int8(path[i])
	}
	n := unsafe.Offsetof(ru.Path) + uintptr(len(path))
	for {
		_, _, e := unix.Syscall(trap, uintptr(fd), uintptr(unsafe.Pointer(&ru)), n)
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return e
		}
		return nil
	}
}

func bindUnixPath(fd int, path string) error    { return unixAddrCall(unix.SYS_BIND, fd, path) }
func connectUnixPath(fd int, path string) error { return unixAddrCall(unix.SYS_CONNECT, fd, path) }

// rawRead is read(2) on a non-blocking descriptor (see send).
func rawRead(fd int, p []byte) (int, error) {
	var ptr unsafe.Pointer
	if len(p) > 0 {
		ptr = unsafe.Pointer(&p[0])
	}
	n, _, e := unix.RawSyscall(unix.SYS_READ, uintptr(fd), uintptr(ptr), uintptr(len(p)))
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}
