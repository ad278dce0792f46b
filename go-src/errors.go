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

// Error is the one error shape of the package, as net.OpError is Go's: Op
// says what was being done (the system call or step that failed: "bind",
// "epoll_wait", "handshake"), Err is the cause (a unix.Errno, a
// *tlsconf.Error, ...) for errors.Is and errors.As, Code is what the C API
// reports and Msg the text PHP users see. The text is a contract that phpt
// files match, so unlike net.OpError's it does not name Op.
type Error struct {
	Op   string
	Code Code
	Msg  string
	Err  error // nil when the message is all there is
}

func (e *Error) Error() string { return e.Msg }

func (e *Error) Unwrap() error { return e.Err }

// Sentinel errors for handle misuse and waits. They are shared by every
// operation (no allocation on the hot paths), so they name none.
var (
	ErrBadHandle  = &Error{Code: -Code(unix.EBADF), Msg: "gostream: invalid or closed handle", Err: unix.EBADF}
	ErrWouldBlock = errnoErr("", unix.EAGAIN)
	ErrTimeout    = errnoErr("", unix.ETIMEDOUT)
	ErrInterrupt  = errnoErr("", unix.EINTR)
)

// errorf is an error worded by format; a code that is -errno makes that
// errno its cause.
func errorf(op string, code Code, format string, args ...any) *Error {
	e := &Error{Op: op, Code: code, Msg: fmt.Sprintf(format, args...)}
	if code.IsErrno() {
		e.Err = unix.Errno(-code)
	}
	return e
}

// wrapErr gives err, whose text is already meant for PHP users (a
// tlsconf error), the core's shape.
func wrapErr(op string, code Code, err error) *Error {
	return &Error{Op: op, Code: code, Msg: err.Error(), Err: err}
}

// errnoErr is the error for a plain errno, with strerror-style text
// ("Address already in use").
func errnoErr(op string, errno unix.Errno) *Error {
	return &Error{Op: op, Code: -Code(errno), Msg: Strerror(errno), Err: errno}
}

// sysErr gives any error of op the core's shape: an errno (also wrapped,
// as in *os.SyscallError) becomes errnoErr, an *Error stays as it is, the
// rest is GS_EARG with its own text.
func sysErr(op string, err error) *Error {
	if errno, ok := err.(unix.Errno); ok {
		return errnoErr(op, errno)
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var errno unix.Errno
	if errors.As(err, &errno) {
		return errnoErr(op, errno)
	}
	return &Error{Op: op, Code: CodeArg, Msg: err.Error(), Err: err}
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
	return sysErr("", err).Code
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

// strerrorExtra holds glibc texts missing from Go's table.
var strerrorExtra = map[unix.Errno]string{
	unix.EHWPOISON: "Memory page has hardware error",
}
