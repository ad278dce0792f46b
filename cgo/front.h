// The front (front.c): what the gs_* exports do before entering Go.
// Internal to the library; hidden from its exports.
#ifndef GS_CGO_FRONT_H
#define GS_CGO_FRONT_H
#include <stddef.h>
#include <stdint.h>

#define GS_HIDDEN __attribute__((visibility("hidden")))

// A gs_front_<name> result meaning "not answered here: start Go, forward".
#define GS_FRONT_GO INT64_MIN

// Set in a child forked after Go started (or while it started) here.
GS_HIDDEN extern volatile int gs_forked;
// Set once Go runs in this process and has adopted the pending handles.
GS_HIDDEN extern volatile int gs_started;

// Starts Go if it does not run yet and adopts the pending handles; returns
// 0, or the first adoption error (its text in err).
GS_HIDDEN int64_t gs_start_go(char *err, size_t errlen);

// Answers before Go starts (ANSWER and CREATE in exports.h).
GS_HIDDEN int64_t gs_front_abi_version(void);
GS_HIDDEN int64_t gs_front_strerror(int64_t code, char *buf, size_t buflen);
GS_HIDDEN int64_t gs_front_server(const char *addr, size_t addrlen, int64_t flags, const char *opts, size_t optslen, char *err, size_t errlen);
GS_HIDDEN int64_t gs_front_close(int64_t h);
GS_HIDDEN int64_t gs_front_name(int64_t h, int64_t remote, char *buf, size_t buflen);
GS_HIDDEN int64_t gs_front_pair(int64_t domain, int64_t type, int64_t protocol, int64_t *out, char *err, size_t errlen);
GS_HIDDEN int64_t gs_front_set_blocking(int64_t h, int64_t blocking);
GS_HIDDEN int64_t gs_front_set_timeout(int64_t h, int64_t timeout_us);
GS_HIDDEN int64_t gs_front_info(int64_t h, int64_t *out, size_t n);
GS_HIDDEN int64_t gs_front_enable_crypto(int64_t h, int64_t enable, int64_t method, const char *opts, size_t optslen, char *err, size_t errlen);
GS_HIDDEN int64_t gs_front_client_peer_cert(char *buf, size_t buflen);
GS_HIDDEN int64_t gs_front_crypto_info(int64_t h, char *buf, size_t buflen);
GS_HIDDEN int64_t gs_front_peer_cert(int64_t h, char *buf, size_t buflen);
GS_HIDDEN int64_t gs_front_eof(int64_t h);
GS_HIDDEN int64_t gs_front_flush_all(int64_t timeout_us);
GS_HIDDEN int64_t gs_front_signals_onstack(void);
GS_HIDDEN int64_t gs_front_open_handles(void);
GS_HIDDEN int64_t gs_front_runtime_started(void);
#endif
