package core

import (
	"errors"
	"io/fs"
	"testing"

	"golang.org/x/sys/unix"

	"gostream/go-src/tlsconf"
)

// Errors say what was being done and unwrap to their cause, as
// net.OpError does, while their text (the contract PHP sees) stays as it
// was.
func TestErrorsCarryOpAndCause(t *testing.T) {
	ln := qaListen(t, "tcp://127.0.0.1:0", FlagBind|FlagListen, "")
	_, err := Listen("tcp://"+qaName(t, ln, false), FlagBind|FlagListen, nil)
	wantErr(t, "a port in use", err, "bind", -Code(unix.EADDRINUSE), "Address already in use")
	if !errors.Is(err, unix.EADDRINUSE) {
		t.Errorf("a port in use: errors.Is(%v, EADDRINUSE) is false", err)
	}

	_, err = Read(ln, make([]byte, 8))
	wantErr(t, "a read of a listener", err, "read", -Code(unix.ENOTCONN), "Transport endpoint is not connected")

	_, err = ParseAddress("tcp://127.0.0.1:99999")
	wantErr(t, "a bad port", err, "parse address", CodeParse, `Failed to parse address "127.0.0.1:99999": port "99999" is not a number from 0 to 65535`)

	// A tlsconf error keeps its own shape under the core's.
	_, err = Listen("tls://127.0.0.1:0", FlagBind|FlagListen, qaOpts(t, `{"ssl":{"local_cert":"/nonexistent/cert.pem"}}`))
	wantErr(t, "a missing certificate file", err, "tls config", CodeTLS, `unable to read certificate file "/nonexistent/cert.pem": no such file or directory`)
	var te *tlsconf.Error
	if !errors.As(err, &te) || te.Option != "local_cert" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing certificate file: %#v does not unwrap to a local_cert *tlsconf.Error and fs.ErrNotExist", err)
	}
}

func wantErr(t *testing.T, what string, err error, op string, code Code, msg string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: %#v is not an *Error", what, err)
	}
	if e.Op != op || e.Code != code || e.Error() != msg {
		t.Errorf("%s: op %q code %d %q; want op %q code %d %q", what, e.Op, e.Code, e.Error(), op, code, msg)
	}
}
