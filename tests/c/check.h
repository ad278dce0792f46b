/*
 * check.h - a tiny test harness for the C tests of libgostream.
 *
 * CHECK(cond, fmt, ...)  counts a pass or prints the failure with its
 *                        location and message; thread-safe.
 * CHECK_EQ(a, b)          integer equality, both values printed on failure.
 * CHECK_STR(a, b)         string equality.
 * check_done()            prints "<prog>: N passed, M failed" and returns the
 *                         exit status (non-zero on any failure).
 * Also: now_ms() (monotonic milliseconds), S(lit) for "text", length pairs,
 * and a few helpers that make loopback connections through the library.
 */
#ifndef GS_TEST_CHECK_H
#define GS_TEST_CHECK_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gostream.h"

static int check_passed, check_failed;

#define CHECK_PASS_() __atomic_fetch_add(&check_passed, 1, __ATOMIC_RELAXED)
#define CHECK_FAIL_() __atomic_fetch_add(&check_failed, 1, __ATOMIC_RELAXED)

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (cond) {                                                        \
            CHECK_PASS_();                                                 \
        } else {                                                           \
            CHECK_FAIL_();                                                 \
            flockfile(stderr);                                             \
            fprintf(stderr, "%s:%d: FAIL: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
            funlockfile(stderr);                                           \
        }                                                                  \
    } while (0)

#define CHECK_EQ(a, b)                                                      \
    do {                                                                    \
        long long ca_ = (long long)(a), cb_ = (long long)(b);               \
        CHECK(ca_ == cb_, "%s = %lld, want %s = %lld", #a, ca_, #b, cb_);   \
    } while (0)

#define CHECK_STR(a, b)                                                     \
    do {                                                                    \
        const char *sa_ = (a), *sb_ = (b);                                  \
        CHECK(sa_ && sb_ && strcmp(sa_, sb_) == 0, "%s = \"%s\", want \"%s\"", \
              #a, sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)");              \
    } while (0)

/* A string literal as the (pointer, length) pair the API takes. */
#define S(lit) (lit), (sizeof(lit) - 1)

static inline int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static inline int check_done(const char *prog) {
    int p = __atomic_load_n(&check_passed, __ATOMIC_RELAXED);
    int f = __atomic_load_n(&check_failed, __ATOMIC_RELAXED);
    printf("%s: %d passed, %d failed\n", prog, p, f);
    fflush(stdout);
    return f ? 1 : 0;
}

/* ---- loopback helpers -------------------------------------------------- */

/* A TCP listener on 127.0.0.1 with an ephemeral port; its dialable address
 * ("tcp://127.0.0.1:P") goes to addr. Returns the handle or the error. */
static inline int64_t tcp_listener(char *addr, size_t addrlen) {
    char err[256] = "", name[96] = "";
    int64_t ln = gs_server(S("tcp://127.0.0.1:0"), GS_SERVER_BIND | GS_SERVER_LISTEN, NULL, 0,
                           err, sizeof err);
    if (ln < 0) {
        fprintf(stderr, "gs_server: %lld %s\n", (long long)ln, err);
        return ln;
    }
    int64_t n = gs_name(ln, 0, name, sizeof name);
    if (n <= 0) {
        return n < 0 ? n : -1;
    }
    snprintf(addr, addrlen, "tcp://%s", name);
    return ln;
}

/* A connected TCP pair through a listener: *cli and *srv. Returns 0 or an
 * error code; the listener is closed. */
static inline int64_t tcp_pair(int64_t *cli, int64_t *srv) {
    char addr[128], err[256] = "";
    int64_t ln = tcp_listener(addr, sizeof addr);
    if (ln < 0) {
        return ln;
    }
    *cli = gs_client(addr, strlen(addr), 0, 5000000, NULL, 0, err, sizeof err);
    if (*cli < 0) {
        fprintf(stderr, "gs_client(%s): %lld %s\n", addr, (long long)*cli, err);
        gs_close(ln);
        return *cli;
    }
    *srv = gs_accept(ln, 5000000, NULL, 0, err, sizeof err);
    gs_close(ln);
    if (*srv < 0) {
        fprintf(stderr, "gs_accept: %lld %s\n", (long long)*srv, err);
        gs_close(*cli);
        return *srv;
    }
    return 0;
}

/* Reads exactly n bytes (blocking handle). Returns n, or what gs_read said. */
static inline int64_t read_full(int64_t h, char *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        int64_t r = gs_read(h, buf + got, n - got);
        if (r <= 0) {
            return r;
        }
        got += (size_t)r;
    }
    return (int64_t)got;
}

/* Writes all n bytes (blocking handle). */
static inline int64_t write_full(int64_t h, const char *buf, size_t n) {
    size_t put = 0;
    while (put < n) {
        int64_t r = gs_write(h, buf + put, n - put);
        if (r < 0) {
            return r;
        }
        put += (size_t)r;
    }
    return (int64_t)put;
}

#endif
