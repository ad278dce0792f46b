package main

/*
#include <stddef.h>
#include <stdint.h>
#include "gostream.h"
*/
import "C"

import core "gostream/go-src"

// The numbers the C API shares are named once, in include/gostream.h. The
// boundary uses the header's names (this file has no exports, so its
// preamble stays out of cgo's generated header, where the enums would be
// defined twice in exports.c). The core knows no C and keeps its own names
// for them: each sameAs line below compiles only while the two agree (a
// constant index outside [0, 1) is a compile error), so the build proves it.
const (
	abiVersion = C.GS_ABI_VERSION

	infoFlags, infoKind, infoUnread = C.GS_INFO_FLAGS, C.GS_INFO_KIND, C.GS_INFO_UNREAD
	infoTimeout, infoCount          = C.GS_INFO_TIMEOUT_US, C.GS_INFO_COUNT
	infoSentBeforeError             = C.GS_INFO_SENT_BEFORE_ERROR
	flagTimedOut, flagBlocking      = C.GS_FLAG_TIMED_OUT, C.GS_FLAG_BLOCKING
	flagEOF, flagListener, flagTLS  = C.GS_FLAG_EOF, C.GS_FLAG_LISTENER, C.GS_FLAG_TLS
)

type sameAs [1]struct{}

var (
	_ = sameAs{}[core.ErrnoLimit-C.GS_ERRNO_LIMIT]
	_ = sameAs{}[core.CodeParse-C.GS_EPARSE]
	_ = sameAs{}[core.CodeTransport-C.GS_ETRANSPORT]
	_ = sameAs{}[core.CodeResolve-C.GS_ERESOLVE]
	_ = sameAs{}[core.CodeForked-C.GS_EFORKED]
	_ = sameAs{}[core.CodePanic-C.GS_EPANIC]
	_ = sameAs{}[core.CodeArg-C.GS_EARG]
	_ = sameAs{}[core.CodeTLS-C.GS_ETLS]

	_ = sameAs{}[core.EvRead-C.GS_READ]
	_ = sameAs{}[core.EvWrite-C.GS_WRITE]
	_ = sameAs{}[core.EvExcept-C.GS_EXCEPT]
	_ = sameAs{}[core.EvBuffered-C.GS_BUFFERED]
	_ = sameAs{}[core.ReadyShift-C.GS_READY_SHIFT]
	_ = sameAs{}[core.ReadyMask-C.GS_READY_MASK]

	_ = sameAs{}[core.FlagBind-C.GS_SERVER_BIND]
	_ = sameAs{}[core.FlagListen-C.GS_SERVER_LISTEN]
	_ = sameAs{}[core.FlagAsyncConnect-C.GS_CLIENT_ASYNC_CONNECT]
	_ = sameAs{}[core.FlagOOB-C.GS_MSG_OOB]
	_ = sameAs{}[core.FlagPeek-C.GS_MSG_PEEK]

	_ = sameAs{}[core.KindNone-C.GS_KIND_NONE]
	_ = sameAs{}[core.KindTCP-C.GS_KIND_TCP]
	_ = sameAs{}[core.KindUDP-C.GS_KIND_UDP]
	_ = sameAs{}[core.KindUnix-C.GS_KIND_UNIX]
	_ = sameAs{}[core.KindUDG-C.GS_KIND_UDG]
	_ = sameAs{}[core.KindPair-C.GS_KIND_PAIR]

	_ = sameAs{}[core.FDSocket-C.GS_FD_SOCKET]
	_ = sameAs{}[core.FDSelect-C.GS_FD_SELECT]
	_ = sameAs{}[core.FDReady-C.GS_FD_READY]
)
