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
// php_sockop_read; a TLS stream's plaintext, for the same three, through
// fillTLS (tls_read.go).
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
//
// Starting Go: the runtime starts only in a process that needs it, so a
// pre-fork server (bind in the master, fork workers that accept on the
// shared listener) works: Go's runtime does not survive fork(), and a
// child forked after it started can only be told so (GS_EFORKED). The
// library is linked from a c-archive without the runtime's .init_array
// entry (build.sh); cgo/front.c, which owns the gs_* exports, calls the
// runtime's library entry on the first call that needs Go, with argv and
// the environment copied at load. Before that, calls that only create,
// name, configure or close sockets do not start it: a short-lived helper
// process (a fork that starts its own Go) creates the socket with Prepare
// or Pair, the same code Listen and Pair run (one address parser, one
// option and TLS check, the same errors), and sends back the descriptors
// (SCM_RIGHTS) with the answers the front gives for them while they are
// pending (names, Stat, error texts). The front numbers pending handles as
// this package's table would (generation 1, slots in order), so when Go
// starts, Adopt and AdoptPairEnd (adopt.go) claim them at those numbers,
// rebuilding each listener from its plan (planListen, then serveOn). A
// TLS listener's accept loop starts there, unless a fork() since its
// creation shared it (front.c marks it): then on its first accept or
// select, so that a master that keeps it never handshakes its workers'
// clients. Why a helper process and not socket(2)
// and bind(2) in C: the address grammar, options and TLS checks would
// exist twice. Why not start Go at creation: the master would then run Go
// before fork, and no worker could use the library. The cost: a fork per
// creation before Go starts (tens of ms under load; a socketpair of a kind
// made once already is made in C, from that one's answers).
package core
