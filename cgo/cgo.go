// Command cgo is libgostream.so's C boundary: every gs_* export converts C
// types, recovers panics and maps errors, and nothing else. The API and its
// ownership rules are documented in include/gostream.h.
package main

/*
#cgo CFLAGS: -Wall -Werror -O2
#cgo LDFLAGS: -lpthread
*/
import "C"

func main() {}
