// The front: Go starts only in a process that needs it (go-src/doc.go,
// "Starting Go"). The library is linked without the runtime's load-time
// constructor (build.sh); this file starts the runtime on the first call
// that needs it. Until then, sockets are created by a short-lived helper
// process that runs the normal Go code and hands the descriptors back
// (SCM_RIGHTS); they are "pending handles", answered here (close, name,
// info, blocking mode and timeout), and adopted by Go, at the same handle
// numbers, when it starts. A process that only creates sockets and forks
// thus leaves every child free to start Go itself.
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gostream.h"
#include "_cgo_export.h"
#include "fork.h"
#include "front.h"

// The runtime's entry for -buildmode=c-archive/c-shared, normally called
// from .init_array: it starts the runtime on a new thread and returns; the
// gsgo_* entries wait until that initialisation is done.
#if defined(__x86_64__)
#define GS_RT0 _rt0_amd64_linux_lib
#elif defined(__aarch64__)
#define GS_RT0 _rt0_arm64_linux_lib
#else
#error "gostream: unsupported architecture (amd64 and arm64 only)"
#endif
// Weak: cgo links this file once without the Go object, to list imports.
extern void GS_RT0(int argc, char **argv, char **env) __attribute__((weak));

#define GS_TEXT 256

volatile int gs_forked;
volatile int gs_started;
static volatile int gs_starting; // the runtime's start has begun
static pthread_mutex_t gs_mu = PTHREAD_MUTEX_INITIALIZER;

// ---- The process's start vector, as the runtime reads it -----------------

// argv, NULL, environment, NULL, auxv pairs, AT_NULL: copied at load
// (PHP may rewrite argv and environ later; Go reads the environment the
// process started with, whatever putenv() did). The runtime reads the
// environment after argv's NULL and the auxiliary vector after the
// environment's, the layout the kernel gives a new process.
static char **gs_startv;
static int gs_argc;

static size_t gs_read_auxv(uintptr_t *dst, size_t max_words) {
    int fd = open("/proc/self/auxv", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    size_t got = 0, want = max_words * sizeof *dst;
    while (got < want) {
        ssize_t n = read(fd, (char *)dst + got, want - got);
        if (n <= 0) {
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    return got / (2 * sizeof *dst) * 2; // whole pairs
}

static void gs_copy_start(int argc, char **argv, char **env) {
    if (argc < 0 || argv == NULL) {
        argc = 0;
    }
    size_t nenv = 0;
    while (env != NULL && env[nenv] != NULL) {
        nenv++;
    }
    enum { AUXV_WORDS = 256 };
    char **v = calloc((size_t)argc + 1 + nenv + 1 + AUXV_WORDS + 2, sizeof *v);
    if (v == NULL) {
        return; // gs_start_go reports it
    }
    for (int i = 0; i < argc; i++) {
        v[i] = strdup(argv[i] != NULL ? argv[i] : "");
    }
    for (size_t i = 0; i < nenv; i++) {
        v[argc + 1 + i] = strdup(env[i]);
    }
    gs_read_auxv((uintptr_t *)&v[argc + 1 + nenv + 1], AUXV_WORDS);
    gs_startv = v;
    gs_argc = argc;
}

// ---- Fork --------------------------------------------------------------

// The Go runtime does not survive fork(): a child forked after it started
// has one thread and a scheduler that expects more, so entering Go there
// can hang. That child is marked, and every gs_* call answers GS_EFORKED.
// A child forked before Go started is free: it starts its own.
static void gs_mark_child(void) {
    if (gs_started || gs_starting) {
        gs_forked = 1;
    }
    pthread_mutex_init(&gs_mu, NULL);
}

static void gs_mark_shared(void);

static void gs_forked_child(void) {
    gs_mark_child();
    gs_mark_shared();
}

__attribute__((constructor)) static void gs_front_load(int argc, char **argv, char **env) {
    // The environment the process started with follows argv's NULL, as the
    // runtime reads it when it starts at load: env is environ now, which
    // putenv() may have changed.
    (void)env;
    gs_copy_start(argc, argv, argv != NULL && argc >= 0 ? argv + argc + 1 : NULL);
    pthread_atfork(NULL, gs_mark_shared, gs_forked_child);
}

// ---- Pending handles ---------------------------------------------------

// A socket created before Go started here. Its handle is slot i of this
// table with generation 1, the number Go's handle table gives (go-src/
// handles.go), and claims at adoption (go-src/adopt.go).
struct gs_pending {
    int open;
    int fd; // -1: none (a server without GS_SERVER_BIND)
    int64_t info[GS_INFO_COUNT];
    int64_t name_code[2]; // gs_name's result, local and remote
    char name[2][GS_TEXT];
    int blocking_set, timeout_set;
    int64_t timeout_us;
    // A server: what gs_server was given, for Adopt; a pair end: its kind.
    int pair;
    char *addr, *opts;
    size_t addrlen, optslen;
    int64_t flags, domain, type;
    // A fork() since creation shares the socket: a TLS listener adopted
    // then accepts only from its first accept or select (go-src/adopt.go),
    // so a master that keeps it never takes its workers' clients.
    int shared;
};

static struct gs_pending *gs_pend;
static size_t gs_npend, gs_cappend;

// Set around the helper process's fork, which shares nothing that stays.
static int gs_helper_forking;

// atfork (parent and child): every open pending socket is now shared.
static void gs_mark_shared(void) {
    if (gs_helper_forking) {
        return;
    }
    for (size_t i = 0; i < gs_npend; i++) {
        if (gs_pend[i].open) {
            gs_pend[i].shared = 1;
        }
    }
}

#define GS_HANDLE_BASE ((int64_t)1 << 24) // generation 1, slot 0

static struct gs_pending *gs_pending_of(int64_t h) {
    if (h < GS_HANDLE_BASE || h >= GS_HANDLE_BASE + (int64_t)gs_npend) {
        return NULL;
    }
    struct gs_pending *p = &gs_pend[h - GS_HANDLE_BASE];
    return p->open ? p : NULL;
}

static struct gs_pending *gs_pending_new(int64_t *h) {
    if (gs_npend == gs_cappend) {
        size_t cap = gs_cappend ? gs_cappend * 2 : 16;
        struct gs_pending *n = realloc(gs_pend, cap * sizeof *n);
        if (n == NULL) {
            return NULL;
        }
        gs_pend = n;
        gs_cappend = cap;
    }
    struct gs_pending *p = &gs_pend[gs_npend];
    memset(p, 0, sizeof *p);
    p->fd = -1;
    *h = GS_HANDLE_BASE + (int64_t)gs_npend++;
    return p;
}

static void gs_pending_drop(struct gs_pending *p) {
    if (p->fd >= 0) {
        close(p->fd);
    }
    free(p->addr);
    free(p->opts);
    p->addr = p->opts = NULL;
    p->fd = -1;
    p->open = 0;
}

static void gs_copy_text(char *dst, size_t dstlen, const char *src) {
    if (dst == NULL || dstlen == 0) {
        return;
    }
    size_t n = strnlen(src, dstlen - 1);
    memcpy(dst, src, n);
    dst[n] = 0;
}

// strerror texts the helper sent: the codes of its answers, so that
// reporting an error at creation does not start Go.
static struct {
    int64_t code;
    char text[GS_TEXT];
} gs_texts[16];
static unsigned gs_ntexts;

static void gs_keep_text(int64_t code, const char *text) {
    if (code >= 0) {
        return;
    }
    for (unsigned i = 0; i < gs_ntexts && i < 16; i++) {
        if (gs_texts[i].code == code) {
            return;
        }
    }
    unsigned i = gs_ntexts++ % 16;
    gs_texts[i].code = code;
    gs_copy_text(gs_texts[i].text, GS_TEXT, text);
}

// ---- Starting Go and adopting ------------------------------------------

static int64_t gs_adopt_one(int64_t h, struct gs_pending *p, char *err, size_t errlen) {
    int64_t rc;
    int fd = p->fd;
    p->fd = -1; // Go owns (or closed) it now
    if (p->pair) {
        rc = gsint_adopt_pair_end(h, fd, p->domain, p->type, err, errlen);
    } else {
        rc = gsint_adopt(h, fd, p->addr, p->addrlen, p->flags, p->opts, p->optslen, p->shared, err, errlen);
    }
    if (rc == 0 && p->blocking_set) {
        gsgo_set_blocking(h, (p->info[GS_INFO_FLAGS] & GS_FLAG_BLOCKING) != 0);
    }
    if (rc == 0 && p->timeout_set) {
        gsgo_set_timeout(h, p->timeout_us);
    }
    return rc;
}

// Adopts every pending handle; the first failure is returned (its text in
// err) to the call that started Go, and each is written to stderr too,
// since a failed handle may not be the one that call is about.
static int64_t gs_adopt_all(char *err, size_t errlen) {
    int64_t first = 0;
    char msg[GS_TEXT];
    for (size_t i = 0; i < gs_npend; i++) {
        struct gs_pending *p = &gs_pend[i];
        if (!p->open) {
            continue;
        }
        int64_t h = GS_HANDLE_BASE + (int64_t)i;
        msg[0] = 0;
        int64_t rc = gs_adopt_one(h, p, msg, sizeof msg);
        gs_pending_drop(p);
        if (rc < 0) {
            fprintf(stderr, "gostream: handle %lld created before Go started could not be adopted: %s\n",
                    (long long)h, msg);
            if (first == 0) {
                first = rc;
                gs_copy_text(err, errlen, msg);
            }
        }
    }
    free(gs_pend);
    gs_pend = NULL;
    gs_npend = gs_cappend = 0;
    return first;
}

int64_t gs_start_go(char *err, size_t errlen) {
    if (__atomic_load_n(&gs_started, __ATOMIC_ACQUIRE)) {
        return 0;
    }
    int64_t rc = 0;
    pthread_mutex_lock(&gs_mu);
    if (!gs_started) {
        if (gs_startv == NULL || GS_RT0 == NULL) {
            pthread_mutex_unlock(&gs_mu);
            gs_copy_text(err, errlen, "gostream: cannot start Go (out of memory at load)");
            return GS_EPANIC;
        }
        gs_starting = 1;
        GS_RT0(gs_argc, gs_startv, gs_startv + gs_argc + 1);
        gsgo_abi_version(); // returns once the runtime is initialised
        rc = gs_adopt_all(err, errlen);
        __atomic_store_n(&gs_started, 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&gs_mu);
    return rc;
}

// ---- The helper process ------------------------------------------------

// What the helper sends back: the result, and for each handle made what
// the front answers while it is pending.
struct gs_reply {
    int64_t code; // the handle, 0 for a pair, or the error
    int nh;
    int has_fd[2];
    int64_t handle[2];
    int64_t info[2][GS_INFO_COUNT];
    int64_t name_code[2][2];
    char name[2][2][GS_TEXT];
    char err[GS_TEXT];
    int64_t text_code[5];
    char text[5][GS_TEXT];
};

struct gs_request {
    int pair;
    const char *addr, *opts;
    size_t addrlen, optslen;
    int64_t flags, domain, type, protocol;
};

static void gs_helper_explain(struct gs_reply *r, int64_t code) {
    for (int i = 0; i < 5; i++) {
        if (r->text_code[i] == code) {
            return;
        }
        if (r->text_code[i] == 0) {
            r->text_code[i] = code;
            gsgo_strerror(code, r->text[i], GS_TEXT);
            return;
        }
    }
}

// In the helper process: start Go, create with the normal code, send.
static void gs_helper_run(int sock, const struct gs_request *q) {
    static struct gs_reply r;
    int fds[2];
    memset(&r, 0, sizeof r);
    r.code = gs_start_go(r.err, GS_TEXT);
    if (r.code == 0) {
        if (q->pair) {
            int64_t out[2];
            r.code = gsgo_pair(q->domain, q->type, q->protocol, out, r.err, GS_TEXT);
            if (r.code == 0) {
                r.nh = 2;
                r.handle[0] = out[0];
                r.handle[1] = out[1];
            }
        } else {
            r.code = gsint_prepare(q->addr, q->addrlen, q->flags, q->opts, q->optslen, r.err, GS_TEXT);
            if (r.code >= 0) {
                r.nh = 1;
                r.handle[0] = r.code;
            }
        }
    }
    if (r.code < 0) {
        gs_helper_explain(&r, r.code);
    }
    int nfds = 0;
    for (int i = 0; i < r.nh; i++) {
        int64_t fd = gsint_descriptor(r.handle[i]);
        if (fd >= 0) {
            r.has_fd[i] = 1;
            fds[nfds++] = (int)fd;
        }
        gsgo_info(r.handle[i], r.info[i], GS_INFO_COUNT);
        for (int remote = 0; remote < 2; remote++) {
            r.name_code[i][remote] = gsgo_name(r.handle[i], remote, r.name[i][remote], GS_TEXT);
            if (r.name_code[i][remote] < 0) {
                gs_helper_explain(&r, r.name_code[i][remote]);
            }
        }
    }
    struct iovec iov = {.iov_base = &r, .iov_len = sizeof r};
    union {
        char buf[CMSG_SPACE(sizeof fds)];
        struct cmsghdr align;
    } ctl;
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
    if (nfds > 0) {
        memset(&ctl, 0, sizeof ctl);
        m.msg_control = ctl.buf;
        m.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
        memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
    }
    while (sendmsg(sock, &m, MSG_NOSIGNAL) < 0 && errno == EINTR) {
    }
    _exit(0);
}

// How long a creation may take in the helper (a host name to resolve
// included) before it is killed: a creation never hangs.
#define GS_HELPER_LIMIT_MS 60000

// Waits until the helper has answered (or exited); -ETIMEDOUT after the limit.
static int gs_helper_wait(int sock) {
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        long waited = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (waited >= GS_HELPER_LIMIT_MS) {
            return -ETIMEDOUT;
        }
        struct pollfd p = {.fd = sock, .events = POLLIN};
        int k = poll(&p, 1, (int)(GS_HELPER_LIMIT_MS - waited));
        if (k > 0) {
            return 0;
        }
        if (k < 0 && errno != EINTR) {
            return -errno;
        }
    }
}

// Receives the reply and its descriptors; returns 0, or -errno.
static int gs_helper_receive(int sock, struct gs_reply *r, int fds[2], int *nfds) {
    union {
        char buf[CMSG_SPACE(2 * sizeof(int))];
        struct cmsghdr align;
    } ctl;
    struct iovec iov = {.iov_base = r, .iov_len = sizeof *r};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
    ssize_t n;
    *nfds = 0;
    int rc = gs_helper_wait(sock);
    if (rc < 0) {
        return rc;
    }
    while ((n = recvmsg(sock, &m, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
    }
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); n >= 0 && c != NULL; c = CMSG_NXTHDR(&m, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            for (int i = 0; i < k; i++) {
                int fd;
                memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
                if (*nfds < 2) {
                    fds[(*nfds)++] = fd;
                } else {
                    close(fd);
                }
            }
        }
    }
    if (n < 0) {
        return -errno;
    }
    return n == (ssize_t)sizeof *r ? 0 : -EPROTO;
}

static char *gs_dup(const char *s, size_t n) {
    char *d = malloc(n + 1);
    if (d != NULL) {
        if (n > 0) {
            memcpy(d, s, n);
        }
        d[n] = 0;
    }
    return d;
}

// Records the handles of reply r, with its descriptors, as pending
// handles (out: their numbers). Under gs_mu.
static int gs_record(const struct gs_request *q, const struct gs_reply *r, int fds[2], int nfds, int64_t out[2], char *err, size_t errlen) {
    int used = 0;
    int64_t made[2] = {0, 0};
    for (int i = 0; i < r->nh; i++) {
        struct gs_pending *p = gs_pending_new(&made[i]);
        if (p == NULL) {
            for (int j = 0; j < i; j++) {
                gs_pending_drop(gs_pending_of(made[j]));
            }
            for (int j = used; j < nfds; j++) {
                close(fds[j]);
            }
            gs_copy_text(err, errlen, "gostream: out of memory");
            return -ENOMEM;
        }
        p->open = 1;
        p->fd = r->has_fd[i] && used < nfds ? fds[used++] : -1;
        memcpy(p->info, r->info[i], sizeof p->info);
        for (int remote = 0; remote < 2; remote++) {
            p->name_code[remote] = r->name_code[i][remote];
            memcpy(p->name[remote], r->name[i][remote], GS_TEXT);
        }
        p->timeout_us = p->info[GS_INFO_TIMEOUT_US];
        p->pair = q->pair;
        p->domain = q->domain;
        p->type = q->type;
        p->flags = q->flags;
        if (!q->pair) {
            p->addr = gs_dup(q->addr, q->addrlen);
            p->opts = gs_dup(q->opts, q->optslen);
            p->addrlen = q->addrlen;
            p->optslen = q->optslen;
        }
    }
    for (int j = used; j < nfds; j++) {
        close(fds[j]);
    }
    out[0] = made[0];
    out[1] = made[1];
    return 0;
}

// Pairs: Go answers the first pair of a kind (domain, type, protocol) in
// the helper; its answers (info, names) are kept as the template of later
// pairs of that kind, made here with the same socketpair(2) call as Pair
// in go-src/sockops.go. A failing socketpair goes to the helper again, so
// the error has Go's code and text.
static struct {
    int used;
    int64_t domain, type, protocol;
    struct gs_reply reply;
} gs_pair_templates[4];

static void gs_keep_pair_template(const struct gs_request *q, const struct gs_reply *r) {
    if (!q->pair || r->code < 0 || r->nh != 2) {
        return;
    }
    for (int i = 0; i < 4; i++) {
        if (!gs_pair_templates[i].used) {
            gs_pair_templates[i].used = 1;
            gs_pair_templates[i].domain = q->domain;
            gs_pair_templates[i].type = q->type;
            gs_pair_templates[i].protocol = q->protocol;
            gs_pair_templates[i].reply = *r;
            return;
        }
    }
}

// Makes a pair from a template; 1 when done, 0 when the helper must. Under gs_mu.
static int gs_pair_from_template(const struct gs_request *q, int64_t out[2], char *err, size_t errlen, int64_t *rc) {
    for (int i = 0; i < 4; i++) {
        if (gs_pair_templates[i].used && gs_pair_templates[i].domain == q->domain &&
            gs_pair_templates[i].type == q->type && gs_pair_templates[i].protocol == q->protocol) {
            int fds[2];
            if (socketpair((int)q->domain, (int)q->type | SOCK_NONBLOCK | SOCK_CLOEXEC, (int)q->protocol, fds) != 0) {
                return 0;
            }
            *rc = gs_record(q, &gs_pair_templates[i].reply, fds, 2, out, err, errlen);
            return 1;
        }
    }
    return 0;
}

// Creates q's socket(s) in a helper process and records them as pending
// handles (out: the handles). Called without gs_mu held: fork() runs the
// atfork handlers.
static int64_t gs_create(const struct gs_request *q, int64_t out[2], char *err, size_t errlen) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        int e = errno;
        snprintf(err != NULL && errlen > 0 ? err : (char[1]){0}, err != NULL ? errlen : 1,
                 "gostream: cannot create a socket before Go starts: socketpair: %s", strerror(e));
        return -e;
    }
    gs_helper_forking = 1;
    pid_t pid = fork();
    gs_helper_forking = 0;
    if (pid == 0) {
        close(sv[0]);
        gs_helper_run(sv[1], q);
    }
    int e = errno;
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]);
        snprintf(err != NULL && errlen > 0 ? err : (char[1]){0}, err != NULL ? errlen : 1,
                 "gostream: cannot create a socket before Go starts: fork: %s", strerror(e));
        return -e;
    }
    static struct gs_reply r;
    int fds[2], nfds;
    pthread_mutex_lock(&gs_mu);
    int rc = gs_helper_receive(sv[0], &r, fds, &nfds);
    close(sv[0]);
    if (rc == -ETIMEDOUT) {
        kill(pid, SIGKILL);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (rc < 0) {
        pthread_mutex_unlock(&gs_mu);
        for (int i = 0; i < nfds; i++) {
            close(fds[i]);
        }
        snprintf(err != NULL && errlen > 0 ? err : (char[1]){0}, err != NULL ? errlen : 1,
                 "gostream: the helper process that creates sockets before Go starts failed (%s)",
                 rc == -ETIMEDOUT ? "no answer within 60 s"
                 : WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : strerror(-rc));
        return GS_EPANIC;
    }
    for (int i = 0; i < 5; i++) {
        if (r.text_code[i] != 0) {
            gs_keep_text(r.text_code[i], r.text[i]);
        }
    }
    if (r.code < 0) {
        pthread_mutex_unlock(&gs_mu);
        gs_copy_text(err, errlen, r.err);
        return r.code;
    }
    gs_keep_pair_template(q, &r);
    rc = gs_record(q, &r, fds, nfds, out, err, errlen);
    pthread_mutex_unlock(&gs_mu);
    return rc;
}

// ---- Answers before Go starts ------------------------------------------
// Each returns GS_FRONT_GO when Go must answer (it has started meanwhile,
// or the call needs it).

#define GS_LOCK_OR_GO()                                                        \
    pthread_mutex_lock(&gs_mu);                                                \
    if (gs_started) {                                                          \
        pthread_mutex_unlock(&gs_mu);                                          \
        return GS_FRONT_GO;                                                    \
    }

int64_t gs_front_abi_version(void) { return GS_ABI_VERSION; }

int64_t gs_front_runtime_started(void) { return 0; }

int64_t gs_front_signals_onstack(void) { return gs_fix_onstack(); }

int64_t gs_front_flush_all(int64_t timeout_us) {
    (void)timeout_us;
    return 0; // no TLS stream exists before Go runs
}

int64_t gs_front_client_peer_cert(char *buf, size_t buflen) {
    gs_copy_text(buf, buflen, "");
    return 0; // no gs_client ran in this process
}

int64_t gs_front_strerror(int64_t code, char *buf, size_t buflen) {
    GS_LOCK_OR_GO();
    int64_t rc = GS_FRONT_GO;
    for (unsigned i = 0; i < gs_ntexts && i < 16; i++) {
        if (gs_texts[i].code == code) {
            gs_copy_text(buf, buflen, gs_texts[i].text);
            rc = (int64_t)strlen(gs_texts[i].text);
            break;
        }
    }
    pthread_mutex_unlock(&gs_mu);
    return rc;
}

int64_t gs_front_open_handles(void) {
    GS_LOCK_OR_GO();
    int64_t n = 0;
    for (size_t i = 0; i < gs_npend; i++) {
        n += gs_pend[i].open;
    }
    pthread_mutex_unlock(&gs_mu);
    return n;
}

int64_t gs_front_server(const char *addr, size_t addrlen, int64_t flags, const char *opts, size_t optslen, char *err, size_t errlen) {
    if (__atomic_load_n(&gs_started, __ATOMIC_ACQUIRE)) {
        return GS_FRONT_GO;
    }
    struct gs_request q = {.addr = addr, .addrlen = addrlen, .flags = flags, .opts = opts, .optslen = optslen};
    int64_t out[2];
    int64_t rc = gs_create(&q, out, err, errlen);
    return rc < 0 ? rc : out[0];
}

int64_t gs_front_pair(int64_t domain, int64_t type, int64_t protocol, int64_t *out, char *err, size_t errlen) {
    if (__atomic_load_n(&gs_started, __ATOMIC_ACQUIRE) || out == NULL) {
        return GS_FRONT_GO; // Go reports a NULL out
    }
    struct gs_request q = {.pair = 1, .domain = domain, .type = type, .protocol = protocol};
    int64_t made[2], rc = 0;
    GS_LOCK_OR_GO();
    int done = gs_pair_from_template(&q, made, err, errlen, &rc);
    pthread_mutex_unlock(&gs_mu);
    if (!done) {
        rc = gs_create(&q, made, err, errlen);
    }
    if (rc == 0) {
        out[0] = made[0];
        out[1] = made[1];
    }
    return rc;
}

// A handle call: a pending handle is answered here; any other handle is
// -EBADF without Go, since every handle of this process is pending.
#define GS_PENDING_OR_EBADF(h, p)                                              \
    GS_LOCK_OR_GO();                                                           \
    struct gs_pending *p = gs_pending_of(h);                                   \
    if (p == NULL) {                                                           \
        pthread_mutex_unlock(&gs_mu);                                          \
        return -EBADF;                                                         \
    }

int64_t gs_front_close(int64_t h) {
    GS_PENDING_OR_EBADF(h, p);
    gs_pending_drop(p);
    pthread_mutex_unlock(&gs_mu);
    return 0;
}

int64_t gs_front_name(int64_t h, int64_t remote, char *buf, size_t buflen) {
    GS_PENDING_OR_EBADF(h, p);
    int i = remote != 0;
    int64_t rc = p->name_code[i];
    if (rc >= 0) {
        gs_copy_text(buf, buflen, p->name[i]);
    }
    pthread_mutex_unlock(&gs_mu);
    return rc;
}

int64_t gs_front_info(int64_t h, int64_t *out, size_t n) {
    GS_PENDING_OR_EBADF(h, p);
    size_t k = 0;
    if (out != NULL) {
        k = n < GS_INFO_COUNT ? n : GS_INFO_COUNT;
        memcpy(out, p->info, k * sizeof *out);
    }
    pthread_mutex_unlock(&gs_mu);
    return (int64_t)k;
}

int64_t gs_front_set_blocking(int64_t h, int64_t blocking) {
    GS_PENDING_OR_EBADF(h, p);
    if (blocking) {
        p->info[GS_INFO_FLAGS] |= GS_FLAG_BLOCKING;
    } else {
        p->info[GS_INFO_FLAGS] &= ~(int64_t)GS_FLAG_BLOCKING;
    }
    p->blocking_set = 1;
    pthread_mutex_unlock(&gs_mu);
    return 0;
}

int64_t gs_front_set_timeout(int64_t h, int64_t timeout_us) {
    GS_PENDING_OR_EBADF(h, p);
    // As Go's duration(): negative, or too large for nanoseconds, is forever.
    int64_t shown = timeout_us < 0 || timeout_us > INT64_MAX / 1000 ? -1 : timeout_us;
    p->info[GS_INFO_TIMEOUT_US] = shown;
    p->info[GS_INFO_FLAGS] &= ~(int64_t)GS_FLAG_TIMED_OUT;
    p->timeout_us = timeout_us;
    p->timeout_set = 1;
    pthread_mutex_unlock(&gs_mu);
    return 0;
}

int64_t gs_front_enable_crypto(int64_t h, int64_t enable, int64_t method, const char *opts, size_t optslen, char *err, size_t errlen) {
    (void)method, (void)opts, (void)optslen, (void)err, (void)errlen;
    if (enable) {
        return GS_FRONT_GO; // a handshake needs Go
    }
    GS_PENDING_OR_EBADF(h, p);
    (void)p;
    pthread_mutex_unlock(&gs_mu);
    return 0; // as Go: disabling on a stream without TLS returns 0 at once
}

// No pending handle has a TLS session (a TLS listener's are its accepted
// streams'): no session details, no peer certificate.
int64_t gs_front_crypto_info(int64_t h, char *buf, size_t buflen) {
    GS_PENDING_OR_EBADF(h, p);
    (void)p;
    pthread_mutex_unlock(&gs_mu);
    gs_copy_text(buf, buflen, "");
    return 0;
}

int64_t gs_front_peer_cert(int64_t h, char *buf, size_t buflen) {
    return gs_front_crypto_info(h, buf, buflen);
}

// A server handle is never at end of stream (Go's EOF); a pair end needs a
// look at the socket.
int64_t gs_front_eof(int64_t h) {
    GS_PENDING_OR_EBADF(h, p);
    int64_t rc = p->pair ? GS_FRONT_GO : 0;
    pthread_mutex_unlock(&gs_mu);
    return rc;
}
