/*
 * threads_test: gs_close from another thread while one thread waits in
 * gs_read, gs_read_line, gs_accept, gs_select or a blocked gs_write: the
 * wait returns promptly, nothing crashes, and gs_open_handles comes back to
 * its baseline. Also two threads in gs_select at once (the second is
 * served by poll(2)) and a many-thread open/use/close stress.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include "check.h"

enum op { OP_READ, OP_READ_LINE, OP_ACCEPT, OP_SELECT, OP_SELECT_EXCEPT, OP_WRITE };
static const char *op_name[] = {"gs_read", "gs_read_line", "gs_accept", "gs_select(read)",
                                "gs_select(except only)", "gs_write"};

struct waiter {
    enum op op;
    int64_t h;
    int64_t result;
    int64_t returned_ms;
    int done;
};

static void *wait_on(void *arg) {
    struct waiter *w = arg;
    char buf[64];
    char err[256];
    uint32_t ready[1];
    char want = w->op == OP_SELECT_EXCEPT ? GS_EXCEPT : GS_READ;
    static char big[8 << 20];
    switch (w->op) {
    case OP_READ:
        w->result = gs_read(w->h, buf, sizeof buf);
        break;
    case OP_READ_LINE:
        w->result = gs_read_line(w->h, buf, sizeof buf);
        break;
    case OP_ACCEPT:
        w->result = gs_accept(w->h, -1, NULL, 0, err, sizeof err);
        break;
    case OP_SELECT:
    case OP_SELECT_EXCEPT:
        w->result = gs_select(&w->h, &want, 1, 4000000, ready);
        if (w->result == 1) {
            w->result = 1000 + (int64_t)ready[0]; /* report the bits */
        }
        break;
    case OP_WRITE:
        w->result = gs_write(w->h, big, sizeof big);
        break;
    }
    w->returned_ms = now_ms();
    __atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void close_while_waiting(enum op op) {
    int64_t base = gs_open_handles();
    int64_t cli = 0, srv = 0, h;
    char addr[128];
    int64_t ln = -1;
    CHECK_EQ(tcp_pair(&cli, &srv), 0);
    if (op == OP_ACCEPT) {
        ln = tcp_listener(addr, sizeof addr);
        h = ln;
    } else if (op == OP_WRITE) {
        h = cli; /* the peer never reads: the write blocks */
    } else {
        h = srv;
    }
    gs_set_timeout(h, -1);
    struct waiter w = {op, h, 0, 0, 0};
    pthread_t th;
    pthread_create(&th, NULL, wait_on, &w);
    sleep_ms(150); /* let it block */
    CHECK(!__atomic_load_n(&w.done, __ATOMIC_SEQ_CST), "%s returned before the close: %lld",
          op_name[op], (long long)w.result);
    int64_t t0 = now_ms();
    CHECK_EQ(gs_close(h), 0);
    for (int i = 0; i < 300 && !__atomic_load_n(&w.done, __ATOMIC_SEQ_CST); i++) {
        sleep_ms(10);
    }
    int done = __atomic_load_n(&w.done, __ATOMIC_SEQ_CST);
    if (!done && op != OP_SELECT && op != OP_SELECT_EXCEPT) {
        /* cannot join a thread stuck for ever; report and leave it */
        CHECK(0, "%s still waiting 3 s after gs_close", op_name[op]);
        return;
    }
    pthread_join(th, NULL);
    int64_t took = w.returned_ms - t0;
    const char *bug = op == OP_SELECT_EXCEPT ? "KNOWN BUG " : "";
    CHECK(took < 1000, "%s%s returned %lld ms after gs_close (result %lld)", bug, op_name[op],
          (long long)took, (long long)w.result);
    switch (op) {
    case OP_SELECT:
        CHECK(w.result == 1000 + GS_READ, "gs_select after close = %lld, want the handle readable",
              (long long)w.result);
        break;
    case OP_SELECT_EXCEPT:
        CHECK(w.result >= 0, "gs_select(except) after close = %lld", (long long)w.result);
        break;
    case OP_WRITE:
        CHECK(w.result != 0, "blocked gs_write after close = %lld", (long long)w.result);
        break;
    default:
        CHECK(w.result < 0, "%s after close = %lld, want an error", op_name[op], (long long)w.result);
    }
    char buf[8];
    CHECK_EQ(gs_read(h, buf, sizeof buf), -EBADF);
    CHECK_EQ(gs_close(h), -EBADF);
    if (h != cli) {
        gs_close(cli);
    }
    if (h != srv) {
        gs_close(srv);
    }
    CHECK_EQ(gs_open_handles(), base);
}

/* Two threads in gs_select at once. */
struct selarg {
    int64_t h;
    char want;
    int64_t timeout;
    int64_t result;
    int64_t ms;
};

static void *select_thread(void *arg) {
    struct selarg *a = arg;
    uint32_t ready[1];
    int64_t t0 = now_ms();
    a->result = gs_select(&a->h, &a->want, 1, a->timeout, ready);
    a->ms = now_ms() - t0;
    return NULL;
}

static void two_selects(void) {
    int64_t x_cli = 0, x_srv = 0, y_cli = 0, y_srv = 0;
    CHECK_EQ(tcp_pair(&x_cli, &x_srv), 0);
    CHECK_EQ(tcp_pair(&y_cli, &y_srv), 0);
    struct selarg a = {x_srv, GS_READ, 3000000, 0, 0};
    pthread_t th;
    pthread_create(&th, NULL, select_thread, &a);
    sleep_ms(100);
    struct selarg b = {y_cli, GS_WRITE, 2000000, 0, 0};
    select_thread(&b);
    CHECK(b.result == 1 && b.ms < 1000, "second gs_select = %lld after %lld ms", (long long)b.result,
          (long long)b.ms);
    struct selarg c = {y_srv, GS_READ, 100000, 0, 0};
    select_thread(&c);
    CHECK(c.result == 0 && c.ms >= 95 && c.ms < 2000, "second gs_select timeout = %lld after %lld ms",
          (long long)c.result, (long long)c.ms);
    CHECK_EQ(write_full(x_cli, S("x")), 1);
    pthread_join(th, NULL);
    CHECK(a.result == 1 && a.ms < 2500, "first gs_select = %lld after %lld ms", (long long)a.result,
          (long long)a.ms);
    gs_close(x_cli);
    gs_close(x_srv);
    gs_close(y_cli);
    gs_close(y_srv);
}

/* Many threads open, use and close pairs; handles must never cross. */
static void *stress(void *arg) {
    int id = (int)(intptr_t)arg;
    for (int i = 0; i < 300; i++) {
        int64_t p[2];
        if (gs_pair(1, 1, 0, p, NULL, 0) != 0) {
            CHECK(0, "gs_pair failed");
            return NULL;
        }
        char msg[32], got[32] = "";
        int n = snprintf(msg, sizeof msg, "t%d-%d", id, i);
        int64_t w = gs_write(p[0], msg, (size_t)n);
        int64_t r = read_full(p[1], got, (size_t)n);
        if (w != n || r != n || memcmp(msg, got, (size_t)n) != 0) {
            CHECK(0, "thread %d round %d: wrote %lld, read %lld \"%.*s\"", id, i, (long long)w,
                  (long long)r, n, got);
        }
        gs_close(p[0]);
        gs_close(p[1]);
        if (gs_read(p[1], got, 1) != -EBADF) {
            CHECK(0, "closed handle answered");
        }
    }
    CHECK_PASS_();
    return NULL;
}

int main(void) {
    alarm(60);
    signal(SIGPIPE, SIG_IGN);
    int64_t base = gs_open_handles();
    close_while_waiting(OP_READ);
    close_while_waiting(OP_READ_LINE);
    close_while_waiting(OP_ACCEPT);
    close_while_waiting(OP_SELECT);
    close_while_waiting(OP_WRITE);
    close_while_waiting(OP_SELECT_EXCEPT);
    two_selects();
    pthread_t th[8];
    for (int i = 0; i < 8; i++) {
        pthread_create(&th[i], NULL, stress, (void *)(intptr_t)i);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(th[i], NULL);
    }
    CHECK_EQ(gs_open_handles(), base);
    return check_done("threads_test");
}
