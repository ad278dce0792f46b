package main

/*
#include "types.h"
*/
import "C"

import (
	"encoding/json"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"

	core "gostream/go-src"
)

//export gsgo_enable_crypto
func gsgo_enable_crypto(h C.int64_t, enable C.int64_t, method C.int64_t, opts *C.gs_cchar, optslen C.size_t, errbuf *C.char, errlen C.size_t) (ret C.int64_t) {
	defer guard(&ret, errbuf, errlen)
	o, err := core.ParseOptions(bytesOf(unsafe.Pointer(opts), optslen))
	if err != nil {
		return fail(err, errbuf, errlen)
	}
	r, err := core.EnableCrypto(int64(h), enable != 0, int64(method), o)
	if err != nil {
		return fail(err, errbuf, errlen)
	}
	return C.int64_t(r)
}

//export gsgo_crypto_info
func gsgo_crypto_info(h C.int64_t, buf *C.char, buflen C.size_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	info, ok, err := core.Crypto(int64(h))
	if err != nil {
		return code(err)
	}
	if !ok {
		writeText(buf, buflen, "")
		return 0
	}
	js, _ := json.Marshal(info)
	writeText(buf, buflen, string(js))
	return C.int64_t(len(js))
}

//export gsgo_peer_cert
func gsgo_peer_cert(h C.int64_t, buf *C.char, buflen C.size_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	pemText, err := core.PeerCertificate(int64(h))
	if err != nil {
		return code(err)
	}
	writeText(buf, buflen, pemText)
	return C.int64_t(len(pemText))
}

// clientPeerCerts holds, per calling thread, the certificate its last
// gs_client kept from a failed handshake: that call left no handle to ask.
// A C caller's thread runs the Go side of its call, so the thread id
// names the caller.
var clientPeerCerts = struct {
	sync.Mutex
	byThread map[int]string
}{byThread: map[int]string{}}

func keepClientPeerCert(pemText string) {
	tid := unix.Gettid()
	clientPeerCerts.Lock()
	defer clientPeerCerts.Unlock()
	if pemText == "" {
		delete(clientPeerCerts.byThread, tid)
	} else {
		clientPeerCerts.byThread[tid] = pemText
	}
}

//export gsgo_client_peer_cert
func gsgo_client_peer_cert(buf *C.char, buflen C.size_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	clientPeerCerts.Lock()
	pemText := clientPeerCerts.byThread[unix.Gettid()]
	clientPeerCerts.Unlock()
	writeText(buf, buflen, pemText)
	return C.int64_t(len(pemText))
}

//export gsgo_flush_all
func gsgo_flush_all(timeoutUs C.int64_t) (ret C.int64_t) {
	defer guard(&ret, nil, 0)
	return C.int64_t(core.FlushAll(duration(timeoutUs)))
}
