/*
 * gostream.h - the C API of libgostream.so.
 *
 * Hand-kept: plain C99, no #include and no macros, so that PHP's FFI::cdef
 * can parse this file as it is. The build checks each prototype against the
 * Go function behind it (cgo/exports.c, from the one list in cgo/exports.h),
 * each number the enums name against the core's (cgo/abi.go), and the
 * function list against that list and the library's exports
 * (tests/c/check_exports.sh), so it cannot drift from the code.
 *
 * Conventions, true for every function below:
 *  - Every function returns int64_t. A value >= 0 is success (a handle, a
 *    byte count or a count of ready entries); a negative value is an error:
 *    -errno for system errors (-EADDRINUSE, -ECONNREFUSED, ...) or one of
 *    the GS_E* codes below (all <= -1000).
 *  - Handles are opaque positive integers. A handle is a slot index plus a
 *    generation, so a closed, stale or forged handle gives -EBADF and never
 *    reaches another connection. Handle 0 is never valid.
 *  - Pointers are borrowed for the duration of the call only: the library
 *    never keeps a pointer you pass, and never hands out memory you must free.
 *    Input buffers are (pointer, length) pairs and need no NUL terminator.
 *  - Output text (err, peer, from, name buffers) is written NUL-terminated and
 *    truncated to fit the buffer; pass NULL with length 0 to skip it. 256
 *    bytes is enough for every message the library writes.
 *  - Functions may be called from any thread. One handle must not be used
 *    from two threads at the same time, except gs_close, which may be called
 *    while another thread waits on the handle (that wait then returns).
 *  - No function prompts, prints or aborts: a Go panic is recovered and
 *    reported as GS_EPANIC.
 *  - Before fork: loading the library does not start Go's runtime. Creating,
 *    binding, configuring and closing sockets (gs_server, gs_pair, gs_name,
 *    gs_info, gs_set_blocking, gs_set_timeout, gs_close) do not start it
 *    either: a short-lived helper process creates the socket with the same
 *    code, errors included, and hands it back (this forks; a SIGCHLD
 *    handler sees the helper exit). Any other call starts Go, which first
 *    adopts those sockets at the same handle numbers (if one cannot be
 *    adopted, that call returns its error). So a process may create its
 *    listeners, fork workers, and each worker uses them fully.
 *    In a child created by fork() after Go started in the parent every
 *    function returns GS_EFORKED (the Go runtime does not survive fork):
 *    create sockets in each child then. gs_runtime_started() tells.
 *  - Timeouts are in microseconds; a negative timeout waits forever.
 *    Waits are rounded up to whole milliseconds.
 *  - Waits end early with -EINTR when a signal handler runs (so handlers
 *    run on time), except for SIGURG: the library is built with Go's
 *    asynchronous preemption off (GODEBUG asyncpreemptoff=1 as a link-time
 *    default), so Go's runtime sends no SIGURG to the calling thread, and
 *    its own waits block SIGURG in any case.
 *  - Go's runtime reads the environment the process had when the library
 *    was loaded (setenv() afterwards changes nothing). These settings end
 *    or harm the process when Go starts, before the call can answer;
 *    keep them out of the program's environment:
 *    GODEBUG with cgocheck=2 or higher (exit 2), a malformed GOMEMLIMIT
 *    (abort), GOMAXPROCS above 1024 (seconds and hundreds of MB at load).
 *    `php-ext/bin/gostream doctor` checks them; the PHP shim refuses to
 *    load with them.
 *  - Build with `cc app.c $(pkg-config --cflags --libs gostream)` after
 *    `./build.sh install`; include <stdint.h> and <stddef.h> first.
 */

enum gs_abi {
    GS_ABI_VERSION = 1
};

/* Error codes. A negative code c with GS_ERRNO_LIMIT < c is -errno (Linux
 * errno values are below 1000); GS_E* codes are GS_ERRNO_LIMIT or below. */
enum gs_error {
    GS_ERRNO_LIMIT = -1000,
    GS_EPARSE = -1001,     /* malformed address or option */
    GS_ETRANSPORT = -1002, /* unknown transport ("foo://") */
    GS_ERESOLVE = -1003,   /* host name did not resolve */
    GS_EFORKED = -1004,    /* called in a child forked after Go started */
    GS_EPANIC = -1005,     /* internal error, recovered; the handle is unchanged */
    GS_EARG = -1006,       /* invalid argument (length, mode, flags) */
    GS_ETLS = -1007        /* TLS configuration or handshake failure */
};

/* Flags, same values as PHP's constants. */
enum gs_flags {
    GS_SERVER_BIND = 4,         /* STREAM_SERVER_BIND */
    GS_SERVER_LISTEN = 8,       /* STREAM_SERVER_LISTEN */
    GS_CLIENT_ASYNC_CONNECT = 2,/* STREAM_CLIENT_ASYNC_CONNECT */
    GS_MSG_OOB = 1,             /* STREAM_OOB */
    GS_MSG_PEEK = 2,            /* STREAM_PEEK */
    GS_SHUT_RD = 0,
    GS_SHUT_WR = 1,
    GS_SHUT_RDWR = 2
};

/* Interest and readiness bits for gs_select. */
enum gs_events {
    GS_READ = 1,
    GS_WRITE = 2,
    GS_EXCEPT = 4,
    GS_BUFFERED = 8 /* in want, with GS_READ: the caller still holds bytes
                       gs_select_fetch took from this handle: it is readable
                       now (reported with the others, without waiting) */
};

/* How gs_select writes one ready entry: the handle's position in the list,
 * shifted, with its ready bits (GS_READ|GS_WRITE|GS_EXCEPT) below:
 * entry = (index << GS_READY_SHIFT) | bits; bits = entry & GS_READY_MASK. */
enum gs_ready {
    GS_READY_SHIFT = 3,
    GS_READY_MASK = 7
};

/* Stream kinds, as reported by gs_info (GS_INFO_KIND). */
enum gs_kind {
    GS_KIND_NONE = 0, /* socket-less server stream (flags without BIND) */
    GS_KIND_TCP = 1,
    GS_KIND_UDP = 2,
    GS_KIND_UNIX = 3,
    GS_KIND_UDG = 4,
    GS_KIND_PAIR = 5
};

/* Indexes of the values gs_info writes, and the bits of GS_INFO_FLAGS. */
enum gs_info_field {
    GS_INFO_FLAGS = 0,
    GS_INFO_KIND = 1,
    GS_INFO_UNREAD = 2,     /* bytes buffered in the library, not yet read */
    GS_INFO_TIMEOUT_US = 3, /* read/write timeout of a blocking stream */
    GS_INFO_SENT_BEFORE_ERROR = 4, /* bytes the last gs_write sent before
                                      the error it returned (0 after a
                                      write that succeeded) */
    GS_INFO_COUNT = 5,
    GS_FLAG_TIMED_OUT = 1,  /* the last read timed out */
    GS_FLAG_BLOCKING = 2,
    GS_FLAG_EOF = 4,
    GS_FLAG_LISTENER = 8,
    GS_FLAG_TLS = 16        /* TLS was enabled on the stream */
};

/* What gs_fd is asked for. */
enum gs_fd_use {
    GS_FD_SOCKET = 1, /* the socket (a TLS listener's listening socket) */
    GS_FD_SELECT = 2, /* readable when a read or accept would not wait */
    GS_FD_READY = 3   /* the process's always-ready descriptor */
};

/* The ABI version this library implements (GS_ABI_VERSION). Check it first. */
int64_t gs_abi_version(void);

/* Text for an error code returned by any gs_ function: strerror() text for
 * -errno, a description for GS_E* codes. Writes into buf (NUL-terminated,
 * truncated to buflen). Returns the length of the full text. */
int64_t gs_strerror(int64_t code, char *buf, size_t buflen);

/* Creates a server socket, like PHP's stream_socket_server().
 * addr: "tcp://127.0.0.1:8000", "udp://[::1]:0", "unix:///run/x.sock",
 *       "udg://...", "ssl://", "tls://", "tlsv1.2://", "tlsv1.3://"... or
 *       "host:port" (tcp). Ports must be 0..65535 digits; a '/' after
 *       them ends the port ("tcp://[::1]:1337/": the rest is ignored).
 *       TLS servers load and check their certificate and key here
 *       (errors: GS_ETLS naming the file and cause); gs_accept then
 *       returns only connections whose handshake has finished, run on
 *       other threads.
 * flags: GS_SERVER_BIND | GS_SERVER_LISTEN; without BIND a socket-less
 *        handle is returned. Datagram transports take BIND alone.
 * opts: the PHP stream context options as a JSON object, e.g.
 *       {"socket":{"backlog":128,"so_reuseport":true,"unix_mode":"0660"}};
 *       NULL/0 for none. Socket options: backlog (default: the kernel's
 *       maximum), so_reuseport, so_broadcast (udp), ipv6_v6only,
 *       tcp_nodelay (applied to accepted connections), unix_mode (octal
 *       string or integer: the socket file's mode, set without umask).
 *       ssl file options (local_cert, local_pk, cafile...) must name
 *       regular files: a pipe or device is refused, never read.
 * err:  receives the message on failure.
 * Returns a handle, or a negative code (-errno for bind/listen failures). */
int64_t gs_server(const char *addr, size_t addrlen, int64_t flags,
                  const char *opts, size_t optslen, char *err, size_t errlen);

/* Connects a client socket, like PHP's stream_socket_client().
 * flags: 0 or GS_CLIENT_ASYNC_CONNECT (returns at once; the handle becomes
 *        writable in gs_select when the connection is up or has failed).
 * timeout_us: connect timeout. opts: as gs_server (socket.bindto,
 *        socket.tcp_nodelay are used).
 * Returns a handle or a negative code (-ECONNREFUSED, -ETIMEDOUT, ...).
 * A TLS transport's failed handshake is GS_ETLS with "SSL: " and the cause
 * in err (configuration errors name the option or file, without "SSL: ");
 * gs_client_peer_cert then has the certificate PHP's capture_peer_cert
 * would keep. */
int64_t gs_client(const char *addr, size_t addrlen, int64_t flags,
                  int64_t timeout_us, const char *opts, size_t optslen,
                  char *err, size_t errlen);

/* Accepts one connection from a listening handle, waiting up to timeout_us
 * (0 = check once). peer receives the peer's name ("1.2.3.4:5",
 * "[::1]:5", a unix path, or "" for an unnamed unix peer).
 * The new handle inherits the listener's timeout and tcp_nodelay option and
 * starts in blocking mode. Returns the new handle, -ETIMEDOUT, or an error
 * (-EMFILE while no descriptor is free, from TLS listeners too). */
int64_t gs_accept(int64_t h, int64_t timeout_us, char *peer, size_t peerlen,
                  char *err, size_t errlen);

/* Closes a handle. Closing twice, or a stale handle, returns -EBADF and does
 * nothing else. A wait on the handle in another thread returns.
 * TLS: a blocking handle first flushes its write queue and sends
 * close_notify, waiting up to its timeout; a non-blocking one does this on
 * another thread, up to its timeout (60 s if it has none); see
 * gs_flush_all. */
int64_t gs_close(int64_t h);

/* Reads up to len bytes (one datagram on udp/udg; the rest of a longer
 * datagram is discarded). Returns the byte count (> 0), 0 at end of stream,
 * -EAGAIN when a non-blocking handle has no data, -ETIMEDOUT when a blocking
 * handle's timeout passed (GS_FLAG_TIMED_OUT is then set), or an error. */
int64_t gs_read(int64_t h, char *buf, size_t len);

/* Reads one line, like fgets(): bytes up to and including the first "\n",
 * at most len bytes. Data after the line stays buffered in the library
 * (GS_INFO_UNREAD) and is returned by the next gs_read/gs_read_line.
 * Returns as gs_read; at end of stream a partial last line is returned
 * before 0. */
int64_t gs_read_line(int64_t h, char *buf, size_t len);

/* Writes len bytes. A blocking handle waits (up to its timeout) until all
 * is written; a non-blocking one writes what the kernel takes now and
 * returns that count (0 when the buffer is full). Returns the count written
 * or an error (-EPIPE, -ECONNRESET, ...); an error met after some bytes went
 * out is returned, and GS_INFO_SENT_BEFORE_ERROR tells how many did.
 * TLS: a blocking write returns once its bytes are in the kernel; at its
 * timeout, the count handed over (the rest is not sent). A non-blocking
 * write queues up to 4 MiB per stream, flushed by another thread; an error
 * that flush meets is returned by the next gs_write (then -EPIPE after a
 * reset, as the kernel answers). */
int64_t gs_write(int64_t h, const char *buf, size_t len);

/* End of stream, like feof(), without waiting: 1 when the peer has closed
 * (or the stream failed) and nothing is buffered, 0 otherwise (also for
 * listeners and datagram sockets), or -EBADF. */
int64_t gs_eof(int64_t h);

/* One recv/recvfrom, like stream_socket_recvfrom(): flags GS_MSG_OOB and
 * GS_MSG_PEEK. Bypasses the library's line buffer and never waits longer
 * than the handle's timeout. from receives the sender ("ip:port",
 * "[v6]:port", a unix path or "") when the kernel reports one.
 * Returns the byte count, 0 at end of stream, -EAGAIN, or an error. */
int64_t gs_recvfrom(int64_t h, char *buf, size_t len, int64_t flags,
                    char *from, size_t fromlen);

/* One send/sendto, like stream_socket_sendto(): flags GS_MSG_OOB; to is
 * "ip:port" or "[v6]:port" (tolen 0 for the connected peer).
 * Returns the byte count or an error (GS_EPARSE for a bad address). */
int64_t gs_sendto(int64_t h, const char *buf, size_t len, int64_t flags,
                  const char *to, size_t tolen, char *err, size_t errlen);

/* The local (remote = 0) or peer (remote = 1) name, formatted as in
 * gs_accept. Returns its length (0 for an unnamed unix socket), or an error
 * (-ENOTCONN when there is no peer, -ENOTSOCK for a socket-less handle). */
int64_t gs_name(int64_t h, int64_t remote, char *buf, size_t buflen);

/* shutdown(2) with GS_SHUT_RD, GS_SHUT_WR or GS_SHUT_RDWR. Returns 0. */
int64_t gs_shutdown(int64_t h, int64_t how);

/* A connected pair, like stream_socket_pair(): domain/type/protocol are
 * PHP's STREAM_PF_*, STREAM_SOCK_*, STREAM_IPPROTO_* values. Writes the two
 * handles to out[0] and out[1] (out must hold 2). Returns 0 or an error. */
int64_t gs_pair(int64_t domain, int64_t type, int64_t protocol, int64_t *out,
                char *err, size_t errlen);

/* Blocking mode (1) or non-blocking (0). Returns 0. */
int64_t gs_set_blocking(int64_t h, int64_t blocking);

/* Timeout for blocking reads and writes; negative waits forever. Clears
 * GS_FLAG_TIMED_OUT. Returns 0. */
int64_t gs_set_timeout(int64_t h, int64_t timeout_us);

/* Writes up to n values into out, indexed by enum gs_info_field.
 * Returns the number written. */
int64_t gs_info(int64_t h, int64_t *out, size_t n);

/* Waits until at least one of n handles is ready, like stream_select().
 * handles: n int64_t handles (void* so that PHP can pass a pack('q*') string);
 * want[i]: the GS_READ|GS_WRITE|GS_EXCEPT bits asked
 * for it (list each handle once, with all its bits). On return ready holds
 * one entry per ready handle, (i << GS_READY_SHIFT) | ready bits (enum
 * gs_ready), in list order; ready must have room for n entries. Handles
 * with data already buffered in the library are reported readable without
 * waiting (and alone, as PHP does). Listeners are readable when a
 * connection is waiting. TLS handles are readable when a non-blocking
 * handshake has ended (until gs_enable_crypto reports it) and while bytes
 * of a record taken from the kernel wait for a read; writable while their
 * write queue holds less than 2 MiB. A call made while another thread
 * waits in gs_select is served by poll(2) and gives the same answers.
 * Returns the number of entries written to ready (0 on timeout), -EINTR when
 * a signal arrived (retry after handling it), -EBADF if a handle is not
 * open. Registering the same handles again costs no system call. While no
 * descriptor is free for the library's epoll set it waits with poll(2).
 * Foreign descriptors: an entry below zero is a descriptor the library does
 * not own, encoded -1 - fd (STDIN, a pipe, a socket of the caller's), waited
 * on in the same wait, with no FD_SETSIZE limit. Each is watched for this
 * call only (list it once, as a handle); a regular file or directory is
 * always readable and writable, as with poll(2). -EBADF if one is not open,
 * -EINVAL if one is listed twice or is the library's own. */
int64_t gs_select(const void *handles, const char *want, size_t n,
                  int64_t timeout_us, uint32_t *ready);

/* gs_select, and in the same call the bytes of the streams it reports
 * readable, which saves the caller one crossing per read (the PHP shim
 * serves fread from them). For each entry k of ready with GS_READ on a
 * connected byte stream (not datagrams or listeners), what the socket
 * holds now (for TLS, the plaintext it decrypts to) is copied into data,
 * entries one after another in order, at most 65536 bytes each, while data
 * has room. lens[k] (room for n
 * entries) tells: 0 nothing fetched (read as usual), 1 end of stream,
 * 1 + m for m bytes. Bytes already buffered in the library are not fetched:
 * they stay, and keep the stream reported alone, until a read takes them.
 * The bytes now belong to the caller: give back any it does not consume
 * with gs_unread before reading the stream otherwise.
 * Returns as gs_select. */
int64_t gs_select_fetch(const void *handles, const char *want, size_t n,
                        int64_t timeout_us, uint32_t *ready, char *data,
                        size_t datalen, uint32_t *lens);

/* gs_select_fetch's arguments in one block, for callers that pay per
 * argument: PHP's FFI prepares each call anew, at about 400 instructions an
 * argument, so the PHP shim keeps one block and changes only the fields
 * that change. The fields mean what gs_select_fetch's parameters mean. */
struct gs_select_args {
    const void *handles;
    const char *want;
    size_t n;
    int64_t timeout_us;
    uint32_t *ready;
    char *data;
    size_t datalen;
    uint32_t *lens;
};

/* gs_select_fetch with its arguments in *args: the same call, the same
 * results. GS_EARG when args is NULL. */
int64_t gs_select_fetch_args(const struct gs_select_args *args);

/* Puts len bytes back in front of h's buffer: the next read of any kind
 * returns them first. Returns 0. */
int64_t gs_unread(int64_t h, const char *buf, size_t len);

/* Starts, continues or stops TLS on a connected TCP handle, like
 * stream_socket_enable_crypto(). method: a STREAM_CRYPTO_METHOD_* mask;
 * bit 0 set means client. opts: context options as for gs_server (the
 * "ssl" object: local_cert, local_pk, passphrase, verify_peer, cafile,
 * peer_name, ciphers, alpn_protocols, ...). A server handle accepted from a
 * listener whose options held a certificate uses the listener's checked
 * settings. The handshake runs on another thread: a blocking handle waits
 * for it up to its timeout; a non-blocking one returns 0 until it has ended
 * (wait for GS_READ in gs_select, then call again).
 * Returns 1 when the handshake has finished (once), 0 while it runs,
 * -EALREADY when TLS is already set up, GS_ETLS with the cause in err
 * ("SSL: …" for a failed handshake, as gs_client), or another error.
 * enable = 0 returns 0 at once; the write queue is flushed and
 * close_notify sent on another thread, within the handle's timeout
 * (60 s if it has none). */
int64_t gs_enable_crypto(int64_t h, int64_t enable, int64_t method,
                         const char *opts, size_t optslen,
                         char *err, size_t errlen);

/* The TLS session of h as a JSON object: {"protocol":"TLSv1.3",
 * "cipher_name":"TLS_AES_128_GCM_SHA256","cipher_bits":128,
 * "cipher_version":"TLSv1.3","alpn_protocol":"h2"} (alpn only when
 * negotiated). Returns its length, or 0 (empty text) for a plain stream. */
int64_t gs_crypto_info(int64_t h, char *buf, size_t buflen);

/* The peer's certificate as PEM, or "" when there is none: after a
 * finished handshake, or one that failed a check made after it (as for
 * gs_client_peer_cert). Returns the full length; if it is >= buflen the
 * text was cut: call again with more. */
int64_t gs_peer_cert(int64_t h, char *buf, size_t buflen);

/* The peer's certificate (PEM) from this thread's last gs_client call, when
 * its TLS handshake received one and then failed a check made after it
 * (peer name, fingerprint), as PHP's capture_peer_cert still stores it;
 * else "" (also after any other gs_client). Returns as gs_peer_cert. */
int64_t gs_client_peer_cert(char *buf, size_t buflen);

/* Adds SA_ONSTACK to every installed signal handler that lacks it, which Go
 * requires of handlers that may run on its threads. Call after installing
 * handlers (the PHP shim calls it at load and from GoStream\pcntl_signal).
 * Returns the number of handlers changed. */
int64_t gs_signals_onstack(void);

/* Number of open handles in this process (for leak checks). */
int64_t gs_open_handles(void);

/* 1 when Go's runtime runs in this process, 0 while it has not started
 * (see "Before fork" above). */
int64_t gs_runtime_started(void);

/* Waits until every TLS write queue of the process - of open handles, and
 * of closed ones still flushing and sending close_notify - is in the
 * kernel, at most timeout_us (negative: no limit). Call it before the
 * process exits, which drops what is still queued (the PHP shim calls it
 * at the end of the script). Returns the bytes still queued (0: none). */
int64_t gs_flush_all(int64_t timeout_us);

/* A descriptor of h for select(2), poll(2) or socket options outside the
 * library (PHP's own stream_select and socket_import_stream reach it
 * through the shim's stream_cast). use, from enum gs_fd_use:
 * GS_FD_SOCKET the socket itself; GS_FD_SELECT a descriptor readable when
 * a read or accept of h would not wait: the always-ready one while the
 * library holds bytes of h the kernel no longer shows (read ahead, given
 * back, TLS plaintext), a TLS listener's eventfd (readable once a
 * handshake has finished), else the socket; GS_FD_READY (h ignored) a
 * descriptor always readable and writable (a socketpair end with a byte
 * in it, made once per process, close-on-exec; never read it).
 * The descriptor stays the library's, valid until h is closed: dup it to
 * keep it, and close every copy before gs_close(h) (a copy keeps the
 * connection open). Returns the descriptor, -EBADF for a closed handle,
 * -ENOTSOCK for a socket-less server handle, -EINVAL for another use. */
int64_t gs_fd(int64_t h, int64_t use);

/* Sets close-on-exec on every descriptor above 2 of the process that
 * refers to the same socket or file as fd and lacks it (a dup(2) made
 * outside the library, as PHP's php://fd and php://stdin make), so it
 * follows the library's rule: no descriptor leaks into exec'd programs.
 * Scans /proc/self/fd. Returns the number of descriptors changed. */
int64_t gs_cloexec_copies(int64_t fd);

/* Makes descriptor 0 a copy of fd until gs_stdin_restore, saving what it
 * was: outside the CLI PHP opens a descriptor as a stream only through
 * php://stdin (a dup of descriptor 0). Call gs_stdin_restore right after
 * the open. Returns 0, -EBUSY if already lent, or another -errno. */
int64_t gs_stdin_lend(int64_t fd);

/* Puts back the descriptor 0 that gs_stdin_lend saved (closes 0 if there
 * was none). Returns 0 (also without a lend), or -errno. */
int64_t gs_stdin_restore(void);
