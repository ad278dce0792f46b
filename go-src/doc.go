// Package core is gostream's engine: addresses, handles, sockets, the
// poller and TLS streams. It is plain Go and knows nothing of C or PHP;
// cgo/ converts types at the boundary and php-ext/ gives PHP its familiar
// functions.
//
// I/O model: sockets are raw non-blocking descriptors made with x/sys/unix,
// kept out of Go's netpoller. The calling thread does the system calls and
// waits in poll(2) or epoll_wait(2), so a signal interrupts a wait at once
// (EINTR) and no message crosses between threads. Every read of a socket,
// whether Read, a line read's fill or SelectFetch's fetch, goes through one
// rule (readSocket in io.go), as every read of PHP's goes through
// php_sockop_read.
//
// Errors: every error is an *Error (errors.go): the operation, the cause it
// unwraps to, the code the C API reports and the text PHP users see.
//
// Numbers shared with C and PHP: the error codes, the Select bits and
// ready-entry encoding, the stream kinds, and the flags that have PHP's
// values (FlagBind and FlagListen are STREAM_SERVER_BIND/LISTEN,
// FlagAsyncConnect, FlagOOB, FlagPeek) belong to the C API: they are
// defined once, as enums in include/gostream.h, which took PHP's values so
// that the shim passes PHP's constants through. The core keeps its own name
// for each, since it knows no C, and cgo/abi.go proves at build time that
// each equals the header's. A new PHP constant belongs in that header (and
// the shim), with a named constant here only when the core acts on it.
package core
