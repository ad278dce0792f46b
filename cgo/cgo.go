// Command cgo is libgostream.so's C boundary: every gs_* export converts C
// types, recovers panics and maps errors, and nothing else. The API and its
// ownership rules are documented in include/gostream.h.
//
// Files: exports.h is the one list of exported functions, from which
// exports.c defines the gs_* forwarders (fork check, then Go); exports.go
// and tls_exports.go hold their Go bodies; abi.go takes the shared numbers
// from the header and proves the core's equal; boundary.go converts types
// and recovers panics; fork.c/fork.h work where Go cannot run; exports.map
// keeps all but gs_* out of the dynamic symbol table. gostream.h is a link
// to include/gostream.h, because Go's build cache hashes only files in the
// package directory: through it, a header edit rebuilds and re-checks this
// package.
package main

/*
#cgo CFLAGS: -Wall -Werror -O2
#cgo LDFLAGS: -lpthread
*/
import "C"

func main() {}
