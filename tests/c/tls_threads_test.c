/*
 * tls_threads_test: gs_select answers the same for TLS handles whether it
 * runs on the epoll set or, while another thread holds that set, on its
 * poll(2) fallback. Each case runs both ways: "epoll" (nobody else
 * selecting) and "fallback" (a second thread waits in gs_select on an idle
 * handle throughout the call):
 *   handshake  a non-blocking server handshake is reported readable when it
 *              ends (no kernel event shows that) and not before;
 *   buffered   bytes left buffered by gs_read_line are readable at once;
 *   queue      a TLS stream whose write queue is full is not writable, and
 *              becomes writable when the peer has read (the queue drained).
 * Certificates are made by the openssl CLI in a mkdtemp directory.
 */
#include <pthread.h>
#include <stdarg.h>

#include "check.h"

#define PROG "tls_threads_test"
#define TLS_SERVER 120 /* STREAM_CRYPTO_METHOD_TLS_SERVER */
#define TLS_CLIENT 121 /* STREAM_CRYPTO_METHOD_TLS_CLIENT */

static char dir[64], srv_opts[512];
static const char cli_opts[] = "{\"ssl\":{\"verify_peer\":false,\"verify_peer_name\":false}}";

static int gen_cert(void) {
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
             "-keyout key.pem -out cert.pem -days 2 -subj /CN=localhost "
             "-addext subjectAltName=IP:127.0.0.1 >openssl.log 2>&1 </dev/null",
             dir);
    snprintf(srv_opts, sizeof srv_opts,
             "{\"ssl\":{\"local_cert\":\"%s/cert.pem\",\"local_pk\":\"%s/key.pem\"}}", dir, dir);
    return system(cmd);
}

/* ---- the second selecting thread --------------------------------------- */

struct holder {
    pthread_t th;
    int64_t idle, poke; /* it waits on idle; a byte on poke ends its wait */
    int in, done;
};

static void *hold(void *arg) {
    struct holder *h = arg;
    char want = GS_READ;
    uint32_t ready[1];
    __atomic_store_n(&h->in, 1, __ATOMIC_SEQ_CST);
    gs_select(&h->idle, &want, 1, 20000000, ready);
    __atomic_store_n(&h->done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

/* gs_select, on the epoll set or (fallback) while another thread holds it. */
static int64_t select_as(int fallback, int64_t h, char want, int64_t timeout_us, uint32_t *ready) {
    if (!fallback) {
        return gs_select(&h, &want, 1, timeout_us, ready);
    }
    struct holder ho = {0};
    CHECK_EQ(tcp_pair(&ho.idle, &ho.poke), 0);
    pthread_create(&ho.th, NULL, hold, &ho);
    while (!__atomic_load_n(&ho.in, __ATOMIC_SEQ_CST)) {
        sleep_ms(1);
    }
    sleep_ms(50); /* inside gs_select, holding the epoll set */
    int64_t n = gs_select(&h, &want, 1, timeout_us, ready);
    CHECK(!__atomic_load_n(&ho.done, __ATOMIC_SEQ_CST), "the holder left gs_select early");
    CHECK_EQ(gs_write(ho.poke, S("x")), 1);
    pthread_join(ho.th, NULL);
    gs_close(ho.idle);
    gs_close(ho.poke);
    return n;
}

/* ---- the client's side, on its own thread ------------------------------ */

struct peer {
    pthread_t th;
    int64_t h;
    int64_t result;
    int64_t want_bytes; /* read this much, then stop */
};

static void *client_handshake(void *arg) {
    struct peer *p = arg;
    char err[256] = "";
    p->result = gs_enable_crypto(p->h, 1, TLS_CLIENT, cli_opts, strlen(cli_opts), err, sizeof err);
    if (p->result != 1) {
        fprintf(stderr, "client handshake: %lld %s\n", (long long)p->result, err);
    }
    return NULL;
}

static void *client_read(void *arg) {
    struct peer *p = arg;
    static char buf[1 << 16];
    int64_t got = 0;
    while (got < p->want_bytes) {
        int64_t n = gs_read(p->h, buf, sizeof buf);
        if (n <= 0) {
            break;
        }
        got += n;
    }
    p->result = got;
    return NULL;
}

/* A TLS pair: a server whose handshake ran non-blocking, reported ready by
 * select_as, and its client. Returns 0 or -1. */
static int handshake_case(int fallback, int64_t *cli, int64_t *srv) {
    char err[256] = "";
    CHECK_EQ(tcp_pair(cli, srv), 0);
    gs_set_timeout(*cli, 5000000);
    gs_set_blocking(*srv, 0);
    CHECK_EQ(gs_enable_crypto(*srv, 1, TLS_SERVER, srv_opts, strlen(srv_opts), err, sizeof err), 0);
    uint32_t ready[1] = {0};
    /* Not readable while the handshake waits for the client. */
    CHECK_EQ(select_as(fallback, *srv, GS_READ, 200000, ready), 0);
    struct peer p = {.h = *cli};
    pthread_create(&p.th, NULL, client_handshake, &p);
    int64_t t0 = now_ms();
    int64_t n = select_as(fallback, *srv, GS_READ, 5000000, ready);
    int64_t took = now_ms() - t0;
    pthread_join(p.th, NULL);
    CHECK_EQ(p.result, 1);
    CHECK(n == 1 && ready[0] == GS_READ, "handshake end: gs_select = %lld, ready %u after %lld ms",
          (long long)n, ready[0], (long long)took);
    CHECK_EQ(gs_enable_crypto(*srv, 1, TLS_SERVER, srv_opts, strlen(srv_opts), err, sizeof err), 1);
    return n == 1 ? 0 : -1;
}

static void buffered_case(int fallback, int64_t cli, int64_t srv) {
    char line[16];
    CHECK_EQ(write_full(cli, S("a\nb\n")), 4);
    gs_set_blocking(srv, 1);
    gs_set_timeout(srv, 5000000);
    CHECK_EQ(gs_read_line(srv, line, sizeof line), 2);
    uint32_t ready[1] = {0};
    int64_t t0 = now_ms();
    int64_t n = select_as(fallback, srv, GS_READ, 3000000, ready);
    CHECK(n == 1 && ready[0] == GS_READ && now_ms() - t0 < 1000,
          "buffered: gs_select = %lld, ready %u after %lld ms", (long long)n, ready[0],
          (long long)(now_ms() - t0));
    CHECK_EQ(gs_read_line(srv, line, sizeof line), 2);
}

static void queue_case(int fallback, int64_t cli, int64_t srv) {
    static char chunk[1 << 20];
    gs_set_blocking(srv, 0);
    /* Fill the kernel's buffers and the queue: until writes take nothing
     * three times in a row, 50 ms apart. */
    int64_t queued = 0, n = 0;
    int zeros = 0;
    for (int i = 0; i < 400 && zeros < 3; i++) {
        n = gs_write(srv, chunk, sizeof chunk);
        queued += n > 0 ? n : 0;
        zeros = n == 0 ? zeros + 1 : 0;
        if (n == 0) {
            sleep_ms(50);
        }
    }
    CHECK(zeros == 3, "the queue never filled (last gs_write %lld)", (long long)n);
    uint32_t ready[1] = {0};
    CHECK_EQ(select_as(fallback, srv, GS_WRITE, 200000, ready), 0);
    struct peer p = {.h = cli, .want_bytes = queued};
    pthread_create(&p.th, NULL, client_read, &p);
    n = select_as(fallback, srv, GS_WRITE, 5000000, ready);
    CHECK(n == 1 && ready[0] == GS_WRITE, "drained queue: gs_select = %lld, ready %u",
          (long long)n, ready[0]);
    pthread_join(p.th, NULL);
    CHECK_EQ(p.result, queued);
}

int main(void) {
    snprintf(dir, sizeof dir, "/tmp/gs-tls-threads-XXXXXX");
    if (!mkdtemp(dir) || gen_cert() != 0) {
        CHECK(0, "cannot make a certificate in %s", dir);
        return check_done(PROG);
    }
    alarm(100);
    for (int fallback = 0; fallback <= 1; fallback++) {
        printf("== %s\n", fallback ? "fallback (a second thread holds the epoll set)" : "epoll");
        int64_t cli = 0, srv = 0;
        if (handshake_case(fallback, &cli, &srv) == 0) {
            buffered_case(fallback, cli, srv);
            queue_case(fallback, cli, srv);
        }
        gs_close(cli);
        gs_close(srv);
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
    }
    CHECK_EQ(gs_open_handles(), 0);
    return check_done(PROG);
}
