// Internal to the library; hidden from its exports.
#ifndef GS_CGO_FORK_H
#define GS_CGO_FORK_H
#include <stddef.h>
#include <stdint.h>
__attribute__((visibility("hidden"))) int64_t gs_forked_error(char *err, size_t errlen);
__attribute__((visibility("hidden"))) int gs_fix_onstack(void);
#endif
