/*
 * tls_server: a tiny TLS echo server on libgostream, for outside scanners
 * (tests/tlsscan/run.sh) and manual checks with openssl s_client.
 *
 *   tls_server ADDR CERT KEY [SECONDS]
 *
 * ADDR is "host:port" (ssl:// is implied; port 0 picks one) or a full
 * "tlsv1.2://host:port". The first line on stdout is the bound address,
 * "127.0.0.1:PORT". Every client's bytes are echoed back. The server stops
 * after SECONDS (default 60) or on SIGTERM/SIGINT and prints how many
 * connections it served; exit status 0, or 1 when the listener failed.
 * Not a test program: it has no "N passed" line and is not in run.sh's list.
 */
#include <signal.h>

#include "check.h"

#define MAXCONN 256
#define BUFSZ 65536

static volatile sig_atomic_t stop;

static void on_signal(int sig) {
    (void)sig;
    stop = 1;
}

/* Escapes a path for a JSON string (quotes and backslashes). */
static void json_str(char *out, size_t n, const char *in) {
    size_t j = 0;
    for (; *in && j + 3 < n; in++) {
        if (*in == '"' || *in == '\\') {
            out[j++] = '\\';
        }
        out[j++] = *in;
    }
    out[j] = 0;
}

/* Writes all of buf to a non-blocking handle, waiting for room in
 * gs_select (up to 5 s). Returns 0, or -1 when the client is gone or stuck. */
static int echo_all(int64_t h, const char *buf, size_t n) {
    size_t put = 0;
    int64_t end = now_ms() + 5000;
    while (put < n) {
        int64_t w = gs_write(h, buf + put, n - put);
        if (w < 0) {
            return -1;
        }
        put += (size_t)w;
        if (put < n) {
            char want = GS_WRITE;
            uint32_t ready[1];
            if (now_ms() > end || gs_select(&h, &want, 1, 1000000, ready) < 0) {
                return -1;
            }
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: %s ADDR CERT KEY [SECONDS]\n", argv[0]);
        return 2;
    }
    int seconds = argc == 5 ? atoi(argv[4]) : 60;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_ONSTACK; /* Go requires it of handlers on its threads */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    char addr[512], cert[1024], key[1024], opts[2400], err[256] = "";
    snprintf(addr, sizeof addr, "%s%s", strstr(argv[1], "://") ? "" : "ssl://", argv[1]);
    json_str(cert, sizeof cert, argv[2]);
    json_str(key, sizeof key, argv[3]);
    snprintf(opts, sizeof opts, "{\"ssl\":{\"local_cert\":\"%s\",\"local_pk\":\"%s\"}}", cert, key);
    int64_t ln = gs_server(addr, strlen(addr), GS_SERVER_BIND | GS_SERVER_LISTEN, opts,
                           strlen(opts), err, sizeof err);
    if (ln < 0) {
        fprintf(stderr, "tls_server: gs_server(%s): %lld %s\n", addr, (long long)ln, err);
        return 1;
    }
    char name[128] = "";
    gs_name(ln, 0, name, sizeof name);
    printf("%s\n", name);
    fflush(stdout);

    int64_t hs[MAXCONN + 1];
    char want[MAXCONN + 1];
    uint32_t ready[MAXCONN + 1];
    int nh = 1;
    long accepted = 0, echoed = 0;
    hs[0] = ln;
    char *buf = malloc(BUFSZ);
    int64_t end = now_ms() + (int64_t)seconds * 1000;
    while (!stop && now_ms() < end) {
        for (int i = 0; i < nh; i++) {
            want[i] = GS_READ;
        }
        int64_t k = gs_select(hs, want, (size_t)nh, 200000, ready);
        if (k < 0) {
            if (k == -EINTR) {
                continue;
            }
            fprintf(stderr, "tls_server: gs_select: %lld\n", (long long)k);
            break;
        }
        /* Backwards, so that removing an entry keeps the others' indexes. */
        for (int64_t j = k - 1; j >= 0; j--) {
            int i = (int)(ready[j] >> GS_READY_SHIFT);
            if (i == 0) {
                int64_t c = gs_accept(ln, 0, NULL, 0, err, sizeof err);
                if (c > 0 && nh <= MAXCONN) {
                    gs_set_blocking(c, 0);
                    hs[nh++] = c;
                    accepted++;
                } else if (c > 0) {
                    gs_close(c); /* full */
                }
                continue;
            }
            int64_t n = gs_read(hs[i], buf, BUFSZ);
            if (n == -EAGAIN) {
                continue;
            }
            if (n > 0 && echo_all(hs[i], buf, (size_t)n) == 0) {
                echoed += n;
                continue;
            }
            gs_close(hs[i]);
            hs[i] = hs[--nh];
        }
    }
    for (int i = 0; i < nh; i++) {
        gs_close(hs[i]);
    }
    free(buf);
    fprintf(stderr, "tls_server: %ld connections accepted, %ld bytes echoed\n", accepted, echoed);
    return 0;
}
