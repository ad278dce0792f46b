// The library's exported functions, defined from the one list in
// exports.h. Each tests the fork mark in C, before entering Go (which may
// hang in a forked child); while Go does not run in this process, the
// front (front.c) answers or starts Go as the list says; then it forwards
// to the Go implementation gsgo_* (exports.go, tls_exports.go). Compiling
// this file checks every gs_* definition against its prototype in
// include/gostream.h (a definition without one is an error), and every
// gsgo_* declaration cgo generates against its gs_* twin (same parameter
// and return types); the version script (exports.map) keeps everything
// but gs_* out of the dynamic symbol table.
#include <stddef.h>
#include <stdint.h>

#include "gostream.h"
#include "_cgo_export.h"
#include "exports.h"
#include "fork.h"
#include "front.h"

#define GS_BEFORE_START(name, args, errbuf)                                    \
    int64_t r_ = gs_start_go errbuf;                                           \
    if (r_ < 0) {                                                              \
        return r_;                                                             \
    }
#define GS_BEFORE_ANSWER(name, args, errbuf)                                   \
    int64_t r_ = gs_front_##name args;                                         \
    if (r_ != GS_FRONT_GO) {                                                   \
        return r_;                                                             \
    }                                                                          \
    r_ = gs_start_go errbuf;                                                   \
    if (r_ < 0) {                                                              \
        return r_;                                                             \
    }
#define GS_BEFORE_CREATE GS_BEFORE_ANSWER

#define GS_DEFINE(name, before, params, args, errbuf)                          \
    int64_t gs_##name params {                                                 \
        if (gs_forked) {                                                       \
            return gs_forked_error errbuf;                                     \
        }                                                                      \
        if (!__atomic_load_n(&gs_started, __ATOMIC_ACQUIRE)) {                 \
            GS_BEFORE_##before(name, args, errbuf)                             \
        }                                                                      \
        return gsgo_##name args;                                               \
    }                                                                          \
    _Static_assert(__builtin_types_compatible_p(__typeof__(gs_##name),         \
                                                __typeof__(gsgo_##name)),      \
                   "gsgo_" #name " (cgo) and gs_" #name " (gostream.h) differ");

#pragma GCC diagnostic error "-Wmissing-prototypes"
GS_EXPORTS(GS_DEFINE)
