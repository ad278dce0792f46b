package tlsconf

import (
	"errors"
	"fmt"
)

// Sentinel causes, for errors.Is. Every *Error returned by this package
// wraps one of them when the problem fits, so callers can map causes to
// codes without parsing text.
var (
	ErrNeedPassphrase  = errors.New("encrypted private key needs the passphrase option")
	ErrWrongPassphrase = errors.New("wrong passphrase")
	ErrKeyMismatch     = errors.New("private key does not match certificate")
	ErrExpired         = errors.New("certificate expired")
	ErrNotYetValid     = errors.New("certificate not yet valid")
	ErrNoCertificate   = errors.New("no certificate")
	ErrNoPrivateKey    = errors.New("no private key")
	ErrWeakKey         = errors.New("key too weak for the security level")
	ErrUnsupported     = errors.New("unsupported")
	ErrBadOption       = errors.New("invalid ssl option")
	ErrPeerRejected    = errors.New("peer certificate rejected")
)

// Error reports a problem with the ssl options, the files they name, or a
// peer certificate. Its text is complete and meant for PHP users: it names
// the file and the cause, with no package prefix. It has the core's error
// shape (what was being done, here the option and file; the cause, Err,
// for errors.Is/As; the text), and the core wraps it whole in its own
// *Error (Op "tls config", GS_ETLS), so a caller reaches both.
type Error struct {
	Option string // PHP ssl option at fault ("local_pk", "ciphers"), or ""
	File   string // file involved, or ""
	Cause  string // short reason, e.g. "wrong passphrase"
	Err    error  // sentinel or underlying error, for errors.Is/As; may be nil
	msg    string // full text; empty means derive it from the fields
}

func (e *Error) Error() string {
	if e.msg != "" {
		return e.msg
	}
	switch {
	case e.File != "" && e.Option != "":
		return fmt.Sprintf("%s %q: %s", e.Option, e.File, e.Cause)
	case e.File != "":
		return fmt.Sprintf("%q: %s", e.File, e.Cause)
	case e.Option != "":
		return e.Option + ": " + e.Cause
	}
	return e.Cause
}

func (e *Error) Unwrap() error { return e.Err }

// errorf builds an *Error whose full text is given by format; cause is the
// short reason kept in the Cause field.
func errorf(option, file, cause string, err error, format string, args ...any) *Error {
	return &Error{Option: option, File: file, Cause: cause, Err: err, msg: fmt.Sprintf(format, args...)}
}

// optionError reports a malformed option value; the text is the cause.
func optionError(option, format string, args ...any) *Error {
	cause := fmt.Sprintf(format, args...)
	return &Error{Option: option, Cause: cause, Err: ErrBadOption, msg: cause}
}

// keyError is what DecryptPrivateKeyPEM returns: no file is known there,
// LoadKeyPair adds it.
func keyError(sentinel error, format string, args ...any) *Error {
	cause := fmt.Sprintf(format, args...)
	return &Error{Cause: cause, Err: sentinel, msg: cause}
}
