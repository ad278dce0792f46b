package tlsconf

import (
	"crypto/tls"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// serveEcho accepts TLS connections with cfg until the test ends, echoing
// one line per connection. It returns the port.
func serveEcho(t *testing.T, cfg *tls.Config) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				c.SetDeadline(time.Now().Add(handshakeTimeout))
				s := tls.Server(c, cfg)
				if s.Handshake() != nil {
					return
				}
				buf := make([]byte, 64)
				n, _ := s.Read(buf)
				s.Write(buf[:n])
				s.Close()
			}()
		}
	}()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// TestOpenSSLClientInterop connects with `openssl s_client` to a Server()
// config: modern clients succeed, TLS 1.1 and CBC-only clients are refused.
func TestOpenSSLClientInterop(t *testing.T) {
	ossl := needOpenSSL(t)
	p := newPKI(t)
	port := serveEcho(t, mustServer(t, Options{"local_cert": p.server, "alpn_protocols": "http/1.1"}))
	run := func(args ...string) (string, error) {
		cmd := exec.Command(ossl, append([]string{"s_client", "-connect", "127.0.0.1:" + port, "-servername", "localhost",
			"-CAfile", p.caFile, "-verify_return_error", "-verify_hostname", "localhost"}, args...)...)
		cmd.Stdin = strings.NewReader("")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	cases := []struct {
		name string
		args []string
		ok   bool
		want string
	}{
		{"tls13", []string{"-tls1_3"}, true, "TLSv1.3"},
		{"tls12", []string{"-tls1_2"}, true, "ECDHE-ECDSA-"},
		{"tls12-alpn", []string{"-tls1_2", "-alpn", "http/1.1"}, true, "ALPN protocol: http/1.1"},
		{"tls12-cbc", []string{"-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384"}, false, ""},
		{"tls11", []string{"-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"}, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := run(c.args...)
			if c.ok {
				if err != nil || !strings.Contains(out, "Verify return code: 0 (ok)") || !strings.Contains(out, c.want) {
					t.Fatalf("s_client failed (%v):\n%s", err, out)
				}
			} else if err == nil || !strings.Contains(out, "alert") {
				t.Fatalf("s_client was not refused with an alert (%v):\n%s", err, out)
			}
		})
	}
}

// TestPHPClientInterop: PHP's own TLS client (OpenSSL) against Server(),
// with PHP's default verification and a client certificate.
func TestPHPClientInterop(t *testing.T) {
	php, err := exec.LookPath("php")
	if err != nil {
		t.Skip("php not installed")
	}
	if out, err := exec.Command(php, "-r", `echo extension_loaded("openssl") ? "yes" : "no";`).Output(); err != nil || string(out) != "yes" {
		t.Skip("php has no openssl extension")
	}
	p := newPKI(t)
	port := serveEcho(t, mustServer(t, Options{"local_cert": p.server, "verify_peer": true, "cafile": p.caFile}))
	script := `
$ctx = stream_context_create(["ssl" => ["cafile" => $argv[2], "local_cert" => $argv[3], "peer_name" => "localhost"]]);
$s = stream_socket_client("tls://127.0.0.1:" . $argv[1], $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
if (!$s) { echo "connect failed: $errstr"; exit(1); }
fwrite($s, "ping");
echo fread($s, 4), " ", stream_get_meta_data($s)["crypto"]["protocol"];
`
	out, err := exec.Command(php, "-r", script, port, p.caFile, p.client).CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "ping TLSv1.3") {
		t.Fatalf("php client: %v\n%s", err, out)
	}
	// Without a client certificate the Go server refuses the PHP client.
	out, _ = exec.Command(php, "-r", strings.Replace(script, `"local_cert" => $argv[3], `, "", 1), port, p.caFile).CombinedOutput()
	if strings.HasPrefix(string(out), "ping") || !strings.Contains(string(out), "alert") {
		t.Fatalf("php client without certificate was not refused with an alert: %s", out)
	}
}
