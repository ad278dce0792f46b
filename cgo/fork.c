// Fork detection. The Go runtime does not survive fork(): the child has one
// thread and a scheduler that expects more, so any Go call that needs it
// hangs. A pthread_atfork child handler, registered when the library is
// loaded, marks the child; every export checks the mark first and returns
// GS_EFORKED instead of hanging.
#include <pthread.h>
#include <signal.h>
#include <stddef.h>

volatile int gs_forked = 0;

static void gs_mark_child(void) { gs_forked = 1; }

__attribute__((constructor)) static void gs_register_atfork(void) {
    pthread_atfork(NULL, NULL, gs_mark_child);
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
