/*
 * fork_test: the library is loaded (linked) and used, then the process
 * forks. In the child every gs_ function must return GS_EFORKED at once
 * (the Go runtime does not survive fork); the child runs under alarm() so a
 * hang kills it and fails the test. The child reports each call on a pipe,
 * so a hang names the call that hung. The parent keeps working.
 *
 * Phase 2 forks while other threads of the parent are inside gs_ calls (as
 * Go's own GC or TLS-handshake threads can be when PHP forks): the child's
 * call must still return GS_EFORKED, not hang.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

#include "check.h"

struct call {
    const char *name;
    int64_t got;
};

/* In the child: call everything, write "name got\n" lines to fd. Calls that
 * the header's fork rule covers but cgo/exports.go does not guard
 * (gs_abi_version, gs_strerror, gs_signals_onstack, gs_open_handles) come
 * last, so a hang in them does not hide the others. */
static void child(int fd, int64_t h, int64_t ln) {
    alarm(5);
    char buf[64], err[256], name[64];
    int64_t info[GS_INFO_COUNT], out[2];
    uint32_t ready[1];
    char want = GS_READ;
#define REPORT(expr)                                                              \
    do {                                                                          \
        int64_t r_ = (expr);                                                      \
        char line_[128];                                                          \
        int l_ = snprintf(line_, sizeof line_, "%s %lld\n", #expr, (long long)r_); \
        if (write(fd, line_, (size_t)l_) < 0) {                                   \
            _exit(3);                                                             \
        }                                                                         \
    } while (0)
    REPORT(gs_server(S("tcp://127.0.0.1:0"), 12, NULL, 0, err, sizeof err));
    REPORT(gs_client(S("tcp://127.0.0.1:1"), 0, 1000, NULL, 0, err, sizeof err));
    REPORT(gs_accept(ln, 0, name, sizeof name, err, sizeof err));
    REPORT(gs_read(h, buf, sizeof buf));
    REPORT(gs_read_line(h, buf, sizeof buf));
    REPORT(gs_write(h, S("x")));
    REPORT(gs_recvfrom(h, buf, sizeof buf, 0, name, sizeof name));
    REPORT(gs_sendto(h, S("x"), 0, NULL, 0, err, sizeof err));
    REPORT(gs_name(h, 0, name, sizeof name));
    REPORT(gs_shutdown(h, GS_SHUT_RDWR));
    REPORT(gs_pair(1, 1, 0, out, err, sizeof err));
    REPORT(gs_set_blocking(h, 0));
    REPORT(gs_set_timeout(h, 1000));
    REPORT(gs_info(h, info, GS_INFO_COUNT));
    REPORT(gs_select(&h, &want, 1, 1000, ready));
    REPORT(gs_close(h));
    REPORT(gs_abi_version());
    REPORT(gs_strerror(-EPIPE, buf, sizeof buf));
    REPORT(gs_signals_onstack());
    REPORT(gs_open_handles());
#undef REPORT
    _exit(0);
}

static volatile int busy_stop;

static void *busy(void *arg) {
    (void)arg;
    int64_t out[2], info[GS_INFO_COUNT];
    while (!busy_stop) {
        if (gs_pair(1, 1, 0, out, NULL, 0) == 0) {
            gs_info(out[0], info, GS_INFO_COUNT);
            gs_close(out[0]);
            gs_close(out[1]);
        }
    }
    return NULL;
}

/* Forks `rounds` times while two threads keep calling into the library;
 * each child makes one gs_close under alarm(1). Returns the hang count. */
static int fork_while_busy(int rounds, int *ok) {
    pthread_t th[2];
    busy_stop = 0;
    for (int i = 0; i < 2; i++) {
        pthread_create(&th[i], NULL, busy, NULL);
    }
    sleep_ms(50);
    int hung = 0;
    *ok = 0;
    for (int i = 0; i < rounds; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            alarm(1);
            _exit(gs_close(123456789012LL) == GS_EFORKED ? 0 : 1);
        }
        int st = 0;
        waitpid(pid, &st, 0);
        if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM) {
            hung++;
        } else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
            (*ok)++;
        }
    }
    busy_stop = 1;
    for (int i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
    }
    return hung;
}

int main(void) {
    alarm(60);
    signal(SIGPIPE, SIG_IGN);
    int64_t start = gs_open_handles();
    char addr[128], err[256];
    int64_t ln = tcp_listener(addr, sizeof addr);
    CHECK(ln > 0, "listener");
    int64_t cli = 0, srv = 0;
    CHECK_EQ(tcp_pair(&cli, &srv), 0);
    CHECK_EQ(write_full(cli, S("before fork")), 11);
    int64_t base = gs_open_handles();

    int p[2];
    CHECK_EQ(pipe(p), 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        child(p[1], srv, ln);
    }
    close(p[1]);
    CHECK(pid > 0, "fork");

    /* The parent keeps working while the child runs. */
    char buf[64] = "";
    CHECK_EQ(read_full(srv, buf, 11), 11);
    CHECK(memcmp(buf, "before fork", 11) == 0, "parent read \"%s\"", buf);
    int64_t c2 = gs_client(addr, strlen(addr), 0, 1000000, NULL, 0, err, sizeof err);
    CHECK(c2 > 0, "parent gs_client after fork: %lld (%s)", (long long)c2, err);
    int64_t a2 = gs_accept(ln, 1000000, NULL, 0, err, sizeof err);
    CHECK(a2 > 0, "parent gs_accept after fork: %lld", (long long)a2);
    CHECK_EQ(write_full(c2, S("after")), 5);
    CHECK_EQ(read_full(a2, buf, 5), 5);

    /* Collect the child's report (bounded: the child dies by alarm in 5 s). */
    char rep[4096];
    size_t got = 0;
    int64_t t0 = now_ms();
    for (;;) {
        ssize_t n = read(p[0], rep + got, sizeof rep - 1 - got);
        if (n <= 0) {
            break;
        }
        got += (size_t)n;
    }
    rep[got] = 0;
    close(p[0]);
    int status = 0;
    int waited = 0;
    for (int i = 0; i < 200 && !waited; i++) {
        waited = waitpid(pid, &status, WNOHANG) == pid;
        if (!waited) {
            sleep_ms(50);
        }
    }
    if (!waited) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    int64_t took = now_ms() - t0;
    CHECK(waited && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "child did not finish: %s %d after %lld ms (alarm = a gs_ call hung)",
          WIFSIGNALED(status) ? "killed by signal" : "exit status",
          WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), (long long)took);

    /* Every line must say GS_EFORKED. */
    int lines = 0;
    char *save = NULL;
    const char *last = "(none)";
    for (char *l = strtok_r(rep, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        lines++;
        char *sp = strrchr(l, ' ');
        long long v = sp ? atoll(sp + 1) : 0;
        int unguarded = strstr(l, "gs_abi_version") || strstr(l, "gs_strerror") ||
                        strstr(l, "gs_signals_onstack") || strstr(l, "gs_open_handles");
        CHECK(v == GS_EFORKED, "%sin the child: %s, want %d (GS_EFORKED)",
              unguarded ? "KNOWN BUG (export without the fork check) " : "", l, GS_EFORKED);
        last = l;
    }
    CHECK(lines == 20, "child reported %d of 20 calls; last: %s", lines, last);
    CHECK(took < 6000, "child took %lld ms", (long long)took);

    /* The parent's handles are untouched by what the child did. */
    CHECK_EQ(gs_open_handles(), base + 2);
    CHECK_EQ(write_full(cli, S("still")), 5);
    CHECK_EQ(read_full(srv, buf, 5), 5);
    gs_close(c2);
    gs_close(a2);
    gs_close(cli);
    gs_close(srv);
    gs_close(ln);

    /* Phase 2. Known bug: the fork check runs inside Go (cgo/boundary.go
     * forked()), so the child must enter the Go runtime first; when the
     * parent's other threads held Go's Ps at fork time, that entry never
     * completes and the child hangs. */
    int ok = 0;
    int hung = fork_while_busy(10, &ok);
    CHECK(hung == 0, "KNOWN BUG %d of 10 children hung in gs_close (forked while other threads "
                     "were in gs_ calls); %d returned GS_EFORKED", hung, ok);
    CHECK_EQ(gs_open_handles(), start);
    return check_done("fork_test");
}
