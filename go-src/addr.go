package core

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Kind is what sort of socket a transport makes.
type Kind uint8

// Kinds; the values are part of the ABI (GS_KIND_* in include/gostream.h).
const (
	KindNone Kind = iota // socket-less server stream
	KindTCP
	KindUDP
	KindUnix
	KindUDG
	KindPair
)

// Transport is a registered scheme such as "tcp" or "tlsv1.3".
type Transport struct {
	Name string
	Kind Kind
	TLS  bool
}

// datagram tells udp and udg from the byte-stream transports.
func (t Transport) datagram() bool { return t.Kind == KindUDP || t.Kind == KindUDG }

// sockType is the socket(2) type the transport makes.
func (t Transport) sockType() int {
	if t.datagram() {
		return unix.SOCK_DGRAM
	}
	return unix.SOCK_STREAM
}

// transports are looked up case-sensitively, as PHP does.
var transports = map[string]Transport{
	"tcp":     {"tcp", KindTCP, false},
	"udp":     {"udp", KindUDP, false},
	"unix":    {"unix", KindUnix, false},
	"udg":     {"udg", KindUDG, false},
	"ssl":     {"ssl", KindTCP, true},
	"tls":     {"tls", KindTCP, true},
	"tlsv1.0": {"tlsv1.0", KindTCP, true},
	"tlsv1.1": {"tlsv1.1", KindTCP, true},
	"tlsv1.2": {"tlsv1.2", KindTCP, true},
	"tlsv1.3": {"tlsv1.3", KindTCP, true},
}

// Limits of the address grammar.
const (
	maxUnixPath         = 107 // sun_path is 108 bytes; PHP keeps 107 and a NUL
	maxTransportNameLen = 31  // PHP cuts the name in its error message here
	resolveTimeout      = 10 * time.Second
)

// Address is a parsed "transport://target".
type Address struct {
	Transport Transport
	Target    string // everything after "://"
	Host      string // IP transports
	Port      int
	Path      string // unix and udg
}

// ParseAddress follows PHP's grammar (main/streams/transports.c and
// xp_socket.c) with one deliberate difference: a port must be 0..65535
// written in digits, where PHP takes atoi() cut to 16 bits. As atoi() does,
// the port ends at a '/' (URLs are often written "tcp://host:80/"); what
// follows it is ignored.
func ParseAddress(s string) (Address, error) {
	var a Address
	name, target := splitScheme(s)
	t, ok := transports[name]
	if !ok {
		if len(name) > maxTransportNameLen {
			name = name[:maxTransportNameLen]
		}
		return a, errorf("parse address", CodeTransport, "Unable to find the socket transport \"%s\" - did you forget to enable it when you configured PHP?", name)
	}
	a.Transport, a.Target = t, target
	if t.Kind == KindUnix || t.Kind == KindUDG {
		if len(target) > maxUnixPath {
			return a, errorf("parse address", CodeParse, "socket path \"%s\" is %d bytes, longer than the %d bytes a unix socket address holds", target, len(target), maxUnixPath)
		}
		a.Path = target
		return a, nil
	}
	host, port, err := splitHostPort(target)
	if err != nil {
		return a, err
	}
	a.Host, a.Port = host, port
	return a, nil
}

// splitScheme finds "name://" at the start: at least two characters of
// [A-Za-z0-9+.-]; anything else is a tcp target.
func splitScheme(s string) (name, target string) {
	i := 0
	for i < len(s) && isSchemeChar(s[i]) {
		i++
	}
	if i >= 2 && len(s) >= i+3 && s[i:i+3] == "://" {
		return s[:i], s[i+3:]
	}
	return "tcp", s
}

func isSchemeChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-'
}

// splitHostPort implements "[v6]:port" and "host:port" (host ends at the
// first colon, as in PHP, so "::1:80" has an empty host), each optionally
// followed by "/anything".
func splitHostPort(target string) (string, int, error) {
	var host, port string
	if len(target) > 0 && target[0] == '[' {
		end := -1
		for i := 1; i < len(target); i++ {
			if target[i] == ']' {
				end = i
				break
			}
		}
		if end < 0 || end+1 >= len(target) || target[end+1] != ':' {
			return "", 0, errorf("parse address", CodeParse, "Failed to parse IPv6 address \"%s\"", target)
		}
		host, port = target[1:end], target[end+2:]
	} else {
		colon := -1
		for i := 0; i+1 < len(target); i++ { // PHP searches all but the last byte
			if target[i] == ':' {
				colon = i
				break
			}
		}
		if colon < 0 {
			return "", 0, errorf("parse address", CodeParse, "Failed to parse address \"%s\"", target)
		}
		host, port = target[:colon], target[colon+1:]
	}
	digits := port
	if slash := strings.IndexByte(port, '/'); slash >= 0 {
		digits = port[:slash]
	}
	p, ok := parsePort(digits)
	if !ok {
		return "", 0, errorf("parse address", CodeParse, "Failed to parse address \"%s\": port \"%s\" is not a number from 0 to 65535", target, port)
	}
	return host, p, nil
}

func parsePort(s string) (int, bool) {
	if s == "" || len(s) > 5 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n <= 65535
}

// lookupHost resolves a host to addresses in resolver order; IP literals
// (with an optional IPv6 zone) skip the resolver.
var lookupHost = func(host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	if host == "" {
		return nil, resolveError(host, nil)
	}
	if err := netpollReady(); err != nil { // Go's resolver reads files and dials
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), resolveTimeout)
	defer cancel()
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil || len(ips) == 0 {
		return nil, resolveError(host, err)
	}
	for i := range ips {
		ips[i] = ips[i].Unmap()
	}
	return ips, nil
}

// resolveError words a failure as PHP 8.2 does (getaddrinfo's text).
func resolveError(host string, err error) *Error {
	why := "Name or service not known"
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && (dnsErr.IsTemporary || dnsErr.IsTimeout) {
		why = "Temporary failure in name resolution"
	}
	return errorf("getaddrinfo", CodeResolve, "php_network_getaddresses: getaddrinfo for %s failed: %s", host, why)
}
