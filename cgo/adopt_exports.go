package main

/*
#include "types.h"
*/
import "C"

import (
	"syscall"
	"unsafe"

	core "gostream/go-src"
)

// Internal entries for front.c (not gs_*, so the version script keeps them
// out of the library's exports): the helper process creates sockets with
// them, and a process where Go starts late adopts those sockets with them.

//export gsint_prepare
func gsint_prepare(addr *C.gs_cchar, addrlen C.size_t, flags C.int64_t, opts *C.gs_cchar, optslen C.size_t, errbuf *C.char, errlen C.size_t) (ret C.int64_t) {
	defer guard(&ret, errbuf, errlen)
	o, err := core.ParseOptions(bytesOf(unsafe.Pointer(opts), optslen))
	if err != nil {
		return fail(err, errbuf, errlen)
	}
	h, err := core.Prepare(stringOf(addr, addrlen), int(flags), o)
	if err != nil {
		return fail(err, errbuf, errlen)
	}
	return C.int64_t(h)
}

//export gsint_descriptor
func gsint_descriptor(h C.int64_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	fd, err := core.HandoverFD(int64(h))
	if err != nil {
		return code(err)
	}
	return C.int64_t(fd)
}

//export gsint_adopt
func gsint_adopt(h C.int64_t, fd C.int64_t, addr *C.gs_cchar, addrlen C.size_t, flags C.int64_t, opts *C.gs_cchar, optslen C.size_t, shared C.int64_t, errbuf *C.char, errlen C.size_t) (ret C.int64_t) {
	defer guard(&ret, errbuf, errlen)
	o, err := core.ParseOptions(bytesOf(unsafe.Pointer(opts), optslen))
	if err == nil {
		err = core.Adopt(int64(h), int(fd), stringOf(addr, addrlen), int(flags), o, shared != 0)
	} else if fd >= 0 {
		syscall.Close(int(fd)) // Adopt closes it on its own errors
	}
	if err != nil {
		return fail(err, errbuf, errlen)
	}
	return 0
}

//export gsint_adopt_pair_end
func gsint_adopt_pair_end(h, fd, domain, typ C.int64_t, errbuf *C.char, errlen C.size_t) (ret C.int64_t) {
	defer guard(&ret, errbuf, errlen)
	if err := core.AdoptPairEnd(int64(h), int(fd), int(domain), int(typ)); err != nil {
		return fail(err, errbuf, errlen)
	}
	return 0
}
