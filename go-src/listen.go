package core

import (
	"crypto/tls"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"gostream/go-src/internal/phpconv"
)

// PHP's flags for stream_socket_server.
const (
	FlagBind   = 4
	FlagListen = 8
)

// defaultBacklog asks for the kernel's maximum (somaxconn); PHP's 32 is the
// reason busy PHP servers drop connections. An explicit backlog is honoured.
const defaultBacklog = 65535

// Listen creates a server socket as stream_socket_server does.
func Listen(address string, flags int, opts Options) (int64, error) {
	p, s, err := planAndBind(address, flags, opts)
	if err != nil {
		return 0, err
	}
	if s, err = p.serveOn(s); err != nil {
		return 0, err
	}
	if s.tlsl != nil {
		s.tlsl.start()
	}
	return addOrClose(s)
}

// planAndBind makes the socket Listen and Prepare start from.
func planAndBind(address string, flags int, opts Options) (listenPlan, *Sock, error) {
	p, err := planListen(address, flags, opts)
	if err != nil {
		return p, nil, err
	}
	s, err := p.bind()
	return p, s, err
}

// A listenPlan is everything Listen decides before it makes a socket: the
// address, the flags and options, and the TLS settings (certificate checks
// included). Listen and Adopt (adopt.go) both start from one, so a socket
// created in another process gets the same configuration here.
type listenPlan struct {
	addr   Address
	flags  int
	opts   Options
	tlsCfg *tls.Config
}

func planListen(address string, flags int, opts Options) (listenPlan, error) {
	a, err := ParseAddress(address)
	if err != nil {
		return listenPlan{}, err
	}
	p := listenPlan{addr: a, flags: flags, opts: opts}
	if a.Transport.TLS || hasServerCert(opts) {
		if p.tlsCfg, err = serverConfig(a.Transport.Name, opts); err != nil {
			return listenPlan{}, err
		}
	}
	if flags&FlagBind != 0 && flags&FlagListen != 0 && a.Transport.datagram() {
		return listenPlan{}, errorf("listen", -Code(unix.EOPNOTSUPP), "Operation not supported (datagram sockets take STREAM_SERVER_BIND alone)")
	}
	return p, nil
}

// bind makes the bound, and with FlagListen listening, socket (none
// without FlagBind).
func (p listenPlan) bind() (*Sock, error) {
	if p.flags&FlagBind == 0 {
		return newSock(-1, KindNone, 0, false), nil
	}
	var s *Sock
	var err error
	switch p.addr.Transport.Kind {
	case KindTCP, KindUDP:
		s, err = bindIP(p.addr, p.opts)
	default:
		s, err = bindUnix(p.addr, p.opts)
	}
	if err != nil {
		return nil, err
	}
	if p.listens() {
		if err := unix.Listen(s.fd.fd, int(p.opts.Int("socket", "backlog", defaultBacklog))); err != nil {
			closeFunc(s.fd.fd)
			return nil, sysErr("listen", err)
		}
		p.markListener(s)
	}
	return s, nil
}

func (p listenPlan) listens() bool {
	return p.flags&FlagBind != 0 && p.flags&FlagListen != 0
}

func (p listenPlan) markListener(s *Sock) {
	s.listener = true
	s.nodelay = p.opts.Bool("socket", "tcp_nodelay")
	s.tlsCfg = p.tlsCfg
}

// serveOn starts serving a listening socket: ssl:// and tls:// listeners
// hand it to their TLS accept loop.
func (p listenPlan) serveOn(s *Sock) (*Sock, error) {
	if !p.listens() || !p.addr.Transport.TLS {
		return s, nil
	}
	return listenTLS(s, p.tlsCfg)
}

// addOrClose publishes s, or closes its descriptor if no handle is left.
func addOrClose(s *Sock) (int64, error) {
	h, err := handles.add(s)
	if err != nil && s.fd.fd >= 0 {
		closeFunc(s.fd.fd)
	}
	return h, err
}

// bindIP binds the first resolved address that binds, as PHP does.
func bindIP(a Address, opts Options) (*Sock, error) {
	dgram := a.Transport.datagram()
	return firstIPSocket(a, "bind", func(fd int, sa unix.Sockaddr, family int) (bool, error) {
		if err := setServerOptions(fd, family, dgram, opts); err != nil {
			return false, err
		}
		return false, unix.Bind(fd, sa)
	})
}

func setServerOptions(fd, family int, dgram bool, opts Options) error {
	set := func(level, opt int, on bool) error {
		v := 0
		if on {
			v = 1
		}
		return unix.SetsockoptInt(fd, level, opt, v)
	}
	if err := set(unix.SOL_SOCKET, unix.SO_REUSEADDR, true); err != nil {
		return err
	}
	if v, ok := opts.get("socket", "ipv6_v6only"); ok && family == unix.AF_INET6 {
		if err := set(unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, phpconv.Bool(v)); err != nil {
			return err
		}
	}
	if opts.Bool("socket", "so_reuseport") {
		if err := set(unix.SOL_SOCKET, unix.SO_REUSEPORT, true); err != nil {
			return err
		}
	}
	if dgram && opts.Bool("socket", "so_broadcast") {
		if err := set(unix.SOL_SOCKET, unix.SO_BROADCAST, true); err != nil {
			return err
		}
	}
	return nil
}

// bindUnix binds a unix or udg socket. With the unix_mode option the file
// gets exactly that mode without touching the process umask: the socket
// inode is made mode 0 before bind, so the file appears unconnectable, and
// is then chmod-ed to the requested mode.
func bindUnix(a Address, opts Options) (*Sock, error) {
	dgram, typ := a.Transport.datagram(), a.Transport.sockType()
	mode, hasMode, err := unixMode(opts)
	if err != nil {
		return nil, err
	}
	fd, err := newSocket(unix.AF_UNIX, typ)
	if err != nil {
		kind := "unix"
		if dgram {
			kind = "unixdatagram"
		}
		return nil, errorf("socket", -Code(err.(unix.Errno)), "Failed to create %s socket %s", kind, Strerror(err.(unix.Errno)))
	}
	abstract := len(a.Path) > 0 && a.Path[0] == 0
	if hasMode && !abstract {
		unix.Fchmod(fd, 0)
	}
	if err := bindUnixPath(fd, a.Path); err != nil {
		closeFunc(fd)
		return nil, sysErr("bind", err)
	}
	if hasMode && !abstract {
		if err := unix.Chmod(a.Path, mode); err != nil {
			closeFunc(fd)
			unix.Unlink(a.Path)
			return nil, sysErr("chmod", err)
		}
	}
	s := newSock(fd, a.Transport.Kind, unix.AF_UNIX, dgram)
	s.path = a.Path
	return s, nil
}

// unixMode reads socket.unix_mode: an integer (0660 in PHP source is 432)
// or an octal string ("0660", "660").
func unixMode(opts Options) (uint32, bool, error) {
	v, ok := opts.get("socket", "unix_mode")
	if !ok {
		return 0, false, nil
	}
	var m int64
	switch t := v.(type) {
	case string:
		n, err := strconv.ParseInt(strings.TrimPrefix(t, "0o"), 8, 32)
		if err != nil {
			return 0, false, errorf("parse options", CodeArg, "socket option unix_mode %q is not an octal file mode", t)
		}
		m = n
	default:
		m = phpconv.Int(v)
	}
	if m < 0 || m > 0o7777 {
		return 0, false, errorf("parse options", CodeArg, "socket option unix_mode %o is not a file mode", m)
	}
	return uint32(m), true, nil
}

// Accept takes one connection, waiting up to timeout (< 0 forever).
func Accept(h int64, timeout time.Duration) (int64, string, error) {
	s, err := acquire(h)
	if err != nil {
		return 0, "", err
	}
	defer s.release()
	if s.tlsl != nil {
		return acceptTLS(s, timeout)
	}
	if !s.listener {
		return 0, "", s.sleepUnlessClosed(timeout)
	}
	var deadline time.Time
	if timeout >= 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		nfd, peer, err := accept4(s.fd.fd)
		switch {
		case err == nil:
			c := newSock(nfd, s.kind, s.family, false)
			c.timeout, c.tlsCfg = s.timeout, s.tlsCfg
			if s.nodelay && s.kind == KindTCP {
				unix.SetsockoptInt(nfd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
			}
			ch, err := handles.add(c)
			if err != nil {
				closeFunc(nfd)
				return 0, "", err
			}
			return ch, peer, nil
		case err == unix.EAGAIN:
			left := time.Duration(-1)
			if timeout >= 0 {
				left = max(time.Until(deadline), 0)
			}
			if err := waitFD(s.fd.fd, unix.POLLIN, left); err != nil {
				return 0, "", err
			}
		case err == unix.EINTR || err == unix.ECONNABORTED:
		default:
			return 0, "", sysErr("accept", err)
		}
		if s.fd.state.Load()&refClosing != 0 {
			return 0, "", ErrBadHandle
		}
	}
}

// closeCheckInterval bounds how late a sleeping accept on a non-listener
// notices that another thread closed the handle.
const closeCheckInterval = 50 * time.Millisecond

// sleepUnlessClosed is what PHP does when accept is called on a connected
// or datagram socket: it waits out the timeout (poll(2) on no descriptor is
// an interruptible sleep), then reports a timeout.
func (s *Sock) sleepUnlessClosed(timeout time.Duration) error {
	var deadline time.Time
	if timeout >= 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		if s.fd.state.Load()&refClosing != 0 {
			return ErrBadHandle
		}
		slice := closeCheckInterval
		if timeout >= 0 {
			left := time.Until(deadline)
			if left <= 0 {
				return ErrTimeout
			}
			slice = min(slice, left)
		}
		if err := waitFD(-1, 0, slice); err != nil && err != ErrTimeout {
			return err
		}
	}
}
