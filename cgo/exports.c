// The library's exported functions. Each tests the fork mark in C, before
// entering Go (which may hang in a forked child), then forwards to the Go
// implementation gsgo_* (exports.go, tls_exports.go). Compiling this file
// checks every gs_* definition against include/gostream.h and every call
// against cgo's generated declarations; the version script (exports.map)
// keeps everything but gs_* out of the dynamic symbol table.
#include <stddef.h>
#include <stdint.h>

#include "../include/gostream.h"
#include "_cgo_export.h"
#include "fork.h"

#define GS_FORWARD(call)                                                       \
    do {                                                                       \
        if (gs_forked) {                                                       \
            return gs_forked_error(NULL, 0);                                   \
        }                                                                      \
        return call;                                                           \
    } while (0)

#define GS_FORWARD_ERR(err, errlen, call)                                      \
    do {                                                                       \
        if (gs_forked) {                                                       \
            return gs_forked_error(err, errlen);                               \
        }                                                                      \
        return call;                                                           \
    } while (0)

int64_t gs_abi_version(void) { GS_FORWARD(gsgo_abi_version()); }

int64_t gs_strerror(int64_t code, char *buf, size_t buflen) {
    GS_FORWARD(gsgo_strerror(code, buf, buflen));
}

int64_t gs_server(const char *addr, size_t addrlen, int64_t flags, const char *opts,
                  size_t optslen, char *err, size_t errlen) {
    GS_FORWARD_ERR(err, errlen, gsgo_server(addr, addrlen, flags, opts, optslen, err, errlen));
}

int64_t gs_client(const char *addr, size_t addrlen, int64_t flags, int64_t timeout_us,
                  const char *opts, size_t optslen, char *err, size_t errlen) {
    GS_FORWARD_ERR(err, errlen,
                   gsgo_client(addr, addrlen, flags, timeout_us, opts, optslen, err, errlen));
}

int64_t gs_accept(int64_t h, int64_t timeout_us, char *peer, size_t peerlen, char *err,
                  size_t errlen) {
    GS_FORWARD_ERR(err, errlen, gsgo_accept(h, timeout_us, peer, peerlen, err, errlen));
}

int64_t gs_close(int64_t h) { GS_FORWARD(gsgo_close(h)); }

int64_t gs_read(int64_t h, char *buf, size_t len) { GS_FORWARD(gsgo_read(h, buf, len)); }

int64_t gs_read_line(int64_t h, char *buf, size_t len) {
    GS_FORWARD(gsgo_read_line(h, buf, len));
}

int64_t gs_write(int64_t h, const char *buf, size_t len) { GS_FORWARD(gsgo_write(h, buf, len)); }

int64_t gs_recvfrom(int64_t h, char *buf, size_t len, int64_t flags, char *from,
                    size_t fromlen) {
    GS_FORWARD(gsgo_recvfrom(h, buf, len, flags, from, fromlen));
}

int64_t gs_sendto(int64_t h, const char *buf, size_t len, int64_t flags, const char *to,
                  size_t tolen, char *err, size_t errlen) {
    GS_FORWARD_ERR(err, errlen, gsgo_sendto(h, buf, len, flags, to, tolen, err, errlen));
}

int64_t gs_name(int64_t h, int64_t remote, char *buf, size_t buflen) {
    GS_FORWARD(gsgo_name(h, remote, buf, buflen));
}

int64_t gs_shutdown(int64_t h, int64_t how) { GS_FORWARD(gsgo_shutdown(h, how)); }

int64_t gs_pair(int64_t domain, int64_t type, int64_t protocol, int64_t *out, char *err,
                size_t errlen) {
    GS_FORWARD_ERR(err, errlen, gsgo_pair(domain, type, protocol, out, err, errlen));
}

int64_t gs_set_blocking(int64_t h, int64_t blocking) {
    GS_FORWARD(gsgo_set_blocking(h, blocking));
}

int64_t gs_set_timeout(int64_t h, int64_t timeout_us) {
    GS_FORWARD(gsgo_set_timeout(h, timeout_us));
}

int64_t gs_info(int64_t h, int64_t *out, size_t n) { GS_FORWARD(gsgo_info(h, out, n)); }

int64_t gs_select(const void *handles, const char *want, size_t n, int64_t timeout_us,
                  uint32_t *ready) {
    GS_FORWARD(gsgo_select(handles, want, n, timeout_us, ready));
}

int64_t gs_enable_crypto(int64_t h, int64_t enable, int64_t method, const char *opts,
                         size_t optslen, char *err, size_t errlen) {
    GS_FORWARD_ERR(err, errlen, gsgo_enable_crypto(h, enable, method, opts, optslen, err, errlen));
}

int64_t gs_crypto_info(int64_t h, char *buf, size_t buflen) {
    GS_FORWARD(gsgo_crypto_info(h, buf, buflen));
}

int64_t gs_peer_cert(int64_t h, char *buf, size_t buflen) {
    GS_FORWARD(gsgo_peer_cert(h, buf, buflen));
}

int64_t gs_client_peer_cert(char *buf, size_t buflen) {
    GS_FORWARD(gsgo_client_peer_cert(buf, buflen));
}

int64_t gs_signals_onstack(void) { GS_FORWARD(gsgo_signals_onstack()); }

int64_t gs_open_handles(void) { GS_FORWARD(gsgo_open_handles()); }

int64_t gs_flush_all(int64_t timeout_us) { GS_FORWARD(gsgo_flush_all(timeout_us)); }

int64_t gs_eof(int64_t h) { GS_FORWARD(gsgo_eof(h)); }

int64_t gs_select_fetch(const void *handles, const char *want, size_t n, int64_t timeout_us,
                        uint32_t *ready, char *data, size_t datalen, uint32_t *lens) {
    GS_FORWARD(gsgo_select_fetch(handles, want, n, timeout_us, ready, data, datalen, lens));
}

int64_t gs_unread(int64_t h, const char *buf, size_t len) { GS_FORWARD(gsgo_unread(h, buf, len)); }
