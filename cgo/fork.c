// The fork error and signal flags, in C because they must work where Go
// cannot run.
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "gostream.h"
#include "fork.h"

// The message of every call in a child forked after Go started in the
// parent (front.c marks such a child).
int64_t gs_forked_error(char *err, size_t errlen) {
    static const char msg[] =
        "gostream: called in a child process forked after Go started in the parent "
        "(its first accept, read, write, select or handshake); create sockets before "
        "that and fork, or create them in each child, with so_reuseport";
    if (err != NULL && errlen > 0) {
        size_t n = sizeof msg - 1 < errlen - 1 ? sizeof msg - 1 : errlen - 1;
        for (size_t i = 0; i < n; i++) {
            err[i] = msg[i];
        }
        err[n] = 0;
    }
    return GS_EFORKED;
}

// gs_fix_onstack adds SA_ONSTACK to installed handlers that lack it: Go
// requires it of any handler that may run on one of its threads, and PHP 8.2
// installs pcntl handlers without it. Returns the number changed.
int gs_fix_onstack(void) {
    int changed = 0;
    for (int sig = 1; sig < NSIG; sig++) {
        struct sigaction sa;
        if (sigaction(sig, NULL, &sa) != 0) {
            continue;
        }
        if (sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN || (sa.sa_flags & SA_ONSTACK)) {
            continue;
        }
        sa.sa_flags |= SA_ONSTACK;
        if (sigaction(sig, &sa, NULL) == 0) {
            changed++;
        }
    }
    return changed;
}
