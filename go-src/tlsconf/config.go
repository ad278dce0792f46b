package tlsconf

import (
	"crypto/tls"
	"strings"
)

// defaultMethod is what PHP uses when crypto_method is unset: any TLS
// version (STREAM_CRYPTO_METHOD_TLS_SERVER without the client bit).
const defaultMethod = methodTLS10 | methodTLS11 | methodTLS12 | methodTLS13

// Server builds the server-side config. It is meant to be called once when
// a listener is created: every file is read and checked here, so that a bad
// certificate, key, passphrase or cipher string is reported at once instead
// of on each accepted connection as in PHP. To narrow the versions later
// (tlsv1.x:// transports) use WithVersions, not Clone.
func Server(opts Options) (*tls.Config, error) {
	cfg, level, err := common(opts)
	if err != nil {
		return nil, err
	}

	passphrase, err := opts.getPassphrase("passphrase")
	if err != nil {
		return nil, err
	}
	var def *tls.Certificate
	if c, err := localCert(opts, passphrase, level); err != nil {
		return nil, err
	} else if c != nil {
		def = c
		cfg.Certificates = []tls.Certificate{*c}
	}
	if v, ok := opts["SNI_server_certs"]; ok && v != nil && opts.getBool("SNI_enabled", true) {
		sni, err := loadSNICerts(v, passphrase, level)
		if err != nil {
			return nil, err
		}
		sni.def = def
		cfg.GetCertificate = sni.getCertificate
	}
	if def == nil && cfg.GetCertificate == nil {
		return nil, &Error{Option: "local_cert", Cause: "missing", Err: ErrNoCertificate,
			msg: "no local_cert option: a TLS server needs a certificate"}
	}

	policy, err := peerPolicyFromOptions(opts, true, "")
	if err != nil {
		return nil, err
	}
	all, named, err := caPools(opts)
	if err != nil {
		return nil, err
	}
	policy.roots = all
	if policy.verifyPeer && all == nil && !policy.allowSelfSigned {
		return nil, optionError("verify_peer", "verify_peer on a server needs cafile or capath to check client certificates (servers use no system trust store)")
	}
	switch {
	case policy.needsCert():
		cfg.ClientAuth = tls.RequireAnyClientCert // checked by policy.verify
		cfg.ClientCAs = named                     // advertised CA names, as PHP does with cafile
	case opts.getBool("capture_peer_cert", false) || opts.getBool("capture_peer_cert_chain", false):
		cfg.ClientAuth = tls.RequestClientCert // so there is something to capture
		cfg.ClientCAs = named
	default:
		// Unlike PHP (spec §12.11) no CertificateRequest unless asked for.
		cfg.ClientAuth = tls.NoClientCert
	}
	cfg.VerifyConnection = policy.verify

	if len(cfg.NextProtos) > 0 {
		alpnFallback(cfg)
	}
	return cfg, nil
}

// Client builds a client config. host is the host part of the address: it
// is the SNI name and the default peer_name. Peer verification defaults to
// on, against the system roots unless cafile or capath is set.
// The config does its own peer verification in VerifyConnection, so
// InsecureSkipVerify is set on it and must stay set.
func Client(opts Options, host string) (*tls.Config, error) {
	cfg, level, err := common(opts)
	if err != nil {
		return nil, err
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")

	passphrase, err := opts.getPassphrase("passphrase")
	if err != nil {
		return nil, err
	}
	if c, err := localCert(opts, passphrase, level); err != nil {
		return nil, err
	} else if c != nil {
		// OpenSSL sends its certificate whatever CA names the server lists;
		// crypto/tls would withhold one the list does not cover.
		cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return c, nil }
	}

	policy, err := peerPolicyFromOptions(opts, false, host)
	if err != nil {
		return nil, err
	}
	if policy.roots, _, err = caPools(opts); err != nil {
		return nil, err
	}
	if opts.getBool("SNI_enabled", true) {
		cfg.ServerName = policy.name
		if policy.name == "" {
			cfg.ServerName = host
		}
	}
	// All checks are policy.verify's; crypto/tls still verifies the
	// handshake signature with the certificate's key.
	cfg.InsecureSkipVerify = true
	cfg.VerifyConnection = policy.verify
	return cfg, nil
}

// common reads what both roles share: versions, ciphers, security level,
// curves, ALPN and tickets. It returns the security level for key checks.
func common(opts Options) (*tls.Config, int, error) {
	minV, maxV, err := versionsFromOptions(opts, defaultMethod)
	if err != nil {
		return nil, 0, err
	}
	suites := DefaultCipherSuites
	seclevelFromCiphers := -1
	if s, ok, err := opts.getString("ciphers"); err != nil {
		return nil, 0, err
	} else if ok {
		sel, err := ParseCiphers(s)
		if err != nil {
			return nil, 0, err
		}
		suites, seclevelFromCiphers = sel.Suites, sel.SecurityLevel
	}
	level, err := securityLevel(opts, seclevelFromCiphers)
	if err != nil {
		return nil, 0, err
	}
	suites = levelSuites(suites, level)
	if len(suites) == 0 {
		if minV < tls.VersionTLS13 {
			return nil, 0, optionError("ciphers", "no selected TLS 1.2 cipher suite is strong enough for security_level %d", level)
		}
		suites = []uint16{} // nil would mean Go's defaults, CBC included
	}
	cfg := &tls.Config{
		MinVersion:       minV,
		MaxVersion:       maxV,
		CipherSuites:     suites,
		CurvePreferences: levelCurves(level),
		// PHP's no_ticket; Go never compresses and never renegotiates as a
		// server, which covers disable_compression and reneg_limit.
		SessionTicketsDisabled: opts.getBool("no_ticket", false),
	}
	if s, ok, err := opts.getString("alpn_protocols"); err != nil {
		return nil, 0, err
	} else if ok {
		if cfg.NextProtos, err = parseALPN(s); err != nil {
			return nil, 0, err
		}
	}
	return cfg, level, nil
}

// localCert loads local_cert/local_pk when set, checked against the level.
func localCert(opts Options, passphrase []byte, level int) (*tls.Certificate, error) {
	certFile, err := opts.getPath("local_cert")
	if err != nil {
		return nil, err
	}
	keyFile, err := opts.getPath("local_pk")
	if err != nil {
		return nil, err
	}
	if certFile == "" {
		if keyFile != "" {
			return nil, optionError("local_pk", "local_pk is set but local_cert is not: the key needs its certificate")
		}
		return nil, nil
	}
	c, err := loadLocalCert(certFile, keyFile, passphrase, level)
	if err != nil {
		return nil, err
	}
	return &c, nil
}
