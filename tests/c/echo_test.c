/*
 * echo_test: a TCP echo server built on gs_server/gs_select/gs_accept/
 * gs_read/gs_write runs in the main thread; CLIENTS pthreads connect with
 * gs_client and send ROUNDS messages of varying size, each byte checked on
 * the way back. Bounded: alarm(60) and a 30 s server deadline.
 */
#include <pthread.h>
#include <signal.h>

#include "check.h"

#define CLIENTS 50
#define ROUNDS 20
#define MAXMSG 16384
#define MAXH (CLIENTS + 1)

static char server_addr[128];
static int clients_done;
static int64_t bytes_expected;

static void fill(char *buf, size_t n, int client, int round) {
    for (size_t i = 0; i < n; i++) {
        buf[i] = (char)((client * 131 + round * 31 + i * 7 + (i >> 8)) & 0xff);
    }
}

static size_t msg_len(int client, int round) {
    /* 1 byte .. MAXMSG, different for each client and round */
    return 1 + (size_t)((client * 977 + round * 4099) % MAXMSG);
}

static void *client(void *arg) {
    int id = (int)(intptr_t)arg;
    char err[256] = "";
    char *out = malloc(MAXMSG), *in = malloc(MAXMSG);
    int64_t h = gs_client(server_addr, strlen(server_addr), 0, 10000000, NULL, 0, err, sizeof err);
    CHECK(h > 0, "client %d: gs_client = %lld (%s)", id, (long long)h, err);
    if (h > 0) {
        CHECK_EQ(gs_set_timeout(h, 10000000), 0);
        int ok = 1;
        for (int r = 0; r < ROUNDS && ok; r++) {
            size_t n = msg_len(id, r);
            fill(out, n, id, r);
            int64_t w = write_full(h, out, n);
            int64_t g = w == (int64_t)n ? read_full(h, in, n) : w;
            ok = g == (int64_t)n && memcmp(in, out, n) == 0;
            CHECK(ok, "client %d round %d: %zu bytes sent (%lld), %lld back, %s", id, r, n,
                  (long long)w, (long long)g, g == (int64_t)n ? "content differs" : "short");
        }
        CHECK_EQ(gs_close(h), 0);
    }
    free(out);
    free(in);
    __atomic_fetch_add(&clients_done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

int main(void) {
    alarm(60); /* a hang fails the test instead of hanging it */
    CHECK_EQ(gs_abi_version(), GS_ABI_VERSION);
    int64_t base = gs_open_handles();
    int64_t ln = tcp_listener(server_addr, sizeof server_addr);
    CHECK(ln > 0, "listener: %lld", (long long)ln);
    if (ln <= 0) {
        return check_done("echo_test");
    }
    for (int c = 0; c < CLIENTS; c++) {
        for (int r = 0; r < ROUNDS; r++) {
            bytes_expected += (int64_t)msg_len(c, r);
        }
    }

    pthread_t th[CLIENTS];
    for (int c = 0; c < CLIENTS; c++) {
        pthread_create(&th[c], NULL, client, (void *)(intptr_t)c);
    }

    int64_t hs[MAXH];
    char want[MAXH];
    uint32_t ready[MAXH];
    int nh = 1, accepted = 0, closed = 0, selects = 0;
    int64_t echoed = 0;
    hs[0] = ln;
    char *buf = malloc(65536);
    int64_t deadline = now_ms() + 30000;
    int errors = 0;
    while (now_ms() < deadline && errors < 10) {
        if (__atomic_load_n(&clients_done, __ATOMIC_SEQ_CST) == CLIENTS && nh == 1) {
            break;
        }
        for (int i = 0; i < nh; i++) {
            want[i] = GS_READ;
        }
        int64_t k = gs_select(hs, want, (size_t)nh, 100000, ready);
        selects++;
        if (k < 0) {
            CHECK(k == -EINTR, "gs_select = %lld", (long long)k);
            errors++;
            continue;
        }
        /* Walk the ready list backwards so removals do not shift indexes
         * still to be visited. */
        for (int64_t j = k - 1; j >= 0; j--) {
            int i = (int)(ready[j] >> GS_READY_SHIFT);
            int bits = (int)(ready[j] & GS_READY_MASK);
            if (i < 0 || i >= nh || !(bits & GS_READ)) {
                CHECK(0, "bad ready entry %u (n=%d)", ready[j], nh);
                errors++;
                continue;
            }
            if (i == 0) {
                char peer[64] = "", err[256] = "";
                int64_t c = gs_accept(ln, 0, peer, sizeof peer, err, sizeof err);
                if (c > 0 && nh < MAXH) {
                    gs_set_timeout(c, 10000000);
                    hs[nh++] = c;
                    accepted++;
                    if (accepted == 1) {
                        CHECK(strncmp(peer, "127.0.0.1:", 10) == 0, "peer name \"%s\"", peer);
                    }
                } else if (c != -ETIMEDOUT) {
                    CHECK(0, "gs_accept = %lld (%s)", (long long)c, err);
                    errors++;
                }
                continue;
            }
            int64_t n = gs_read(hs[i], buf, 65536);
            if (n > 0) {
                int64_t w = write_full(hs[i], buf, (size_t)n);
                if (w != n) {
                    CHECK(0, "echo write %lld of %lld", (long long)w, (long long)n);
                    errors++;
                }
                echoed += n;
            } else {
                if (n != 0) {
                    CHECK(0, "server gs_read = %lld", (long long)n);
                    errors++;
                }
                CHECK_EQ(gs_close(hs[i]), 0);
                hs[i] = hs[--nh];
                closed++;
            }
        }
    }
    for (int c = 0; c < CLIENTS; c++) {
        pthread_join(th[c], NULL);
    }
    for (int i = 1; i < nh; i++) {
        gs_close(hs[i]);
    }
    CHECK_EQ(accepted, CLIENTS);
    CHECK_EQ(closed, CLIENTS);
    CHECK_EQ(echoed, bytes_expected);
    CHECK_EQ(gs_close(ln), 0);
    CHECK_EQ(gs_open_handles(), base);
    printf("echo_test: %d clients x %d rounds, %lld bytes echoed, %d selects\n", CLIENTS, ROUNDS,
           (long long)echoed, selects);
    free(buf);
    return check_done("echo_test");
}
