/*
 * select_test: gs_select semantics - write readiness, timeouts, listener
 * readiness, the buffered-data shortcut after gs_read_line, exceptions
 * from out-of-band data, EINTR from a signal handler installed without
 * SA_RESTART, foreign descriptors waited on with the handles, and
 * gs_select_fetch in both forms (arguments, or one struct gs_select_args).
 */
#include <signal.h>
#include <sys/wait.h>

#include "check.h"

static int64_t sel(int64_t *hs, const char *want, size_t n, int64_t timeout_us, uint32_t *ready) {
    return gs_select(hs, want, n, timeout_us, ready);
}

static void test_write_and_timeout(void) {
    int64_t cli = 0, srv = 0;
    uint32_t ready[4];
    CHECK_EQ(tcp_pair(&cli, &srv), 0);
    int64_t hs[2] = {cli, srv};
    char w[2] = {GS_WRITE, GS_READ};
    CHECK_EQ(sel(hs, w, 2, 1000000, ready), 1);
    CHECK_EQ(ready[0], (0 << GS_READY_SHIFT) | GS_WRITE);

    /* Nothing to read: timeout 0 returns at once, 200 ms waits 200 ms. */
    char r[1] = {GS_READ};
    int64_t t0 = now_ms();
    CHECK_EQ(sel(&srv, r, 1, 0, ready), 0);
    CHECK(now_ms() - t0 < 100, "timeout 0 took %lld ms", (long long)(now_ms() - t0));
    t0 = now_ms();
    CHECK_EQ(sel(&srv, r, 1, 200000, ready), 0);
    int64_t d = now_ms() - t0;
    CHECK(d >= 195 && d < 2000, "200 ms timeout took %lld ms", (long long)d);
    /* Sub-millisecond waits round up, never down to a busy 0. */
    t0 = now_ms();
    CHECK_EQ(sel(&srv, r, 1, 1500, ready), 0);
    CHECK(now_ms() - t0 >= 1, "1.5 ms timeout took %lld ms", (long long)(now_ms() - t0));

    /* Data: readable, reported in list order with its index. */
    CHECK_EQ(write_full(cli, S("ping\n")), 5);
    char rw[2] = {GS_READ | GS_WRITE, GS_READ | GS_WRITE};
    CHECK_EQ(sel(hs, rw, 2, 1000000, ready), 2);
    CHECK_EQ(ready[0], (0 << GS_READY_SHIFT) | GS_WRITE);
    CHECK_EQ(ready[1], (1 << GS_READY_SHIFT) | GS_READ | GS_WRITE);

    /* Handles as PHP passes them: a pack('q*') byte string. */
    char packed[16];
    memcpy(packed, hs, 16);
    CHECK_EQ(gs_select(packed, rw, 2, 0, ready), 2);
    gs_close(cli);
    gs_close(srv);
}

static void test_listener(void) {
    char addr[128], err[256];
    uint32_t ready[1];
    char r[1] = {GS_READ};
    int64_t ln = tcp_listener(addr, sizeof addr);
    CHECK(ln > 0, "listener");
    CHECK_EQ(sel(&ln, r, 1, 50000, ready), 0);
    int64_t c = gs_client(addr, strlen(addr), 0, 1000000, NULL, 0, err, sizeof err);
    CHECK(c > 0, "client %lld", (long long)c);
    CHECK_EQ(sel(&ln, r, 1, 1000000, ready), 1);
    CHECK_EQ(ready[0], GS_READ);
    int64_t a = gs_accept(ln, 0, NULL, 0, err, sizeof err);
    CHECK(a > 0, "accept %lld", (long long)a);
    CHECK_EQ(sel(&ln, r, 1, 0, ready), 0);
    /* accept with timeout 0 on an idle listener: -ETIMEDOUT at once */
    CHECK_EQ(gs_accept(ln, 0, NULL, 0, err, sizeof err), -ETIMEDOUT);
    gs_close(a);
    gs_close(c);
    gs_close(ln);
}

static void test_buffered_shortcut(void) {
    int64_t a_cli = 0, a_srv = 0, b_cli = 0, b_srv = 0;
    uint32_t ready[3];
    char buf[64];
    CHECK_EQ(tcp_pair(&a_cli, &a_srv), 0);
    CHECK_EQ(tcp_pair(&b_cli, &b_srv), 0);
    CHECK_EQ(write_full(a_cli, S("first\nsecond\n")), 13);
    CHECK_EQ(write_full(b_cli, S("b")), 1);
    sleep_ms(30);
    CHECK_EQ(gs_read_line(a_srv, buf, sizeof buf), 6);
    int64_t info[GS_INFO_COUNT];
    gs_info(a_srv, info, GS_INFO_COUNT);
    CHECK_EQ(info[GS_INFO_UNREAD], 7);
    /* b is readable in the kernel and b_cli writable, but only the buffered
     * a_srv is reported, at once, as PHP does. */
    int64_t hs[3] = {b_srv, a_srv, b_cli};
    char want[3] = {GS_READ, GS_READ, GS_WRITE};
    CHECK_EQ(sel(hs, want, 3, 1000000, ready), 1);
    CHECK_EQ(ready[0], (1 << GS_READY_SHIFT) | GS_READ);
    CHECK_EQ(gs_read_line(a_srv, buf, sizeof buf), 7);
    CHECK(memcmp(buf, "second\n", 7) == 0, "second line \"%.7s\"", buf);
    CHECK_EQ(sel(hs, want, 3, 1000000, ready), 2);
    CHECK_EQ(ready[0], (0 << GS_READY_SHIFT) | GS_READ);
    CHECK_EQ(ready[1], (2 << GS_READY_SHIFT) | GS_WRITE);
    gs_close(a_cli);
    gs_close(a_srv);
    gs_close(b_cli);
    gs_close(b_srv);
}

static void test_except_oob(void) {
    int64_t cli = 0, srv = 0;
    uint32_t ready[1];
    char e[1] = {GS_EXCEPT};
    CHECK_EQ(tcp_pair(&cli, &srv), 0);
    CHECK_EQ(sel(&srv, e, 1, 50000, ready), 0);
    char err[256] = "";
    CHECK_EQ(gs_sendto(cli, S("!"), GS_MSG_OOB, NULL, 0, err, sizeof err), 1);
    CHECK_EQ(sel(&srv, e, 1, 1000000, ready), 1);
    CHECK_EQ(ready[0], GS_EXCEPT);
    char b[8] = "", from[64] = "x";
    CHECK_EQ(gs_recvfrom(srv, b, sizeof b, GS_MSG_OOB, from, sizeof from), 1);
    CHECK_EQ(b[0], '!');
    CHECK_STR(from, ""); /* connected TCP: no sender name */
    /* PEEK leaves the data for the next read. */
    CHECK_EQ(write_full(cli, S("peek")), 4);
    sleep_ms(20);
    CHECK_EQ(gs_recvfrom(srv, b, sizeof b, GS_MSG_PEEK, NULL, 0), 4);
    CHECK_EQ(gs_read(srv, b, sizeof b), 4);
    gs_close(cli);
    gs_close(srv);
}

static volatile sig_atomic_t got_alarm;
static void on_alarm(int sig) {
    (void)sig;
    got_alarm = 1;
}

static void test_eintr(void) {
    int64_t cli = 0, srv = 0;
    uint32_t ready[1];
    char r[1] = {GS_READ};
    CHECK_EQ(tcp_pair(&cli, &srv), 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART */
    CHECK_EQ(sigaction(SIGALRM, &sa, NULL), 0);
    /* Go requires SA_ONSTACK of handlers that may run on its threads. */
    CHECK(gs_signals_onstack() >= 1, "gs_signals_onstack changed no handler");
    struct sigaction now;
    sigaction(SIGALRM, NULL, &now);
    CHECK(now.sa_flags & SA_ONSTACK, "SIGALRM handler lacks SA_ONSTACK");
    CHECK(!(now.sa_flags & SA_RESTART), "SA_RESTART appeared");

    for (int round = 0; round < 2; round++) {
        got_alarm = 0;
        int64_t t0 = now_ms();
        alarm(1);
        int64_t k = sel(&srv, r, 1, 5000000, ready);
        int64_t d = now_ms() - t0;
        alarm(0);
        CHECK(k == -EINTR, "round %d: gs_select = %lld after %lld ms, want -EINTR", round,
              (long long)k, (long long)d);
        CHECK(d >= 900 && d < 2500, "round %d: interrupted after %lld ms, want about 1000", round,
              (long long)d);
        CHECK(got_alarm, "round %d: the handler did not run", round);
    }
    /* After EINTR the same set works. */
    CHECK_EQ(write_full(cli, S("x")), 1);
    CHECK_EQ(sel(&srv, r, 1, 1000000, ready), 1);

    /* A blocking gs_read restarts after the signal (PHP's poll does) and
     * ends at its own timeout. */
    char b[4];
    CHECK_EQ(gs_read(srv, b, 4), 1);
    gs_set_timeout(srv, 1500000);
    got_alarm = 0;
    int64_t t0 = now_ms();
    alarm(1);
    int64_t n = gs_read(srv, b, 4);
    int64_t d = now_ms() - t0;
    alarm(0);
    CHECK(n == -ETIMEDOUT, "gs_read across a signal = %lld after %lld ms", (long long)n, (long long)d);
    CHECK(got_alarm, "handler did not run during gs_read");
    signal(SIGALRM, SIG_DFL);
    gs_close(cli);
    gs_close(srv);
}

/* Foreign descriptors (-1 - fd) in the same wait as handles: a pipe that
 * becomes readable during a long wait ends it; a regular file is always
 * ready; a closed descriptor is -EBADF. */
static void test_foreign(void) {
    int64_t cli = 0, srv = 0;
    int p[2];
    uint32_t ready[3];
    CHECK_EQ(tcp_pair(&cli, &srv), 0);
    CHECK_EQ(pipe(p), 0);
    int64_t hs[3] = {srv, -1 - (int64_t)p[0], -1 - (int64_t)p[1]};
    char w[3] = {GS_READ, GS_READ, GS_READ};
    CHECK_EQ(sel(hs, w, 3, 0, ready), 0);
    CHECK_EQ(write(p[1], "x", 1), 1);
    CHECK_EQ(sel(hs, w, 3, 1000000, ready), 1);
    CHECK_EQ(ready[0], (1 << GS_READY_SHIFT) | GS_READ);
    char one;
    CHECK_EQ(read(p[0], &one, 1), 1);

    pid_t child = fork();
    if (child == 0) {
        usleep(100000);
        _exit(write(p[1], "y", 1) == 1 ? 0 : 1);
    }
    int64_t t0 = now_ms();
    CHECK_EQ(sel(hs, w, 2, 10000000, ready), 1);
    CHECK_EQ(ready[0], (1 << GS_READY_SHIFT) | GS_READ);
    CHECK(now_ms() - t0 < 5000, "the pipe woke the wait after %lld ms", (long long)(now_ms() - t0));
    waitpid(child, NULL, 0);

    FILE *f = tmpfile();
    CHECK(f != NULL, "tmpfile");
    int64_t file[1] = {-1 - (int64_t)fileno(f)};
    char rwx[1] = {GS_READ | GS_WRITE | GS_EXCEPT};
    CHECK_EQ(sel(file, rwx, 1, 10000000, ready), 1);
    CHECK_EQ(ready[0], GS_READ | GS_WRITE);
    fclose(f);

    close(p[0]);
    CHECK_EQ(sel(hs, w, 2, 0, ready), -EBADF);
    close(p[1]);
    gs_close(cli);
    gs_close(srv);
}

/* gs_select_fetch_args is gs_select_fetch with its arguments in a block:
 * the same answers, the bytes handed back alike; NULL is GS_EARG. */
static void test_fetch_args(void) {
    int64_t cli = 0, srv = 0;
    CHECK_EQ(tcp_pair(&cli, &srv), 0);
    uint32_t ready[2] = {0}, lens[2] = {0};
    char data[64];
    int64_t hs[2] = {srv, cli};
    char want[2] = {GS_READ, GS_READ};
    struct gs_select_args a = {.handles = hs, .want = want, .n = 2, .timeout_us = 0,
                               .ready = ready, .data = data, .datalen = sizeof data, .lens = lens};
    CHECK_EQ(gs_select_fetch_args(&a), 0);
    CHECK_EQ(gs_select_fetch(hs, want, 2, 0, ready, data, sizeof data, lens), 0);

    CHECK_EQ(write_full(cli, "hello", 5), 5);
    a.timeout_us = 2000000;
    CHECK_EQ(gs_select_fetch_args(&a), 1);
    CHECK_EQ(ready[0], (0 << GS_READY_SHIFT) | GS_READ);
    CHECK_EQ(lens[0], 1 + 5);
    CHECK(memcmp(data, "hello", 5) == 0, "fetched \"%.5s\"", data);

    CHECK_EQ(write_full(srv, "world!", 6), 6);
    CHECK_EQ(gs_select_fetch(hs, want, 2, 2000000, ready, data, sizeof data, lens), 1);
    CHECK_EQ(ready[0], (1 << GS_READY_SHIFT) | GS_READ);
    CHECK_EQ(lens[0], 1 + 6);
    CHECK(memcmp(data, "world!", 6) == 0, "fetched \"%.6s\"", data);

    CHECK_EQ(gs_select_fetch_args(NULL), GS_EARG);
    a.ready = NULL;
    CHECK_EQ(gs_select_fetch_args(&a), GS_EARG);
    gs_close(cli);
    gs_close(srv);
    a.ready = ready;
    CHECK_EQ(gs_select_fetch_args(&a), -EBADF);
}

int main(void) {
    alarm(60);
    int64_t base = gs_open_handles();
    test_write_and_timeout();
    test_listener();
    test_buffered_shortcut();
    test_except_oob();
    test_eintr();
    alarm(60);
    test_foreign();
    test_fetch_args();
    CHECK_EQ(gs_open_handles(), base);
    return check_done("select_test");
}
