/*
 * prefork_echo: the pre-fork echo server of tests/prefork, in C against
 * build/libgostream.so: the master makes the listener (gs_server) and forks
 * WORKERS workers, each an accept-and-echo loop on it (gs_select,
 * gs_accept, gs_read, gs_write). Same protocol and output lines as
 * server.inc: "listen PORT", "ready PID", "done PID served=N",
 * "exit PID STATUS". SIGTERM to the master stops everything; every process
 * stops by itself after LIFETIME seconds.
 *   prefork_echo WORKERS
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gostream.h"

#define LIFETIME 60
#define MAX_CONNS 256
#define MAX_WORKERS 64
#define IO_TIMEOUT_US 5000000

static volatile sig_atomic_t stop;

static void on_term(int sig) {
    (void)sig;
    stop = 1;
}

/* One line in one write(2): lines of all processes share the pipe. */
__attribute__((format(printf, 1, 2))) static void say(const char *fmt, ...) {
    char line[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (write(1, line, (size_t)n) < 0) {
        _exit(3);
    }
}

static int write_all(int64_t h, const char *buf, int64_t len) {
    while (len > 0) {
        int64_t n = gs_write(h, buf, (size_t)len);
        if (n <= 0) {
            return -1;
        }
        buf += n;
        len -= n;
    }
    return 0;
}

static int worker(int64_t ln, pid_t master) {
    int64_t handles[MAX_CONNS + 1];
    char want[MAX_CONNS + 1];
    uint32_t ready[MAX_CONNS + 1];
    int64_t conns[MAX_CONNS];
    int nconns = 0;
    long served = 0;
    char buf[65536], hello[32], peer[64], err[256];
    time_t end = time(NULL) + LIFETIME;
    int hello_len = snprintf(hello, sizeof hello, "W%ld\n", (long)getpid());
    say("ready %ld\n", (long)getpid());
    while (!stop && time(NULL) < end && getppid() == master) {
        int n = 0;
        for (int i = 0; i < nconns; i++) {
            handles[n] = conns[i];
            want[n++] = GS_READ;
        }
        handles[n] = ln;
        want[n++] = GS_READ;
        int64_t got = gs_select(handles, want, (size_t)n, 200000, ready);
        if (got < 0 && got != -EINTR) {
            say("select failed: %ld\n", (long)got);
            return 1;
        }
        for (int64_t k = 0; k < got; k++) {
            int64_t h = handles[ready[k] >> GS_READY_SHIFT];
            if (h == ln) {
                /* Every worker wakes for a new connection; one wins it. */
                int64_t c = gs_accept(ln, 0, peer, sizeof peer, err, sizeof err);
                if (c < 0) {
                    continue;
                }
                gs_set_timeout(c, IO_TIMEOUT_US);
                if (nconns == MAX_CONNS || write_all(c, hello, hello_len) < 0) {
                    gs_close(c);
                    continue;
                }
                conns[nconns++] = c;
                served++;
                continue;
            }
            int64_t r = gs_read(h, buf, sizeof buf);
            if (r > 0 && write_all(h, buf, r) == 0) {
                continue;
            }
            gs_close(h);
            for (int i = 0; i < nconns; i++) {
                if (conns[i] == h) {
                    conns[i] = conns[--nconns];
                    break;
                }
            }
        }
    }
    for (int i = 0; i < nconns; i++) {
        gs_close(conns[i]);
    }
    say("done %ld served=%ld\n", (long)getpid(), served);
    return 0;
}

/* Reaps the workers that have exited, without waiting. */
static void reap(pid_t *pids, int *alive) {
    int status;
    pid_t pid;
    while (*alive > 0 && (pid = waitpid(-1, &status, WNOHANG)) > 0) {
        (*alive)--;
        say("exit %ld %d\n", (long)pid, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        for (int i = 0; i < MAX_WORKERS; i++) {
            if (pids[i] == pid) {
                pids[i] = 0;
            }
        }
    }
}

int main(int argc, char **argv) {
    int workers = argc > 1 ? atoi(argv[1]) : 0;
    if (workers < 1 || workers > MAX_WORKERS) {
        fprintf(stderr, "usage: prefork_echo WORKERS (1..%d)\n", MAX_WORKERS);
        return 2;
    }
    signal(SIGTERM, on_term);
    char err[256], name[64];
    const char addr[] = "tcp://127.0.0.1:0";
    int64_t ln = gs_server(addr, strlen(addr), GS_SERVER_BIND | GS_SERVER_LISTEN, NULL, 0, err, sizeof err);
    if (ln < 0) {
        fprintf(stderr, "gs_server: %lld %s\n", (long long)ln, err);
        return 1;
    }
    int64_t len = gs_name(ln, 0, name, sizeof name - 1);
    if (len <= 0) {
        fprintf(stderr, "gs_name: %lld\n", (long long)len);
        return 1;
    }
    name[len] = '\0';
    say("listen %ld\n", atol(strrchr(name, ':') + 1));
    pid_t master = getpid();
    pid_t pids[MAX_WORKERS] = {0};
    int alive = 0;
    for (int i = 0; i < workers; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            stop = 1;
            break;
        }
        if (pid == 0) {
            _exit(worker(ln, master));
        }
        pids[i] = pid;
        alive++;
    }
    time_t end = time(NULL) + LIFETIME;
    while (!stop && alive > 0 && time(NULL) < end) {
        reap(pids, &alive);
        usleep(20000);
    }
    for (int i = 0; i < workers; i++) {
        if (pids[i] > 0) {
            kill(pids[i], SIGTERM);
        }
    }
    for (int t = 0; t < 250 && alive > 0; t++) {
        reap(pids, &alive);
        usleep(20000);
    }
    for (int i = 0; i < workers; i++) {
        if (pids[i] > 0) {
            kill(pids[i], SIGKILL);
            say("killed %ld\n", (long)pids[i]);
        }
    }
    return alive > 0;
}
