package main

/*
#include <stddef.h>
#include <stdint.h>
#include "types.h"
#include "gostream.h"
*/
import "C"

import "unsafe"

// selectFetchArgs unpacks a struct gs_select_args for selectFetch. It
// lives apart from the exports because it needs the struct's fields from
// include/gostream.h, which a file with exports cannot include (see abi.go);
// the export passes the pointer as it came.
func selectFetchArgs(p unsafe.Pointer) C.int64_t {
	a := (*C.struct_gs_select_args)(p)
	return selectFetch((*C.gs_cvoid)(a.handles), (*C.gs_cchar)(unsafe.Pointer(a.want)), a.n, a.timeout_us,
		a.ready, a.data, a.datalen, a.lens)
}
