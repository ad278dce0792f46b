// The one list of the library's exported functions, an X-macro: each
// line is X(name, (parameters), (arguments), (error buffer)), where the
// error buffer, (err, errlen) or (NULL, 0), receives the fork error. From
// it exports.c defines every gs_<name> as a forwarder to the Go function
// gsgo_<name> (exports.go, tls_exports.go), checks that the two have the
// same type, and tests/c checks include/gostream.h against it. A new
// function is one line here, its prototype and documentation in
// include/gostream.h (the hand-kept contract) and its Go body.
// Internal to the library, like every header in cgo/.
#ifndef GS_CGO_EXPORTS_H
#define GS_CGO_EXPORTS_H
// clang-format off
#define GS_EXPORTS(X) \
    X(abi_version, (void), (), (NULL, 0)) \
    X(strerror, (int64_t code, char *buf, size_t buflen), (code, buf, buflen), (NULL, 0)) \
    X(server, (const char *addr, size_t addrlen, int64_t flags, const char *opts, size_t optslen, char *err, size_t errlen), (addr, addrlen, flags, opts, optslen, err, errlen), (err, errlen)) \
    X(client, (const char *addr, size_t addrlen, int64_t flags, int64_t timeout_us, const char *opts, size_t optslen, char *err, size_t errlen), (addr, addrlen, flags, timeout_us, opts, optslen, err, errlen), (err, errlen)) \
    X(accept, (int64_t h, int64_t timeout_us, char *peer, size_t peerlen, char *err, size_t errlen), (h, timeout_us, peer, peerlen, err, errlen), (err, errlen)) \
    X(close, (int64_t h), (h), (NULL, 0)) \
    X(read, (int64_t h, char *buf, size_t len), (h, buf, len), (NULL, 0)) \
    X(read_line, (int64_t h, char *buf, size_t len), (h, buf, len), (NULL, 0)) \
    X(write, (int64_t h, const char *buf, size_t len), (h, buf, len), (NULL, 0)) \
    X(eof, (int64_t h), (h), (NULL, 0)) \
    X(recvfrom, (int64_t h, char *buf, size_t len, int64_t flags, char *from, size_t fromlen), (h, buf, len, flags, from, fromlen), (NULL, 0)) \
    X(sendto, (int64_t h, const char *buf, size_t len, int64_t flags, const char *to, size_t tolen, char *err, size_t errlen), (h, buf, len, flags, to, tolen, err, errlen), (err, errlen)) \
    X(name, (int64_t h, int64_t remote, char *buf, size_t buflen), (h, remote, buf, buflen), (NULL, 0)) \
    X(shutdown, (int64_t h, int64_t how), (h, how), (NULL, 0)) \
    X(pair, (int64_t domain, int64_t type, int64_t protocol, int64_t *out, char *err, size_t errlen), (domain, type, protocol, out, err, errlen), (err, errlen)) \
    X(set_blocking, (int64_t h, int64_t blocking), (h, blocking), (NULL, 0)) \
    X(set_timeout, (int64_t h, int64_t timeout_us), (h, timeout_us), (NULL, 0)) \
    X(info, (int64_t h, int64_t *out, size_t n), (h, out, n), (NULL, 0)) \
    X(select, (const void *handles, const char *want, size_t n, int64_t timeout_us, uint32_t *ready), (handles, want, n, timeout_us, ready), (NULL, 0)) \
    X(select_fetch, (const void *handles, const char *want, size_t n, int64_t timeout_us, uint32_t *ready, char *data, size_t datalen, uint32_t *lens), (handles, want, n, timeout_us, ready, data, datalen, lens), (NULL, 0)) \
    X(unread, (int64_t h, const char *buf, size_t len), (h, buf, len), (NULL, 0)) \
    X(enable_crypto, (int64_t h, int64_t enable, int64_t method, const char *opts, size_t optslen, char *err, size_t errlen), (h, enable, method, opts, optslen, err, errlen), (err, errlen)) \
    X(crypto_info, (int64_t h, char *buf, size_t buflen), (h, buf, buflen), (NULL, 0)) \
    X(peer_cert, (int64_t h, char *buf, size_t buflen), (h, buf, buflen), (NULL, 0)) \
    X(client_peer_cert, (char *buf, size_t buflen), (buf, buflen), (NULL, 0)) \
    X(flush_all, (int64_t timeout_us), (timeout_us), (NULL, 0)) \
    X(signals_onstack, (void), (), (NULL, 0)) \
    X(open_handles, (void), (), (NULL, 0)) \
    X(fd, (int64_t h, int64_t use), (h, use), (NULL, 0)) \
    X(cloexec_copies, (int64_t fd), (fd), (NULL, 0)) \
    X(stdin_lend, (int64_t fd), (fd), (NULL, 0)) \
    X(stdin_restore, (void), (), (NULL, 0))
// clang-format on
#endif
