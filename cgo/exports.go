package main

/*
#include "types.h"
*/
import "C"

import (
	"unsafe"

	core "gostream/go-src"
)

//export gsgo_abi_version
func gsgo_abi_version() C.int64_t { return abiVersion }

//export gsgo_strerror
func gsgo_strerror(code C.int64_t, buf *C.char, buflen C.size_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	s := core.CodeText(core.Code(code))
	writeText(buf, buflen, s)
	return C.int64_t(len(s))
}

//export gsgo_server
func gsgo_server(addr *C.gs_cchar, addrlen C.size_t, flags C.int64_t, opts *C.gs_cchar, optslen C.size_t, errbuf *C.char, errlen C.size_t) (ret C.int64_t) {
	defer guard(&ret, errbuf, errlen)
	o, err := core.ParseOptions(bytesOf(unsafe.Pointer(opts), optslen))
	if err != nil {
		return fail(err, errbuf, errlen)
	}
	h, err := core.Listen(stringOf(addr, addrlen), int(flags), o)
	if err != nil {
		return fail(err, errbuf, errlen)
	}
	return C.int64_t(h)
}

//export gsgo_client
func gsgo_client(addr *C.gs_cchar, addrlen C.size_t, flags C.int64_t, timeoutUs C.int64_t, opts *C.gs_cchar, optslen C.size_t, errbuf *C.char, errlen C.size_t) (ret C.int64_t) {
	defer guard(&ret, errbuf, errlen)
	o, err := core.ParseOptions(bytesOf(unsafe.Pointer(opts), optslen))
	var h int64
	if err == nil {
		h, err = core.Dial(stringOf(addr, addrlen), int(flags), duration(timeoutUs), o)
	}
	keepClientPeerCert(core.FailedPeerCertificate(err))
	if err != nil {
		return fail(err, errbuf, errlen)
	}
	return C.int64_t(h)
}

//export gsgo_accept
func gsgo_accept(h C.int64_t, timeoutUs C.int64_t, peer *C.char, peerlen C.size_t, errbuf *C.char, errlen C.size_t) (ret C.int64_t) {
	defer guard(&ret, errbuf, errlen)
	c, name, err := core.Accept(int64(h), duration(timeoutUs))
	if err != nil {
		return fail(err, errbuf, errlen)
	}
	writeText(peer, peerlen, name)
	return C.int64_t(c)
}

//export gsgo_close
func gsgo_close(h C.int64_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	return code(core.Close(int64(h)))
}

//export gsgo_read
func gsgo_read(h C.int64_t, buf *C.char, n C.size_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	if badBuffer(unsafe.Pointer(buf), n) {
		return C.int64_t(core.CodeArg)
	}
	return result(core.Read(int64(h), bytesOf(unsafe.Pointer(buf), n)))
}

//export gsgo_read_line
func gsgo_read_line(h C.int64_t, buf *C.char, n C.size_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	if badBuffer(unsafe.Pointer(buf), n) {
		return C.int64_t(core.CodeArg)
	}
	return result(core.ReadLine(int64(h), bytesOf(unsafe.Pointer(buf), n)))
}

//export gsgo_write
func gsgo_write(h C.int64_t, buf *C.gs_cchar, n C.size_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	if badBuffer(unsafe.Pointer(buf), n) {
		return C.int64_t(core.CodeArg)
	}
	return result(core.Write(int64(h), bytesOf(unsafe.Pointer(buf), n)))
}

//export gsgo_recvfrom
func gsgo_recvfrom(h C.int64_t, buf *C.char, n C.size_t, flags C.int64_t, from *C.char, fromlen C.size_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	if badBuffer(unsafe.Pointer(buf), n) {
		return C.int64_t(core.CodeArg)
	}
	got, name, err := core.RecvFrom(int64(h), bytesOf(unsafe.Pointer(buf), n), int(flags))
	if err != nil {
		return code(err)
	}
	writeText(from, fromlen, name)
	return C.int64_t(got)
}

//export gsgo_sendto
func gsgo_sendto(h C.int64_t, buf *C.gs_cchar, n C.size_t, flags C.int64_t, to *C.gs_cchar, tolen C.size_t, errbuf *C.char, errlen C.size_t) (ret C.int64_t) {
	defer guard(&ret, errbuf, errlen)
	if badBuffer(unsafe.Pointer(buf), n) {
		return fail(errBadBuffer, errbuf, errlen)
	}
	put, err := core.SendTo(int64(h), bytesOf(unsafe.Pointer(buf), n), int(flags), stringOf(to, tolen))
	if err != nil {
		return fail(err, errbuf, errlen)
	}
	return C.int64_t(put)
}

//export gsgo_name
func gsgo_name(h C.int64_t, remote C.int64_t, buf *C.char, buflen C.size_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	name, err := core.Name(int64(h), remote != 0)
	if err != nil {
		return code(err)
	}
	writeText(buf, buflen, name)
	return C.int64_t(len(name))
}

//export gsgo_shutdown
func gsgo_shutdown(h C.int64_t, how C.int64_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	return code(core.Shutdown(int64(h), int(how)))
}

//export gsgo_pair
func gsgo_pair(domain, typ, protocol C.int64_t, out *C.int64_t, errbuf *C.char, errlen C.size_t) (ret C.int64_t) {
	defer guard(&ret, errbuf, errlen)
	if out == nil {
		return fail(&core.Error{Op: "gs_pair", Code: core.CodeArg, Msg: "gs_pair: out must hold two handles"}, errbuf, errlen)
	}
	a, b, err := core.Pair(int(domain), int(typ), int(protocol))
	if err != nil {
		return fail(err, errbuf, errlen)
	}
	pair := unsafe.Slice((*int64)(unsafe.Pointer(out)), 2)
	pair[0], pair[1] = a, b
	return 0
}

//export gsgo_set_blocking
func gsgo_set_blocking(h C.int64_t, blocking C.int64_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	return code(core.SetBlocking(int64(h), blocking != 0))
}

//export gsgo_set_timeout
func gsgo_set_timeout(h C.int64_t, timeoutUs C.int64_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	return code(core.SetTimeout(int64(h), duration(timeoutUs)))
}

//export gsgo_info
func gsgo_info(h C.int64_t, out *C.int64_t, n C.size_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	in, err := core.Stat(int64(h))
	if err != nil {
		return code(err)
	}
	var flags int64
	for _, f := range [...]struct {
		on  bool
		bit int64
	}{{in.TimedOut, flagTimedOut}, {in.Blocking, flagBlocking}, {in.EOF, flagEOF}, {in.Listener, flagListener}, {in.TLS, flagTLS}} {
		if f.on {
			flags |= f.bit
		}
	}
	timeout := int64(-1)
	if in.Timeout >= 0 {
		timeout = in.Timeout.Microseconds()
	}
	vals := [infoCount]int64{infoFlags: flags, infoKind: int64(in.Kind), infoUnread: int64(in.Unread), infoTimeout: timeout, infoSentBeforeError: int64(in.SentBeforeError)}
	if out == nil {
		return 0
	}
	k := copy(unsafe.Slice((*int64)(unsafe.Pointer(out)), int(n)), vals[:])
	return C.int64_t(k)
}

//export gsgo_select
func gsgo_select(hs *C.gs_cvoid, want *C.gs_cchar, n C.size_t, timeoutUs C.int64_t, ready *C.uint32_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	if n == 0 {
		return 0
	}
	if hs == nil || want == nil || ready == nil {
		return C.int64_t(core.CodeArg)
	}
	k, err := core.Select(
		unsafe.Slice((*int64)(unsafe.Pointer(hs)), int(n)),
		bytesOf(unsafe.Pointer(want), n),
		duration(timeoutUs),
		unsafe.Slice((*uint32)(unsafe.Pointer(ready)), int(n)))
	if err != nil {
		return code(err)
	}
	return C.int64_t(k)
}

//export gsgo_signals_onstack
func gsgo_signals_onstack() (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	return C.int64_t(fixOnstack())
}

//export gsgo_open_handles
func gsgo_open_handles() C.int64_t { return C.int64_t(core.OpenHandles()) }

//export gsgo_eof
func gsgo_eof(h C.int64_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	eof, err := core.EOF(int64(h))
	if err != nil {
		return code(err)
	}
	if eof {
		return 1
	}
	return 0
}

//export gsgo_select_fetch
func gsgo_select_fetch(hs *C.gs_cvoid, want *C.gs_cchar, n C.size_t, timeoutUs C.int64_t, ready *C.uint32_t, data *C.char, datalen C.size_t, lens *C.uint32_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	return selectFetch(hs, want, n, timeoutUs, ready, data, datalen, lens)
}

//export gsgo_select_fetch_args
func gsgo_select_fetch_args(args *C.gs_cselect_args) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	if args == nil {
		return C.int64_t(core.CodeArg)
	}
	return selectFetchArgs(unsafe.Pointer(args))
}

// selectFetch is gs_select_fetch's body, for both of its forms.
func selectFetch(hs *C.gs_cvoid, want *C.gs_cchar, n C.size_t, timeoutUs C.int64_t, ready *C.uint32_t, data *C.char, datalen C.size_t, lens *C.uint32_t) C.int64_t {
	if n == 0 {
		return 0
	}
	if hs == nil || want == nil || ready == nil || lens == nil || badBuffer(unsafe.Pointer(data), datalen) {
		return C.int64_t(core.CodeArg)
	}
	k, err := core.SelectFetch(
		unsafe.Slice((*int64)(unsafe.Pointer(hs)), int(n)),
		bytesOf(unsafe.Pointer(want), n),
		duration(timeoutUs),
		unsafe.Slice((*uint32)(unsafe.Pointer(ready)), int(n)),
		bytesOf(unsafe.Pointer(data), datalen),
		unsafe.Slice((*uint32)(unsafe.Pointer(lens)), int(n)))
	if err != nil {
		return code(err)
	}
	return C.int64_t(k)
}

//export gsgo_unread
func gsgo_unread(h C.int64_t, buf *C.gs_cchar, n C.size_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	if badBuffer(unsafe.Pointer(buf), n) {
		return C.int64_t(core.CodeArg)
	}
	return code(core.Unread(int64(h), bytesOf(unsafe.Pointer(buf), n)))
}

// Go runs here: front.c answers 0 until it starts.
//
//export gsgo_runtime_started
func gsgo_runtime_started() C.int64_t { return 1 }
