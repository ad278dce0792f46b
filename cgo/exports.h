// The one list of the library's exported functions, an X-macro: each
// line is X(name, before, (parameters), (arguments), (error buffer)),
// where the error buffer, (err, errlen) or (NULL, 0), receives the fork
// error, and "before" says how a call is answered while Go does not run in
// this process (front.c): START starts Go first; ANSWER lets front.c
// answer from what it knows (pending handles, constants), else starts Go;
// CREATE makes the socket in a helper process. From the list exports.c
// defines every gs_<name> as a front to the Go function gsgo_<name>
// (exports.go, tls_exports.go), checks that the two have the same type,
// and tests/c checks include/gostream.h against it. A new function is one
// line here, its prototype and documentation in include/gostream.h (the
// hand-kept contract), its Go body and, for ANSWER and CREATE, its
// gs_front_<name> in front.c.
// Internal to the library, like every header in cgo/.
#ifndef GS_CGO_EXPORTS_H
#define GS_CGO_EXPORTS_H
// clang-format off
#define GS_EXPORTS(X) \
    X(abi_version, ANSWER, (void), (), (NULL, 0)) \
    X(strerror, ANSWER, (int64_t code, char *buf, size_t buflen), (code, buf, buflen), (NULL, 0)) \
    X(server, CREATE, (const char *addr, size_t addrlen, int64_t flags, const char *opts, size_t optslen, char *err, size_t errlen), (addr, addrlen, flags, opts, optslen, err, errlen), (err, errlen)) \
    X(client, START, (const char *addr, size_t addrlen, int64_t flags, int64_t timeout_us, const char *opts, size_t optslen, char *err, size_t errlen), (addr, addrlen, flags, timeout_us, opts, optslen, err, errlen), (err, errlen)) \
    X(accept, START, (int64_t h, int64_t timeout_us, char *peer, size_t peerlen, char *err, size_t errlen), (h, timeout_us, peer, peerlen, err, errlen), (err, errlen)) \
    X(close, ANSWER, (int64_t h), (h), (NULL, 0)) \
    X(read, START, (int64_t h, char *buf, size_t len), (h, buf, len), (NULL, 0)) \
    X(read_line, START, (int64_t h, char *buf, size_t len), (h, buf, len), (NULL, 0)) \
    X(write, START, (int64_t h, const char *buf, size_t len), (h, buf, len), (NULL, 0)) \
    X(eof, ANSWER, (int64_t h), (h), (NULL, 0)) \
    X(recvfrom, START, (int64_t h, char *buf, size_t len, int64_t flags, char *from, size_t fromlen), (h, buf, len, flags, from, fromlen), (NULL, 0)) \
    X(sendto, START, (int64_t h, const char *buf, size_t len, int64_t flags, const char *to, size_t tolen, char *err, size_t errlen), (h, buf, len, flags, to, tolen, err, errlen), (err, errlen)) \
    X(name, ANSWER, (int64_t h, int64_t remote, char *buf, size_t buflen), (h, remote, buf, buflen), (NULL, 0)) \
    X(shutdown, START, (int64_t h, int64_t how), (h, how), (NULL, 0)) \
    X(pair, CREATE, (int64_t domain, int64_t type, int64_t protocol, int64_t *out, char *err, size_t errlen), (domain, type, protocol, out, err, errlen), (err, errlen)) \
    X(set_blocking, ANSWER, (int64_t h, int64_t blocking), (h, blocking), (NULL, 0)) \
    X(set_timeout, ANSWER, (int64_t h, int64_t timeout_us), (h, timeout_us), (NULL, 0)) \
    X(info, ANSWER, (int64_t h, int64_t *out, size_t n), (h, out, n), (NULL, 0)) \
    X(select, START, (const void *handles, const char *want, size_t n, int64_t timeout_us, uint32_t *ready), (handles, want, n, timeout_us, ready), (NULL, 0)) \
    X(select_fetch, START, (const void *handles, const char *want, size_t n, int64_t timeout_us, uint32_t *ready, char *data, size_t datalen, uint32_t *lens), (handles, want, n, timeout_us, ready, data, datalen, lens), (NULL, 0)) \
    X(select_fetch_args, START, (const struct gs_select_args *args), (args), (NULL, 0)) \
    X(unread, START, (int64_t h, const char *buf, size_t len), (h, buf, len), (NULL, 0)) \
    X(enable_crypto, ANSWER, (int64_t h, int64_t enable, int64_t method, const char *opts, size_t optslen, char *err, size_t errlen), (h, enable, method, opts, optslen, err, errlen), (err, errlen)) \
    X(crypto_info, ANSWER, (int64_t h, char *buf, size_t buflen), (h, buf, buflen), (NULL, 0)) \
    X(peer_cert, ANSWER, (int64_t h, char *buf, size_t buflen), (h, buf, buflen), (NULL, 0)) \
    X(client_peer_cert, ANSWER, (char *buf, size_t buflen), (buf, buflen), (NULL, 0)) \
    X(flush_all, ANSWER, (int64_t timeout_us), (timeout_us), (NULL, 0)) \
    X(signals_onstack, ANSWER, (void), (), (NULL, 0)) \
    X(open_handles, ANSWER, (void), (), (NULL, 0)) \
    X(runtime_started, ANSWER, (void), (), (NULL, 0)) \
    X(fd, START, (int64_t h, int64_t use), (h, use), (NULL, 0)) \
    X(cloexec_copies, START, (int64_t fd), (fd), (NULL, 0)) \
    X(stdin_lend, START, (int64_t fd), (fd), (NULL, 0)) \
    X(stdin_restore, START, (void), (), (NULL, 0))
// clang-format on
#endif
