/*
 * echo_server: a one-thread echo server on libgostream (gs_server,
 * gs_select, gs_accept, gs_read, gs_write), the C twin of server.php, for
 * checking the manyconn driver and the library at 10,000 connections
 * without PHP.
 *
 *   echo_server [tcp://127.0.0.1:PORT] [max-seconds]
 *
 * Prints "listening on tcp://HOST:PORT" once ready, exits after
 * max-seconds (default 300) or on SIGTERM/SIGINT, printing its counts.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "gostream.h"

static volatile sig_atomic_t stop;
static void on_signal(int sig) {
    (void)sig;
    stop = 1;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    const char *addr = argc > 1 ? argv[1] : "tcp://127.0.0.1:0";
    double max_seconds = argc > 2 ? atof(argv[2]) : 300;

    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    size_t cap = rl.rlim_cur > 64 ? (size_t)rl.rlim_cur : 1024;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    gs_signals_onstack();

    if (gs_abi_version() != GS_ABI_VERSION) {
        fprintf(stderr, "echo_server: ABI %lld, want %d\n", (long long)gs_abi_version(), GS_ABI_VERSION);
        return 2;
    }
    char err[256] = "", name[128] = "";
    int64_t ln = gs_server(addr, strlen(addr), GS_SERVER_BIND | GS_SERVER_LISTEN, NULL, 0, err, sizeof err);
    if (ln < 0) {
        fprintf(stderr, "echo_server: cannot listen on %s: %lld %s\n", addr, (long long)ln, err);
        return 1;
    }
    gs_name(ln, 0, name, sizeof name);
    printf("listening on tcp://%s\n", name);
    fflush(stdout);

    int64_t *hs = calloc(cap, sizeof *hs);
    char *want = calloc(cap, 1);
    uint32_t *ready = calloc(cap, sizeof *ready);
    char *buf = malloc(65536);
    size_t n = 1, peak = 0;
    long long accepted = 0, closed = 0, bytes = 0, selects = 0, errors = 0;
    double t0 = now(), tsel = 0;
    hs[0] = ln;
    while (!stop && now() - t0 < max_seconds) {
        for (size_t i = 0; i < n; i++) {
            want[i] = GS_READ;
        }
        double ts = now();
        int64_t k = gs_select(hs, want, n, 1000000, ready);
        tsel += now() - ts;
        selects++;
        if (k < 0) {
            if (k != -EINTR) {
                fprintf(stderr, "echo_server: gs_select: %lld\n", (long long)k);
                errors++;
                break;
            }
            continue;
        }
        /* Backwards, so swapping the last handle into a hole is safe. */
        for (int64_t j = k - 1; j >= 0; j--) {
            size_t i = ready[j] >> 3;
            if (i == 0) {
                for (int a = 0; a < 256 && n < cap; a++) {
                    int64_t c = gs_accept(ln, 0, NULL, 0, err, sizeof err);
                    if (c < 0) {
                        if (c != -ETIMEDOUT) {
                            fprintf(stderr, "echo_server: gs_accept: %lld %s\n", (long long)c, err);
                            errors++;
                        }
                        break;
                    }
                    gs_set_timeout(c, 10000000);
                    hs[n++] = c;
                    accepted++;
                }
                if (n - 1 > peak) {
                    peak = n - 1;
                }
                continue;
            }
            int64_t r = gs_read(hs[i], buf, 65536);
            if (r > 0) {
                int64_t put = 0;
                while (put < r) {
                    int64_t w = gs_write(hs[i], buf + put, (size_t)(r - put));
                    if (w < 0) {
                        errors++;
                        break;
                    }
                    put += w;
                }
                bytes += r;
                continue;
            }
            if (r < 0 && r != -ECONNRESET) {
                errors++;
            }
            gs_close(hs[i]);
            hs[i] = hs[--n];
            closed++;
        }
    }
    for (size_t i = 1; i < n; i++) {
        gs_close(hs[i]);
    }
    gs_close(ln);
    fprintf(stderr,
            "echo_server: accepted %lld, closed %lld, peak %zu, bytes %lld, %lld selects "
            "(%.1f us each), %lld errors, open handles %lld\n",
            accepted, closed, peak, bytes, selects, selects ? tsel * 1e6 / selects : 0.0, errors,
            (long long)gs_open_handles());
    return errors ? 1 : 0;
}
