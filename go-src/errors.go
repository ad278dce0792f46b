package core

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sys/unix"
)

// Code is the integer form of an error at the C boundary: -errno for
// system errors, or one of the project codes below (all <= ErrnoLimit).
type Code int64

// ErrnoLimit divides the codes: c with ErrnoLimit < c < 0 is -errno (Linux
// errno values are below 1000); project codes are ErrnoLimit or below.
const ErrnoLimit Code = -1000

// IsErrno tells whether c is -errno rather than a project code.
func (c Code) IsErrno() bool { return c < 0 && c > ErrnoLimit }

// Project error codes; the values are part of the ABI (include/gostream.h).
const (
	CodeParse     Code = -1001
	CodeTransport Code = -1002
	CodeResolve   Code = -1003
	CodeForked    Code = -1004
	CodePanic     Code = -1005
	CodeArg       Code = -1006
	CodeTLS       Code = -1007
)

// Error is the one error shape of the package: what was being done, the
// code the C API reports, and a message in the words PHP users expect.
type Error struct {
	Code Code
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// Sentinel errors for handle misuse and waits.
var (
	ErrBadHandle  = &Error{Code: -Code(unix.EBADF), Msg: "gostream: invalid or closed handle"}
	ErrWouldBlock = &Error{Code: -Code(unix.EAGAIN), Msg: Strerror(unix.EAGAIN)}
	ErrTimeout    = &Error{Code: -Code(unix.ETIMEDOUT), Msg: Strerror(unix.ETIMEDOUT)}
	ErrInterrupt  = &Error{Code: -Code(unix.EINTR), Msg: Strerror(unix.EINTR)}
)

func errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// sysErr wraps an errno with strerror-style text ("Address already in use").
func sysErr(err error) *Error {
	if errno, ok := err.(unix.Errno); ok {
		return errnoErr(errno)
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var errno unix.Errno
	if errors.As(err, &errno) {
		return &Error{Code: -Code(errno), Msg: Strerror(errno)}
	}
	return &Error{Code: CodeArg, Msg: err.Error()}
}

// CodeOf maps any error to its C code.
func CodeOf(err error) Code {
	switch e := err.(type) {
	case nil:
		return 0
	case *Error: // the hot paths' sentinels: no reflection
		return e.Code
	case unix.Errno:
		return -Code(e)
	}
	return sysErr(err).Code
}

// Strerror gives glibc's strerror() text for errno: Go's table holds the
// same words in lower case.
func Strerror(errno unix.Errno) string {
	if s, ok := strerrorExtra[errno]; ok {
		return s
	}
	s := errno.Error()
	if s == "" || strings.HasPrefix(s, "errno ") {
		return fmt.Sprintf("Unknown error %d", int(errno))
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// CodeText describes any code, for gs_strerror.
func CodeText(c Code) string {
	switch c {
	case CodeParse:
		return "malformed address or option"
	case CodeTransport:
		return "unknown socket transport"
	case CodeResolve:
		return "host name did not resolve"
	case CodeForked:
		return "gostream: called in a child process forked after the library was loaded; load it after fork"
	case CodePanic:
		return "gostream: internal error (recovered panic)"
	case CodeArg:
		return "invalid argument"
	case CodeTLS:
		return "TLS failure"
	}
	if c.IsErrno() {
		return Strerror(unix.Errno(-c))
	}
	return fmt.Sprintf("Unknown error %d", c)
}

// errnoErr is the error for a plain errno.
func errnoErr(errno unix.Errno) *Error {
	return &Error{Code: -Code(errno), Msg: Strerror(errno)}
}

// strerrorExtra holds glibc texts missing from Go's table.
var strerrorExtra = map[unix.Errno]string{
	unix.EHWPOISON: "Memory page has hardware error",
}
