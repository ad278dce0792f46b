package core

import (
	"crypto/tls"
	"errors"
	"time"

	"golang.org/x/sys/unix"

	"gostream/go-src/tlsconf"
)

// TLS versions pinned by the tlsv1.x transports.
var pinnedVersions = map[string]uint16{
	"tlsv1.0": tls.VersionTLS10,
	"tlsv1.1": tls.VersionTLS11,
	"tlsv1.2": tls.VersionTLS12,
	"tlsv1.3": tls.VersionTLS13,
}

// serverConfig builds and checks a server's TLS configuration once, when
// the server is created: the files are read and the key matched here, not
// at each accept. transport pins the version of tlsv1.x servers.
func serverConfig(transport string, opts Options) (*tls.Config, error) {
	cfg, err := tlsconf.Server(tlsconf.Options(opts.Section("ssl")))
	if err != nil {
		return nil, wrapErr("tls config", CodeTLS, err)
	}
	return pinVersion(cfg, transport)
}

func pinVersion(cfg *tls.Config, transport string) (*tls.Config, error) {
	v, ok := pinnedVersions[transport]
	if !ok {
		return cfg, nil
	}
	if v < tls.VersionTLS12 {
		return nil, errorf("tls config", CodeTLS, "%s:// is not supported: TLS 1.0 and 1.1 are insecure; use tlsv1.2:// or tls://", transport)
	}
	return tlsconf.WithVersions(cfg, v, v), nil
}

// hasServerCert tells whether the ssl options carry a certificate, so a
// plain tcp:// server can check them at creation for a later STARTTLS.
func hasServerCert(opts Options) bool {
	_, a := opts.get("ssl", "local_cert")
	_, b := opts.get("ssl", "SNI_server_certs")
	return a || b
}

// dialTLS runs the client handshake on a connected socket, within timeout.
func dialTLS(s *Sock, a Address, timeout time.Duration, opts Options) error {
	cfg, err := tlsconf.Client(tlsconf.Options(opts.Section("ssl")), a.Host)
	if err != nil {
		return wrapErr("tls config", CodeTLS, err)
	}
	if cfg, err = pinVersion(cfg, a.Transport.Name); err != nil {
		return err
	}
	nc, err := netConnOf(s.fd.fd)
	if err != nil {
		return err
	}
	s.tls = newTLSConn(newHybridConn(nc, s.fd.fd), false, cfg)
	s.tls.reported = true
	s.tls.handshake(timeout)
	if s.tls.hsErr != nil {
		nc.Close()
		return &clientHandshakeError{tlsErr(s.tls.hsErr), s.tls.peerPEM()}
	}
	return nil
}

// clientHandshakeError is a failed TLS client handshake of Dial, with the
// peer certificate capture_peer_cert keeps (see peerPEM), since no handle
// is left to ask.
type clientHandshakeError struct {
	err     *Error
	peerPEM string
}

func (e *clientHandshakeError) Error() string { return e.err.Msg }
func (e *clientHandshakeError) Unwrap() error { return e.err }

// FailedPeerCertificate is the peer certificate (PEM) a Dial that failed
// with err kept for capture_peer_cert, or "".
func FailedPeerCertificate(err error) string {
	var e *clientHandshakeError
	if errors.As(err, &e) {
		return e.peerPEM
	}
	return ""
}

// Results of EnableCrypto besides errors.
const (
	CryptoDone    = 1 // the handshake finished (reported once)
	CryptoPending = 0 // non-blocking and not finished: select and call again
)

// ErrCryptoActive is the second enabling of a session; PHP warns
// "SSL/TLS already set-up for this stream" on blocking streams.
var ErrCryptoActive = &Error{Code: -Code(unix.EALREADY), Msg: "SSL/TLS already set-up for this stream"}

// EnableCrypto starts, continues or stops TLS on a connected TCP stream,
// like stream_socket_enable_crypto. method is a STREAM_CRYPTO_METHOD_*
// mask (bit 0 set: client). The handshake runs in a goroutine: a blocking
// stream waits for it up to its timeout; a non-blocking one gets
// CryptoPending until it has ended.
func EnableCrypto(h int64, enable bool, method int64, opts Options) (int, error) {
	s, err := acquire(h)
	if err != nil {
		return 0, err
	}
	defer s.release()
	if s.kind != KindTCP || s.listener || s.fd.fd < 0 {
		return 0, errorf("enable_crypto", CodeTLS, "This stream does not support SSL/crypto")
	}
	if !enable {
		if s.tls != nil {
			s.takeReadAhead()
			s.tls.disable(s.timeout)
			s.tls = nil
		}
		return 0, nil
	}
	if s.tls == nil {
		if err := s.startHandshake(method, opts); err != nil {
			return 0, err
		}
		if !s.blocking {
			// As PHP: the call that starts a non-blocking handshake never
			// ends it (the goroutine may already have, under load); the
			// finished handshake makes the stream readable for the next
			// select, and the next call reports it.
			return CryptoPending, nil
		}
	} else if s.tls.reported {
		return 0, ErrCryptoActive
	}
	if s.blocking {
		if err := s.waitHandshake(); err != nil {
			if err == ErrTimeout {
				return 0, errorf("handshake", CodeTLS, "SSL: Handshake timed out")
			}
			return 0, err
		}
	}
	done, err := s.tls.handshakeDone()
	if !done {
		return CryptoPending, nil
	}
	s.tls.reported = true
	if err != nil {
		return 0, tlsErr(err)
	}
	return CryptoDone, nil
}

// takeReadAhead gives the stream the bytes a finished handshake read
// ahead that crypto/tls has not taken, when crypto is disabled: they were
// the kernel's to return, and are now the stream's.
func (s *Sock) takeReadAhead() {
	hc := s.tls.hc
	if ok, _ := s.tls.handshakeDone(); ok && len(hc.prefix) > 0 {
		s.rbuf = append(s.rbuf, hc.prefix...)
		hc.prefix = nil
	}
}

func (s *Sock) startHandshake(method int64, opts Options) error {
	server := method&1 == 0
	// The method given wins over the context's crypto_method, as in PHP,
	// which reads the option only when the argument is null.
	opts = withoutOption(opts, "ssl", "crypto_method")
	var cfg *tls.Config
	var err error
	switch {
	case server && s.tlsCfg != nil && !hasServerCert(opts):
		cfg = s.tlsCfg
	case server:
		cfg, err = serverConfig("", opts)
	default:
		cfg, err = tlsconf.Client(tlsconf.Options(opts.Section("ssl")), s.host)
		if err != nil {
			err = wrapErr("tls config", CodeTLS, err)
		}
	}
	if err != nil {
		return err
	}
	// The method, narrowed by min/max_proto_version as PHP does.
	lo, hi, err := tlsconf.Versions(tlsconf.Options(opts.Section("ssl")), method)
	if err != nil {
		return wrapErr("tls config", CodeTLS, err)
	}
	cfg = tlsconf.WithVersions(cfg, lo, hi)
	nc, err := netConnOf(s.fd.fd)
	if err != nil {
		return err
	}
	hc := newHybridConn(nc, s.fd.fd)
	if s.unread() > 0 {
		// Read ahead before STARTTLS (a line read, or bytes given back):
		// they belong to the handshake.
		hc.prefix = append([]byte(nil), s.rbuf[s.roff:]...)
		s.consume(len(hc.prefix))
	}
	s.tls = newTLSConn(hc, server, cfg)
	t, timeout := s.tls, s.timeout
	goTLS(func() { t.handshake(timeout) })
	return nil
}

// tlsVirtualReady is readiness the kernel cannot show: a finished
// handshake not yet reported, plaintext or record bytes crypto/tls took
// from the kernel, and room in the write queue.
func (s *Sock) tlsVirtualReady(want byte) uint32 {
	if s.tls == nil {
		return 0
	}
	var r uint32
	if want&EvRead != 0 {
		if ok, _ := s.tls.handshakeDone(); (ok && !s.tls.reported) || s.tls.more || s.tls.swallowed {
			r |= EvRead
		}
	}
	if want&EvWrite != 0 && s.tls.writable() {
		r |= EvWrite
	}
	return r
}

// closeTLS releases TLS state when a handle closes.
func (s *Sock) closeTLS() {
	if s.tlsl != nil {
		s.tlsl.close()
	}
	if s.tls != nil {
		s.tls.shutdown(s.blocking, s.timeout)
	}
}

// withoutOption copies opts without one option.
func withoutOption(opts Options, wrapper, key string) Options {
	if _, ok := opts[wrapper][key]; !ok {
		return opts
	}
	out := make(Options, len(opts))
	for w, m := range opts {
		out[w] = m
	}
	sec := make(map[string]any, len(opts[wrapper]))
	for k, v := range opts[wrapper] {
		if k != key {
			sec[k] = v
		}
	}
	out[wrapper] = sec
	return out
}
