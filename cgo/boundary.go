package main

/*
#include "types.h"
#include "fork.h"
*/
import "C"

import (
	"fmt"
	"math"
	"time"
	"unsafe"

	core "gostream/go-src"
)

// guard ends every export: a panic becomes GS_EPANIC with its text in the
// caller's error buffer instead of aborting the host process.
func guard(ret *C.int64_t, errbuf *C.char, errlen C.size_t) {
	if r := recover(); r != nil {
		*ret = C.int64_t(core.CodePanic)
		writeText(errbuf, errlen, fmt.Sprintf("gostream: internal error: %v", r))
	}
}

// code is err's C code (0 for nil).
func code(err error) C.int64_t { return C.int64_t(core.CodeOf(err)) }

// result is what a call returning a count and an error returns to C: the
// count, or the error's code.
func result(n int, err error) C.int64_t {
	if err != nil {
		return code(err)
	}
	return C.int64_t(n)
}

// fail writes err's message and returns its code.
func fail(err error, errbuf *C.char, errlen C.size_t) C.int64_t {
	writeText(errbuf, errlen, err.Error())
	return code(err)
}

// writeText copies s into a caller-owned buffer, NUL-terminated and cut
// to fit; a NULL or empty buffer is skipped.
func writeText(buf *C.char, n C.size_t, s string) {
	if buf == nil || n == 0 {
		return
	}
	dst := unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(n))
	k := copy(dst[:len(dst)-1], s)
	dst[k] = 0
}

// bytesOf views caller memory without copying; valid during the call only.
func bytesOf(p unsafe.Pointer, n C.size_t) []byte {
	if p == nil || n == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(p), int(n))
}

// stringOf copies caller text into a Go string the core may keep.
func stringOf(p *C.gs_cchar, n C.size_t) string {
	return string(bytesOf(unsafe.Pointer(p), n))
}

// duration converts microseconds; negative, or too large for a
// time.Duration, means forever.
func duration(us C.int64_t) time.Duration {
	if us < 0 || us > math.MaxInt64/1000 {
		return -1
	}
	return time.Duration(us) * time.Microsecond
}

func fixOnstack() int { return int(C.gs_fix_onstack()) }

// badBuffer is a NULL pointer with a non-zero length: GS_EARG, where a
// read of nothing would look like the end of the stream.
func badBuffer(p unsafe.Pointer, n C.size_t) bool { return p == nil && n > 0 }

var errBadBuffer = &core.Error{Code: core.CodeArg, Msg: "gostream: NULL buffer with a non-zero length"}
