#!/usr/bin/env bash
# A C user's install: ./build.sh install into a scratch prefix, the tests/c
# programs compiled with `cc $(pkg-config --cflags --libs gostream)` and
# nothing else, one run; the installed PHP files find the installed library
# without GOSTREAM_LIB; ./build.sh uninstall removes exactly what install
# put there.
set -uo pipefail
suite=pkgconfig
. "$(dirname "$0")/lib.sh"
unset GOSTREAM_LIB
prefix=$tmp/prefix
mkdir -p "$prefix/lib"
echo keep >"$prefix/lib/not-ours.so"

"$root/build.sh" install "$prefix" >"$tmp/install.out" 2>&1
check "./build.sh install $prefix" test $? -eq 0
check "lib/libgostream.so.1 has soname libgostream.so.1" \
	sh -c "readelf -d '$prefix/lib/libgostream.so.1' | grep -q 'Library soname: \[libgostream.so.1\]'"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# shellcheck disable=SC2046 # word splitting drops pkg-config's trailing space
flags=$(echo $(pkg-config --cflags --libs gostream))
check "pkg-config --cflags --libs gostream" test "$flags" = "-I$prefix/include -L$prefix/lib -lgostream"

for prog in echo_test bad_input_test select_test fork_test prefork_test threads_test tls_test; do
	# shellcheck disable=SC2086 # the flags are words
	check "cc tests/c/$prog.c \$(pkg-config ...)" cc -o "$tmp/$prog" "$root/tests/c/$prog.c" $flags
done
check "echo_test asks for libgostream.so.1" sh -c "readelf -d '$tmp/echo_test' | grep -q 'Shared library: \[libgostream.so.1\]'"
(cd "$tmp" && LD_LIBRARY_PATH=$prefix/lib timeout 60 ./echo_test) >"$tmp/echo.out" 2>&1
check "echo_test runs against the installed library" contains " 0 failed" "$tmp/echo.out"

cat >"$tmp/shim.php" <<'PHP'
<?php
require $argv[1] . '/share/gostream/php-ext/gostream.php';
$p = GoStream\stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
GoStream\fwrite($p[0], "through the installed shim\n");
echo GoStream\fgets($p[1]), GoStream\LibraryPath::library(), "\n";
PHP
php "$tmp/shim.php" "$prefix" >"$tmp/shim.out" 2>&1
check "installed PHP files work" contains "through the installed shim" "$tmp/shim.out"
check "... with the installed library" contains "$prefix/lib/libgostream.so.1" "$tmp/shim.out"

cat >"$tmp/whole.php" <<'PHP'
<?php
$p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
fwrite($p[0], "whole-process mode, installed\n");
echo fgets($p[1]), (new ReflectionFunction('fgets'))->getName(), "\n";
PHP
"$prefix/share/gostream/php-ext/bin/gostream-php" "$tmp/whole.php" >"$tmp/whole.out" 2>&1
check "installed gostream-php runs a program in whole-process mode" contains "whole-process mode, installed
GoStream\fgets" "$tmp/whole.out"

"$root/build.sh" uninstall "$prefix" >"$tmp/uninstall.out" 2>&1
check "./build.sh uninstall $prefix" test $? -eq 0
check "uninstall left only what was there before" test "$(cd "$prefix" && find . -type f -o -type l)" = "./lib/not-ours.so"
"$root/build.sh" uninstall "$prefix" >"$tmp/again.out" 2>&1
check "a second uninstall fails" test $? -eq 1
check "... saying why" contains "nothing to remove" "$tmp/again.out"
summary
