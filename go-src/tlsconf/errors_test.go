package tlsconf

import (
	"errors"
	"testing"
)

var (
	errorsAs = func(err error, target any) bool { return errors.As(err, target) }
	errorsIs = errors.Is
)

func TestErrorText(t *testing.T) {
	e := &Error{Option: "local_pk", File: "/k.pem", Cause: "wrong passphrase", Err: ErrWrongPassphrase}
	if got, want := e.Error(), `local_pk "/k.pem": wrong passphrase`; got != want {
		t.Errorf("got %q want %q", got, want)
	}
	if !errors.Is(e, ErrWrongPassphrase) {
		t.Error("Unwrap lost the sentinel")
	}
	if got := (&Error{File: "/c.pem", Cause: "bad"}).Error(); got != `"/c.pem": bad` {
		t.Errorf("got %q", got)
	}
	if got := (&Error{Option: "ciphers", Cause: "bad"}).Error(); got != `ciphers: bad` {
		t.Errorf("got %q", got)
	}
}
