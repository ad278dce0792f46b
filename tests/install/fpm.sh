#!/usr/bin/env bash
# php-fpm, for real: a worker that uses gostream loads it itself; with
# ffi.preload or opcache.preload loading gostream in the master, the worker
# uses it too (loading, and creating sockets, do not start Go); when the
# preloaded code starts Go (a write), the worker gets a LibraryException
# naming the setting and the fix (it said "ABI version -1004 ... Rebuild
# the library" before); with FPM's default
# ffi.enable=preload it is told to set ffi.enable=true. Needs php8.2-fpm
# and cgi-fcgi (libfcgi-bin); the opcache case runs FPM as nobody (as root,
# opcache preloads in a separate process), so it needs root.
set -uo pipefail
suite=fpm
. "$(dirname "$0")/lib.sh"
unset GOSTREAM_LIB
fpm=$(command -v php-fpm8.2 || command -v php-fpm || true)
if [ -z "$fpm" ] || ! command -v cgi-fcgi >/dev/null; then
	echo "$suite: php-fpm or cgi-fcgi missing (php8.2-fpm, libfcgi-bin)" >&2
	fail=1
	summary
	exit 1
fi
run=$tmp/run
mkdir -p "$run"
chmod 755 "$tmp"
chmod 777 "$run"
# The opcache case runs FPM as nobody, who must read the package: a checkout
# may sit in a directory only root can enter (mktemp -d makes 0700 ones).
pkg=$tmp/pkg
fresh_copy "$pkg"
mkdir -p "$pkg/build"
cp "$root/build/libgostream.so" "$pkg/build/"
chmod -R a+rX "$pkg"
cat >"$run/fpm.conf" <<EOF_CONF
[global]
pid = $run/fpm.pid
error_log = $run/error.log
daemonize = no
[www]
listen = $run/fpm.sock
listen.mode = 0666
pm = static
pm.max_children = 1
EOF_CONF
cat >"$run/app.php" <<EOF_PHP
<?php
require '$pkg/php-ext/gostream.php';
try {
    GoStream\stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    echo "loaded\n";
} catch (GoStream\LibraryException \$e) {
    echo \$e->getMessage(), "\n";
}
EOF_PHP
# PHP's own stream_select and socket_import_stream on gostream streams: FPM
# refuses php://fd, so the shim lends descriptor 0 (issue 9).
cat >"$run/first_class.php" <<EOF_PHP
<?php
require '$pkg/php-ext/gostream.php';
\$stdin = @readlink('/proc/self/fd/0');
[\$a, \$b] = GoStream\\stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
fwrite(\$b, 'x');
\$r = [\$a];
\$w = \$e = null;
echo 'select ', stream_select(\$r, \$w, \$e, 2), "\n";
echo 'import ', socket_import_stream(\$a) instanceof Socket ? 'a socket' : 'failed', "\n";
echo 'stdin ', @readlink('/proc/self/fd/0') === \$stdin ? 'kept' : 'changed', "\n";
EOF_PHP
printf '<?php\nrequire %s;\nGoStream\\stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);\n' "'$pkg/php-ext/gostream.php'" >"$run/preload.php"
printf '<?php\nrequire %s;\n$p = GoStream\\stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);\nGoStream\\fwrite($p[0], "x");\n' "'$pkg/php-ext/gostream.php'" >"$run/preload-io.php"
printf '#define FFI_LIB "%s"\nint64_t gs_abi_version(void);\n' "$pkg/build/libgostream.so" >"$run/gostream.h"
chmod 644 "$run"/*

# request OUT [runuser args --] fpm ini options...: starts php-fpm with only
# the FFI and opcache extensions and these options, sends one request for
# $app (app.php unless set), stops it. The answer's body goes to OUT.
request() {
	local out=$1 as=()
	shift
	if [ "$1" = as ]; then as=(runuser -u "$2" --); shift 2; fi
	rm -f "$run/fpm.sock" "$run/fpm.pid" "$run/error.log"
	"${as[@]}" "$fpm" -n -d extension=ffi -d zend_extension=opcache "$@" -y "$run/fpm.conf" -R >"$run/fpm.out" 2>&1 &
	local pid=$! i
	# Up to 30 s: a master that preloads starts Go first, slow on a loaded machine.
	for i in $(seq 1 600); do [ -S "$run/fpm.sock" ] && break; sleep 0.05; done
	[ -S "$run/fpm.sock" ] || { echo "$suite: php-fpm did not listen within 30 s:" >&2; cat "$run/fpm.out" "$run/error.log" >&2 2>/dev/null; }
	SCRIPT_FILENAME=$run/${app:-app.php} REQUEST_METHOD=GET timeout 20 cgi-fcgi -bind -connect "$run/fpm.sock" >"$out.raw" 2>&1
	sed '1,/^\r\{0,1\}$/d' "$out.raw" >"$out"
	kill "$(cat "$run/fpm.pid" 2>/dev/null || echo "$pid")" 2>/dev/null
	for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

request "$tmp/plain" -d ffi.enable=true
check "a worker loads gostream itself" contains "loaded" "$tmp/plain"
app=first_class.php request "$tmp/first_class" -d ffi.enable=true -d extension=sockets
check "PHP's own stream_select takes a gostream stream" contains "select 1" "$tmp/first_class"
check "socket_import_stream takes a gostream stream" contains "import a socket" "$tmp/first_class"
check "standard input is put back after the lend" contains "stdin kept" "$tmp/first_class"
request "$tmp/ffi" -d ffi.enable=true -d ffi.preload="$run/gostream.h"
check "ffi.preload: the worker uses gostream (loading does not start Go)" contains "loaded" "$tmp/ffi"
request "$tmp/default" -d ffi.enable=preload
check "ffi.enable=preload: set ffi.enable=true" contains "gostream: ffi.enable=preload allows FFI only in preloaded code under fpm-fcgi. Set ffi.enable=true" "$tmp/default"
if [ "$(id -u)" = 0 ]; then
	request "$tmp/opcache" as nobody -d ffi.enable=true -d opcache.enable=1 -d opcache.preload="$run/preload.php"
	check "opcache.preload creating a pair: the worker uses gostream" contains "loaded" "$tmp/opcache"
	request "$tmp/opcache-io" as nobody -d ffi.enable=true -d opcache.enable=1 -d opcache.preload="$run/preload-io.php"
	check "opcache.preload that writes: the worker is told what happened" contains "gostream: $pkg/build/libgostream.so started Go before this process was forked from its parent (in the php-fpm master, before it forked this worker): opcache.preload runs $run/preload-io.php, which names gostream." "$tmp/opcache-io"
	check "opcache.preload that writes: ... and what to do" contains "make no such call in opcache.preload or before pcntl_fork(), or remove gostream from ffi.preload and opcache.preload, set ffi.enable=true" "$tmp/opcache-io"
fi
summary
