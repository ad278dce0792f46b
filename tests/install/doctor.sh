#!/usr/bin/env bash
# `gostream doctor` (./build.sh doctor, php-ext/bin/gostream doctor): every
# check reports on this machine, exit 0; each setup broken on purpose is a
# FAIL line with its fix and exit 1 (a low ulimit -n is a warning only).
set -uo pipefail
suite=doctor
. "$(dirname "$0")/lib.sh"
unset GOSTREAM_LIB GODEBUG GOMEMLIMIT GOMAXPROCS
doctor=$root/php-ext/bin/gostream

"$root/build.sh" doctor >"$tmp/ok.out" 2>&1
check "./build.sh doctor: exit 0 on this machine" test $? -eq 0
for line in "ok    php " "ok    ffi " "ok    libc          glibc" "ok    go-env " "ok    preload " \
	"ok    library       $root/build/libgostream.so (ABI version 1)" " ulimit -n " \
	"ok    mixed-select  stream_select waits on gostream and PHP's own streams together in one epoll wait" "ok    whole-process available: 27 of PHP's functions become gostream's"; do
	check "reports \"$line\"" contains "$line" "$tmp/ok.out"
done

# broken NAME EXPECTED COMMAND...: the doctor run by COMMAND exits 1 and prints EXPECTED.
broken() {
	local name=$1 expected=$2
	shift 2
	"$@" >"$tmp/broken.out" 2>&1
	check "$name: exit 1" test $? -eq 1
	check "$name: says what to do" contains "$expected" "$tmp/broken.out"
}
broken "GOMEMLIMIT=bogus" "FAIL  go-env        GOMEMLIMIT=bogus is malformed: the Go runtime aborts PHP at load (exit 134). Set a byte count" \
	env GOMEMLIMIT=bogus php "$doctor" doctor
broken "GODEBUG=cgocheck=2" "FAIL  go-env        GODEBUG=cgocheck=2 makes the Go runtime end PHP at load" \
	env GODEBUG=cgocheck=2 php "$doctor" doctor
broken "a missing library" "FAIL  library       gostream: library not found at $tmp/none.so (GOSTREAM_LIB)" \
	env GOSTREAM_LIB="$tmp/none.so" php "$doctor" doctor
broken "ffi.enable=0" "FAIL  ffi           FFI is disabled (ffi.enable=0). Set ffi.enable=true" \
	php -d ffi.enable=0 "$doctor" doctor
check "ffi.enable=0: mixed-select not checked" contains "info  mixed-select  not checked: it needs FFI" "$tmp/broken.out"
check "ffi.enable=0: whole-process mode cannot start" contains "FAIL  whole-process cannot start: gostream whole-process mode needs FFI: FFI is disabled (ffi.enable=0)" "$tmp/broken.out"
"$root/php-ext/bin/gostream-php" "$doctor" doctor >"$tmp/whole.out" 2>&1
check "run in whole-process mode: exit 0" test $? -eq 0
check "run in whole-process mode: says it is on" contains "ok    whole-process on in this configuration: 27 of PHP's functions" "$tmp/whole.out"
printf '#define FFI_LIB "%s"\nint64_t gs_abi_version(void);\n' "$root/build/libgostream.so" >"$tmp/preload.h"
# Preloading no longer starts Go: a warning about preloaded code that would.
php -d ffi.preload="$tmp/preload.h" "$doctor" doctor >"$tmp/preload.out" 2>&1
check "ffi.preload naming gostream: still exit 0" test $? -eq 0
check "ffi.preload naming gostream: a warning with the rule" contains "warn  preload       ffi.preload loads $tmp/preload.h, which names gostream: a Go runtime does not survive fork(), so php-fpm workers (or pcntl_fork() children) cannot use gostream once a call started Go before they were forked" "$tmp/preload.out"

(ulimit -n 1024 && php "$doctor" doctor) >"$tmp/ulimit.out" 2>&1
check "ulimit -n 1024: still exit 0" test $? -eq 0
check "ulimit -n 1024: a warning with the fix" contains "warn  ulimit -n     1024 (hard 1024): one process holds at most about 924 connections; 10,000 need 10100 descriptors: raise the hard limit" "$tmp/ulimit.out"
summary
