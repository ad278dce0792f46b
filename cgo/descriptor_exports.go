package main

/*
#include "types.h"
*/
import "C"

import core "gostream/go-src"

// The descriptors PHP's own functions need of gostream streams: the
// userspace wrapper's stream_cast hands PHP a stream opened on a copy of
// one (php-ext/src/Descriptor.php).

//export gsgo_fd
func gsgo_fd(h C.int64_t, use C.int64_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	return result(core.Descriptor(int64(h), int(use)))
}

//export gsgo_cloexec_copies
func gsgo_cloexec_copies(fd C.int64_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	return result(core.CloexecCopies(int(fd)))
}

//export gsgo_stdin_lend
func gsgo_stdin_lend(fd C.int64_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	return code(core.LendStdin(int(fd)))
}

//export gsgo_stdin_restore
func gsgo_stdin_restore() (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	return code(core.RestoreStdin())
}
