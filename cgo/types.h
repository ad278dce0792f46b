// C types shared by the cgo preambles. Go cannot say "const"; these
// typedefs let the generated header declare const pointers exactly as
// include/gostream.h does, so the two can be compiled together.
#ifndef GS_CGO_TYPES_H
#define GS_CGO_TYPES_H
#include <stddef.h>
#include <stdint.h>
typedef const char gs_cchar;
typedef const void gs_cvoid;
// Completed by include/gostream.h, which this file cannot include (its
// enums would be defined twice in exports.c); select_args.go reads it.
struct gs_select_args;
typedef const struct gs_select_args gs_cselect_args;
#endif
