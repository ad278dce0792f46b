#!/usr/bin/env bash
# check_exports.sh - the C API contract against the built library:
#  1. the gs_* functions declared in include/gostream.h and the gs_*
#     functions exported by build/libgostream.so (nm -D --defined-only) must
#     be the same set, both ways;
#  2. the one list of exports (the X-macro in cgo/exports.h, from which
#     cgo/exports.c defines them) and the header's declarations must name
#     the same functions, and every Go export gsgo_* must be on the list;
#  3. cgo/gostream.h must be a link to include/gostream.h: Go's build cache
#     hashes only files in the package directory, so the cgo code includes
#     the header through it, and a header edit rebuilds (and re-checks) it;
#  4. tests/c/header_check.c, which includes both the hand-kept header and
#     the one cgo generates, must compile with -Wall -Werror.
# (Types are checked when cgo/ compiles: exports.c asserts that each gs_*
# prototype in the header and its gsgo_* twin have the same type.)
# Prints "check-exports: N passed, M failed"; exits non-zero on a failure.
# GS_EXPORTS_ALLOW="name ..." tolerates extra exported names (a temporary
# escape hatch; the default tolerates none).
set -uo pipefail
cd "$(dirname "$0")/../.."

LIB=${LIB:-build/libgostream.so}
HDR=include/gostream.h
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "check-exports: FAIL: $*" >&2
}

if [ ! -f "$LIB" ]; then
	bad "$LIB not built (./build.sh build)"
	echo "check-exports: $pass passed, $fail failed"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Declared: strip comments with the preprocessor, then take "gs_name(".
gcc -fpreprocessed -dD -E -P -x c "$HDR" 2>/dev/null |
	grep -oE '\bgs_[A-Za-z0-9_]+[[:space:]]*\(' | sed -E 's/[[:space:]]*\($//' |
	sort -u >"$tmp/declared"
# Exported functions (T) and other gs_ symbols (data).
nm -D --defined-only "$LIB" | awk '$2 == "T" && $3 ~ /^gs_/ {print $3}' | sort -u >"$tmp/exported"
nm -D --defined-only "$LIB" | awk '$2 != "T" && $3 ~ /^gs_/ {print $3 " (" $2 ")"}' | sort -u >"$tmp/data"

if [ ! -s "$tmp/declared" ]; then
	bad "no gs_ functions found in $HDR"
fi

missing=$(comm -23 "$tmp/declared" "$tmp/exported")
extra=$(comm -13 "$tmp/declared" "$tmp/exported")
for name in ${GS_EXPORTS_ALLOW:-}; do
	extra=$(grep -vx "$name" <<<"$extra" || true)
done

if [ -n "$missing" ]; then
	bad "declared in $HDR but not exported by $LIB: $(tr '\n' ' ' <<<"$missing")"
else
	ok
fi
if [ -n "$extra" ]; then
	bad "exported by $LIB but not declared in $HDR: $(tr '\n' ' ' <<<"$extra")(hide internal C helpers with __attribute__((visibility(\"hidden\"))))"
else
	ok
fi
if [ -s "$tmp/data" ]; then
	echo "check-exports: note: non-function gs_ symbols exported: $(tr '\n' ' ' <<<"$(cat "$tmp/data")")" >&2
fi
echo "check-exports: $(wc -l <"$tmp/declared") declared, $(wc -l <"$tmp/exported") exported"

# The one list against the header, by name both ways, and against Go.
printf '#include "cgo/exports.h"\n#define X(name, before, params, args, errbuf) GS_NAME name\nGS_EXPORTS(X)\n' |
	gcc -E -P -x c - | tr ' ' '\n' | grep -A1 -x GS_NAME | grep -vxE 'GS_NAME|--' |
	sed 's/^/gs_/' | sort -u >"$tmp/listed"
if [ ! -s "$tmp/listed" ]; then
	bad "no functions listed in cgo/exports.h"
elif [ -n "$(comm -3 "$tmp/listed" "$tmp/declared")" ]; then
	bad "cgo/exports.h and $HDR differ: listed only: $(comm -23 "$tmp/listed" "$tmp/declared" | tr '\n' ' ')declared only: $(comm -13 "$tmp/listed" "$tmp/declared" | tr '\n' ' ')"
else
	ok
fi
nm --defined-only "$LIB" | awk 'toupper($2) == "T" && $3 ~ /^gsgo_/ {sub(/^gsgo_/, "gs_", $3); print $3}' | sort -u >"$tmp/go"
if [ -n "$(comm -13 "$tmp/listed" "$tmp/go")" ]; then
	bad "Go exports a function cgo/exports.h does not list: $(comm -13 "$tmp/listed" "$tmp/go" | sed 's/^gs_/gsgo_/' | tr '\n' ' ')"
else
	ok
fi
# A copy that dereferenced the link (Composer's path mirror, an archive)
# is as good while it is the same text.
if [ "$(readlink -f cgo/gostream.h)" = "$(readlink -f "$HDR")" ] || cmp -s cgo/gostream.h "$HDR"; then
	ok
else
	bad "cgo/gostream.h is neither a link to $HDR nor the same text (ln -sf ../include/gostream.h cgo/gostream.h)"
fi

# The hand-kept header and cgo's must agree on every prototype.
gen_dir=$(dirname "$LIB")
if [ ! -f "$gen_dir/libgostream.h" ]; then
	bad "$gen_dir/libgostream.h (cgo's generated header) is missing"
elif gcc -Wall -Werror -std=gnu11 -Iinclude -I"$gen_dir" -Icgo -c tests/c/header_check.c -o "$tmp/header_check.o"; then
	ok
else
	bad "tests/c/header_check.c does not compile: include/gostream.h and $gen_dir/libgostream.h disagree"
fi

echo "check-exports: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
