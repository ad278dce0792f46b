/*
 * prefork_test: a pre-fork server in C. The parent creates its sockets
 * without starting Go (gs_runtime_started() stays 0), reports creation
 * errors with the same code and text as when Go runs, and forks workers
 * that accept and echo on the inherited listener (each starts its own Go).
 * A worker whose first call is an accept while no descriptor is free gets
 * -EMFILE, then works. After the parent has started Go, a child forked
 * from it gets GS_EFORKED at once.
 */
#define _GNU_SOURCE /* strcasestr */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "check.h"

#define BOTH (GS_SERVER_BIND | GS_SERVER_LISTEN)

/* A creation error as the library reported it. */
struct failure {
    const char *addr, *opts;
    int64_t code;
    char err[256], text[256];
};

static void create_error(struct failure *f) {
    f->err[0] = f->text[0] = 0;
    f->code = gs_server(f->addr, strlen(f->addr), BOTH, f->opts, f->opts ? strlen(f->opts) : 0,
                        f->err, sizeof f->err);
    if (f->code < 0) {
        gs_strerror(f->code, f->text, sizeof f->text);
    }
}

/* A plain (non-gostream) client of 127.0.0.1:port. */
static int dial(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int port_of(int64_t h) {
    char name[96] = "";
    if (gs_name(h, 0, name, sizeof name) <= 0) {
        return -1;
    }
    const char *colon = strrchr(name, ':');
    return colon ? atoi(colon + 1) : -1;
}

/* The worker: Go must not run yet; accept one connection, echo one line. */
static int worker(int64_t ln) {
    alarm(10);
    if (gs_runtime_started() != 0) {
        return 10;
    }
    char peer[96], err[256] = "", buf[64];
    int64_t c = gs_accept(ln, 5000000, peer, sizeof peer, err, sizeof err);
    if (c < 0) {
        fprintf(stderr, "worker accept: %lld %s\n", (long long)c, err);
        return 11;
    }
    if (gs_runtime_started() != 1) {
        return 12;
    }
    int64_t n = gs_read(c, buf, sizeof buf);
    if (n <= 0 || write_full(c, buf, (size_t)n) != n) {
        return 13;
    }
    gs_close(c);
    return 0;
}

/* The worker whose first call is an accept while no descriptor is free. */
static int starved_worker(int64_t ln) {
    alarm(10);
    struct rlimit rl = {64, 64};
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
        return 20;
    }
    int held[64], nheld = 0;
    for (int fd; nheld < 64 && (fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;) {
        held[nheld++] = fd;
    }
    char err[256] = "";
    int64_t c = gs_accept(ln, 2000000, NULL, 0, err, sizeof err);
    if (c != -EMFILE) {
        fprintf(stderr, "starved accept: %lld %s, want %d\n", (long long)c, err, -EMFILE);
        return 21;
    }
    for (int i = 0; i < nheld; i++) {
        close(held[i]);
    }
    c = gs_accept(ln, 2000000, NULL, 0, err, sizeof err);
    if (c < 0) {
        fprintf(stderr, "accept after freeing: %lld %s\n", (long long)c, err);
        return 22;
    }
    gs_close(c);
    return 0;
}

/* A worker whose first call is an accept on a TLS listener while no
 * descriptor is free: adopting that listener needs descriptors (its
 * certificate is read again, its accept loop made), so the call that
 * started Go returns the adoption's error, with its text; the other pending
 * handles were adopted. */
static int starved_tls_worker(int64_t tls, int64_t ln) {
    alarm(10);
    struct rlimit rl = {64, 64};
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
        return 30;
    }
    int held[64], nheld = 0;
    for (int fd; nheld < 64 && (fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;) {
        held[nheld++] = fd;
    }
    char err[256] = "";
    int64_t c = gs_accept(tls, 2000000, NULL, 0, err, sizeof err);
    for (int i = 0; i < nheld; i++) {
        close(held[i]);
    }
    if (c >= 0 || strcasestr(err, "too many open files") == NULL) {
        fprintf(stderr, "starved TLS accept: %lld \"%s\", want an error naming the cause\n", (long long)c, err);
        return 31;
    }
    if (gs_accept(tls, 0, NULL, 0, err, sizeof err) != -EBADF) {
        return 32;
    }
    c = gs_accept(ln, 2000000, NULL, 0, err, sizeof err);
    if (c < 0) {
        fprintf(stderr, "accept on the plain listener: %lld %s\n", (long long)c, err);
        return 33;
    }
    gs_close(c);
    return 0;
}

static int wait_child(pid_t pid) {
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

int main(void) {
    alarm(60);
    signal(SIGPIPE, SIG_IGN);
    CHECK_EQ(gs_runtime_started(), 0);
    CHECK_EQ(gs_abi_version(), GS_ABI_VERSION);

    /* Creation without Go. */
    char err[256] = "", name[96] = "";
    int64_t ln = gs_server(S("tcp://127.0.0.1:0"), BOTH, NULL, 0, err, sizeof err);
    CHECK(ln > 0, "gs_server before Go: %lld %s", (long long)ln, err);
    int port = port_of(ln);
    CHECK(port > 0, "listener port %d", port);
    int64_t info[GS_INFO_COUNT] = {0};
    CHECK_EQ(gs_info(ln, info, GS_INFO_COUNT), GS_INFO_COUNT);
    CHECK(info[GS_INFO_FLAGS] & GS_FLAG_LISTENER, "pending listener's flags %lld", (long long)info[GS_INFO_FLAGS]);
    CHECK_EQ(info[GS_INFO_KIND], GS_KIND_TCP);
    CHECK_EQ(gs_set_timeout(ln, 7000000), 0);
    CHECK_EQ(gs_name(ln, 1, name, sizeof name), -ENOTCONN);
    int64_t pair[2] = {0, 0};
    CHECK_EQ(gs_pair(1, 1, 0, pair, err, sizeof err), 0);
    CHECK(pair[0] > 0 && pair[1] > 0 && pair[0] != pair[1], "pair %lld %lld", (long long)pair[0], (long long)pair[1]);
    int64_t pair2[2] = {0, 0}, info2[GS_INFO_COUNT] = {0};
    CHECK_EQ(gs_pair(1, 1, 0, pair2, err, sizeof err), 0); /* from the first's template */
    CHECK_EQ(gs_info(pair[0], info, GS_INFO_COUNT), GS_INFO_COUNT);
    CHECK_EQ(gs_info(pair2[0], info2, GS_INFO_COUNT), GS_INFO_COUNT);
    CHECK(memcmp(info, info2, sizeof info) == 0 && info[GS_INFO_KIND] == GS_KIND_PAIR, "pair infos differ");
    int64_t bad[2];
    CHECK_EQ(gs_pair(-1, 1, 0, bad, err, sizeof err), -EAFNOSUPPORT); /* Go's error, from the helper */
    CHECK(err[0] != 0, "pair error text");
    CHECK_EQ(gs_open_handles(), 5);
    CHECK_EQ(gs_close(pair[1]), 0);
    CHECK_EQ(gs_close(pair[1]), -EBADF);

    /* Creation errors, without Go: kept to compare with Go's below. */
    static char in_use[64];
    snprintf(in_use, sizeof in_use, "tcp://127.0.0.1:%d", port);
    struct failure before[] = {
        {.addr = "foo://127.0.0.1:1"},
        {.addr = "tcp://127.0.0.1:notaport"},
        {.addr = in_use},
        {.addr = "ssl://127.0.0.1:0", .opts = "{\"ssl\":{\"local_cert\":\"/nonexistent/cert.pem\"}}"},
    };
    enum { NFAIL = sizeof before / sizeof before[0] };
    for (int i = 0; i < NFAIL; i++) {
        create_error(&before[i]);
        CHECK(before[i].code < 0 && before[i].err[0], "%s: %lld \"%s\"", before[i].addr, (long long)before[i].code, before[i].err);
    }
    CHECK_EQ(before[2].code, -EADDRINUSE);
    CHECK_EQ(gs_runtime_started(), 0);

    /* Workers: each starts its own Go on the inherited listener. */
    fflush(NULL);
    pid_t pids[2];
    for (int i = 0; i < 2; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            _exit(worker(ln));
        }
    }
    for (int i = 0; i < 2; i++) {
        int fd = dial(port);
        CHECK(fd >= 0, "dial %d", port);
        char buf[16] = "";
        CHECK_EQ(write(fd, "ping", 4), 4);
        ssize_t n = 0, r;
        while (n < 4 && (r = read(fd, buf + n, 4 - (size_t)n)) > 0) {
            n += r;
        }
        CHECK(n == 4 && memcmp(buf, "ping", 4) == 0, "echo %zd \"%.4s\"", n, buf);
        close(fd);
    }
    for (int i = 0; i < 2; i++) {
        CHECK_EQ(wait_child(pids[i]), 0);
    }

    /* A worker whose very first call is an accept with no descriptor free. */
    fflush(NULL);
    pid_t starved = fork();
    if (starved == 0) {
        _exit(starved_worker(ln));
    }
    int fd = dial(port);
    CHECK(fd >= 0, "dial for the starved worker");
    CHECK_EQ(wait_child(starved), 0);
    close(fd);
    CHECK_EQ(gs_runtime_started(), 0);

    /* A TLS listener, its certificate checked at creation without Go. */
    char dir[] = "/tmp/gs-prefork-XXXXXX", cmd[512], opts[512];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(cmd, sizeof cmd, "cd %s && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
             "-keyout key.pem -out cert.pem -days 1 -subj /CN=localhost >/dev/null 2>&1", dir);
    CHECK_EQ(system(cmd), 0);
    snprintf(opts, sizeof opts, "{\"ssl\":{\"local_cert\":\"%s/cert.pem\",\"local_pk\":\"%s/key.pem\"}}", dir, dir);
    int64_t tls = gs_server(S("tls://127.0.0.1:0"), BOTH, opts, strlen(opts), err, sizeof err);
    CHECK(tls > 0, "TLS listener before Go: %lld %s", (long long)tls, err);
    int tls_port = port_of(tls);
    CHECK(tls_port > 0, "TLS port %d", tls_port);
    fflush(NULL);
    pid_t starved_tls = fork();
    if (starved_tls == 0) {
        _exit(starved_tls_worker(tls, ln));
    }
    fd = dial(port);
    CHECK_EQ(wait_child(starved_tls), 0);
    close(fd);
    CHECK_EQ(gs_runtime_started(), 0);

    /* The parent starts Go: the pending handles are adopted as they were. */
    int64_t got = gs_accept(ln, 0, NULL, 0, err, sizeof err);
    CHECK(got == -ETIMEDOUT || got == -EAGAIN || got < 0, "accept with no client: %lld", (long long)got);
    CHECK_EQ(gs_runtime_started(), 1);
    CHECK_EQ(port_of(ln), port);
    CHECK_EQ(gs_info(ln, info, GS_INFO_COUNT), GS_INFO_COUNT);
    CHECK_EQ(info[GS_INFO_TIMEOUT_US], 7000000);
    CHECK(info[GS_INFO_FLAGS] & GS_FLAG_LISTENER, "adopted listener's flags %lld", (long long)info[GS_INFO_FLAGS]);
    CHECK_EQ(gs_open_handles(), 5);
    CHECK_EQ(port_of(tls), tls_port);
    CHECK_EQ(gs_close(tls), 0);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK_EQ(system(cmd), 0);
    CHECK_EQ(gs_write(pair[0], S("x")), -EPIPE);
    CHECK_EQ(gs_write(pair2[0], S("duo")), 3);
    char duo[4] = "";
    CHECK_EQ(read_full(pair2[1], duo, 3), 3);
    CHECK_EQ(gs_close(pair2[0]), 0);
    CHECK_EQ(gs_close(pair2[1]), 0);
    CHECK_EQ(gs_close(pair[1]), -EBADF);
    fd = dial(port);
    int64_t c = gs_accept(ln, 2000000, NULL, 0, err, sizeof err);
    CHECK(c > 0, "accept after adoption: %lld %s", (long long)c, err);
    gs_close(c);
    close(fd);

    /* The same errors, with Go running here. */
    for (int i = 0; i < NFAIL; i++) {
        struct failure now = before[i];
        create_error(&now);
        CHECK_EQ(now.code, before[i].code);
        CHECK_STR(now.err, before[i].err);
        CHECK_STR(now.text, before[i].text);
    }

    /* Forked after Go started: the clear error, at once. */
    fflush(NULL);
    pid_t late = fork();
    if (late == 0) {
        alarm(5);
        char e[256] = "";
        int64_t r = gs_accept(ln, 1000000, NULL, 0, e, sizeof e);
        _exit(r == GS_EFORKED && strstr(e, "forked after Go started") ? 0 : 1);
    }
    CHECK_EQ(wait_child(late), 0);

    CHECK_EQ(gs_close(pair[0]), 0);
    CHECK_EQ(gs_close(ln), 0);
    CHECK_EQ(gs_open_handles(), 0);
    return check_done("prefork_test");
}
