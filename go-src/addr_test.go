package core

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// addrCase is one row of the address grammar (spec §1). code 0 = parses.
type addrCase struct {
	in        string
	transport string
	host      string
	port      int
	path      string
	code      Code
	msg       string // exact error text, when checked
}

var long31 = "abcdefghijklmnopqrstuvwxyz01234" // 31 bytes
var path107 = "/" + strings.Repeat("p", 106)

var addrCases = []addrCase{
	// Scheme detection.
	{in: "127.0.0.1:80", transport: "tcp", host: "127.0.0.1", port: 80},
	{in: "tcp://127.0.0.1:80", transport: "tcp", host: "127.0.0.1", port: 80},
	{in: "udp://127.0.0.1:53", transport: "udp", host: "127.0.0.1", port: 53},
	{in: "localhost:8080", transport: "tcp", host: "localhost", port: 8080},
	{in: "tls://example.org:443", transport: "tls", host: "example.org", port: 443},
	{in: "ssl://h:1", transport: "ssl", host: "h", port: 1},
	{in: "tlsv1.0://h:1", transport: "tlsv1.0", host: "h", port: 1},
	{in: "tlsv1.3://h:1", transport: "tlsv1.3", host: "h", port: 1},
	// A one-letter scheme is no scheme: "x://..." is a tcp target whose
	// host is "x"; PHP takes atoi("//...") = 0 as the port, we refuse it.
	{in: "x://127.0.0.1:0", code: CodeParse},
	{in: "x:80", transport: "tcp", host: "x", port: 80},
	// A leading space makes the whole string a tcp target (host " tcp").
	{in: " tcp://127.0.0.1:80", code: CodeParse},
	{in: " tcp:80", transport: "tcp", host: " tcp", port: 80},
	// "tcp:/" is not "tcp://".
	{in: "tcp:/127.0.0.1:80", code: CodeParse},
	{in: "tcp:80", transport: "tcp", host: "tcp", port: 80},
	// Transports are case-sensitive; unknown ones are named in the error.
	{in: "TCP://127.0.0.1:80", code: CodeTransport,
		msg: `Unable to find the socket transport "TCP" - did you forget to enable it when you configured PHP?`},
	{in: "Unix:///tmp/x", code: CodeTransport},
	{in: "foo://127.0.0.1:80", code: CodeTransport,
		msg: `Unable to find the socket transport "foo" - did you forget to enable it when you configured PHP?`},
	{in: "a-b.c+d://x:1", code: CodeTransport},
	{in: long31 + "://x:1", code: CodeTransport,
		msg: `Unable to find the socket transport "` + long31 + `" - did you forget to enable it when you configured PHP?`},
	{in: long31 + "XYZ://x:1", code: CodeTransport,
		msg: `Unable to find the socket transport "` + long31 + `" - did you forget to enable it when you configured PHP?`},
	{in: "://127.0.0.1:80", code: CodeParse}, // no scheme chars: tcp target, host ""... port "//..."
	// Brackets.
	{in: "[::1]:80", transport: "tcp", host: "::1", port: 80},
	{in: "udp://[::1]:0", transport: "udp", host: "::1", port: 0},
	{in: "tcp://[fe80::1%lo]:80", transport: "tcp", host: "fe80::1%lo", port: 80},
	{in: "[::1]", code: CodeParse, msg: `Failed to parse IPv6 address "[::1]"`},
	{in: "tcp://[::1]", code: CodeParse, msg: `Failed to parse IPv6 address "[::1]"`},
	{in: "[::1]x80", code: CodeParse, msg: `Failed to parse IPv6 address "[::1]x80"`},
	{in: "[::1:80", code: CodeParse, msg: `Failed to parse IPv6 address "[::1:80"`},
	{in: "[]:80", transport: "tcp", host: "", port: 80},
	{in: "[::1]:", code: CodeParse},
	// Host ends at the first colon (so "::1:80" has an empty host).
	{in: "::1:80", code: CodeParse},
	{in: ":80", transport: "tcp", host: "", port: 80},
	{in: "1.2.3.4:80:90", code: CodeParse},
	{in: "127.0.0.1", code: CodeParse, msg: `Failed to parse address "127.0.0.1"`},
	{in: "127.0.0.1:", code: CodeParse, msg: `Failed to parse address "127.0.0.1:"`}, // colon in the last byte is not searched
	{in: "", code: CodeParse, msg: `Failed to parse address ""`},
	{in: "tcp://", code: CodeParse, msg: `Failed to parse address ""`},
	// Strict ports: 0..65535, digits only.
	{in: "h:0", transport: "tcp", host: "h", port: 0},
	{in: "h:65535", transport: "tcp", host: "h", port: 65535},
	{in: "h:00080", transport: "tcp", host: "h", port: 80},
	{in: "h:65536", code: CodeParse},
	{in: "h:99999", code: CodeParse,
		msg: `Failed to parse address "h:99999": port "99999" is not a number from 0 to 65535`},
	{in: ":99999", code: CodeParse},
	{in: ":abc", code: CodeParse},
	{in: ":-1", code: CodeParse},
	{in: ":+80", code: CodeParse},
	{in: ": 80", code: CodeParse},
	{in: ":80 ", code: CodeParse},
	// A '/' ends the port, as atoi() ends it: URLs are written "host:80/".
	{in: "tcp://[::1]:1337/", transport: "tcp", host: "::1", port: 1337},
	{in: "h:80/foo", transport: "tcp", host: "h", port: 80},
	{in: "h:0/x:y/[z]", transport: "tcp", host: "h", port: 0},
	{in: "udp://h:53//", transport: "udp", host: "h", port: 53},
	{in: "ssl://h:443/path?q", transport: "ssl", host: "h", port: 443},
	{in: "h:/", code: CodeParse, msg: `Failed to parse address "h:/": port "/" is not a number from 0 to 65535`},
	{in: "[::1]:/80", code: CodeParse},
	{in: "h:80abc/", code: CodeParse},
	{in: "h:99999/", code: CodeParse},
	{in: "h:80 /", code: CodeParse},
	{in: "h/x:80", transport: "tcp", host: "h/x", port: 80}, // the host ends at the colon
	{in: "unix:///tmp/a:80/b", transport: "unix", path: "/tmp/a:80/b"},
	{in: ":000080", code: CodeParse},
	{in: ":0x50", code: CodeParse},
	{in: "h:८०", code: CodeParse}, // non-ASCII digits
	// Unix paths: verbatim, at most 107 bytes.
	{in: "unix:///tmp/x.sock", transport: "unix", path: "/tmp/x.sock"},
	{in: "udg://rel/path", transport: "udg", path: "rel/path"},
	{in: "unix://", transport: "unix", path: ""},
	{in: "unix://\x00abstract", transport: "unix", path: "\x00abstract"},
	{in: "unix://with:colon:80", transport: "unix", path: "with:colon:80"},
	{in: "unix://" + path107, transport: "unix", path: path107},
	{in: "udg://" + path107, transport: "udg", path: path107},
	{in: "unix://" + path107 + "x", code: CodeParse},
	{in: "udg://" + path107 + "x", code: CodeParse},
	{in: "unix://" + strings.Repeat("q", 200), code: CodeParse},
}

func TestParseAddressTable(t *testing.T) {
	for _, c := range addrCases {
		a, err := ParseAddress(c.in)
		if c.code != 0 {
			if err == nil {
				t.Errorf("ParseAddress(%q) = %+v, want error code %d", c.in, a, c.code)
				continue
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("ParseAddress(%q): error %T is not *Error", c.in, err)
				continue
			}
			if e.Code != c.code {
				t.Errorf("ParseAddress(%q): code %d (%q), want %d", c.in, e.Code, e.Msg, c.code)
			}
			if c.msg != "" && e.Msg != c.msg {
				t.Errorf("ParseAddress(%q): message\n  %q\nwant\n  %q", c.in, e.Msg, c.msg)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseAddress(%q): %v", c.in, err)
			continue
		}
		if a.Transport.Name != c.transport || a.Host != c.host || a.Port != c.port || a.Path != c.path {
			t.Errorf("ParseAddress(%q) = {%s host %q port %d path %q}, want {%s host %q port %d path %q}",
				c.in, a.Transport.Name, a.Host, a.Port, a.Path, c.transport, c.host, c.port, c.path)
		}
	}
}

func TestParseAddressKinds(t *testing.T) {
	for in, want := range map[string]Transport{
		"h:1":           {"tcp", KindTCP, false},
		"udp://h:1":     {"udp", KindUDP, false},
		"unix:///x":     {"unix", KindUnix, false},
		"udg:///x":      {"udg", KindUDG, false},
		"ssl://h:1":     {"ssl", KindTCP, true},
		"tlsv1.2://h:1": {"tlsv1.2", KindTCP, true},
	} {
		a, err := ParseAddress(in)
		if err != nil || a.Transport != want {
			t.Errorf("ParseAddress(%q).Transport = %+v, %v; want %+v", in, a.Transport, err, want)
		}
	}
}

func TestSplitScheme(t *testing.T) {
	for _, c := range []struct{ in, name, target string }{
		{"tcp://a:1", "tcp", "a:1"},
		{"x://a:1", "tcp", "x://a:1"},       // one letter: no scheme
		{"xy://a:1", "xy", "a:1"},           // two letters: a scheme
		{" tcp://a:1", "tcp", " tcp://a:1"}, // leading space
		{"tcp:/a", "tcp", "tcp:/a"},
		{"a_b://x", "tcp", "a_b://x"}, // '_' is not a scheme character
		{"://x", "tcp", "://x"},
		{"", "tcp", ""},
		{"ab://", "ab", ""},
	} {
		name, target := splitScheme(c.in)
		if name != c.name || target != c.target {
			t.Errorf("splitScheme(%q) = %q, %q; want %q, %q", c.in, name, target, c.name, c.target)
		}
	}
}

func TestParsePortBounds(t *testing.T) {
	for p := 0; p <= 65535; p += 4099 {
		if n, ok := parsePort(strconv.Itoa(p)); !ok || n != p {
			t.Errorf("parsePort(%d) = %d, %v", p, n, ok)
		}
	}
	for _, s := range []string{"", "65536", "100000", "-0", "1e3", "٣"} {
		if _, ok := parsePort(s); ok {
			t.Errorf("parsePort(%q) accepted", s)
		}
	}
}

// bracketHost says whether a parsed host must be written in brackets to
// parse back to itself.
func bracketHost(h string) bool { return strings.ContainsRune(h, ':') || strings.HasPrefix(h, "[") }

func FuzzParseAddress(f *testing.F) {
	for _, c := range addrCases {
		f.Add(c.in)
	}
	f.Add("tcp://[::ffff:127.0.0.1]:1")
	f.Add("udg://\x00")
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAddress(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseAddress(%q): error %T is not *Error", s, err)
			}
			if e.Code != CodeParse && e.Code != CodeTransport {
				t.Fatalf("ParseAddress(%q): code %d", s, e.Code)
			}
			if e.Code == CodeTransport {
				// The echoed name is cut to 31 bytes.
				q := strings.Index(e.Msg, `"`)
				r := strings.Index(e.Msg[q+1:], `"`)
				if q < 0 || r < 0 || r > maxTransportNameLen {
					t.Fatalf("ParseAddress(%q): transport name in %q is longer than %d bytes", s, e.Msg, maxTransportNameLen)
				}
			}
			return
		}
		if tr, ok := transports[a.Transport.Name]; !ok || tr != a.Transport {
			t.Fatalf("ParseAddress(%q): unregistered transport %+v", s, a.Transport)
		}
		// The same target under its explicit transport name parses alike.
		b, err := ParseAddress(a.Transport.Name + "://" + a.Target)
		if err != nil || b != a {
			t.Fatalf("ParseAddress(%q) = %+v but with its scheme %+v, %v", s, a, b, err)
		}
		switch a.Transport.Kind {
		case KindUnix, KindUDG:
			if a.Path != a.Target || len(a.Path) > maxUnixPath || a.Host != "" || a.Port != 0 {
				t.Fatalf("ParseAddress(%q) = %+v", s, a)
			}
		default:
			if a.Port < 0 || a.Port > 65535 || a.Path != "" {
				t.Fatalf("ParseAddress(%q) = %+v", s, a)
			}
			// Written back as host:port it parses to the same host and port.
			hp := a.Host
			if bracketHost(hp) {
				hp = "[" + hp + "]"
			}
			c, err := ParseAddress(a.Transport.Name + "://" + hp + ":" + strconv.Itoa(a.Port))
			if err != nil || c.Host != a.Host || c.Port != a.Port {
				t.Fatalf("ParseAddress(%q) = host %q port %d; rewritten: %+v, %v", s, a.Host, a.Port, c, err)
			}
		}
	})
}
