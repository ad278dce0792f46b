#!/usr/bin/env bash
# A PHP user's install: `composer validate --strict`; the project (a fresh
# clone's files) as a Composer path repository with Packagist disabled,
# installed into a scratch application; `vendor/bin/gostream build` builds
# the library inside vendor/; a server run from vendor/ answers a native
# PHP client with no GOSTREAM_LIB. Also the build command's messages when Go
# is missing or too old. Needs composer, Go, gcc.
set -uo pipefail
suite=composer
. "$(dirname "$0")/lib.sh"
unset GOSTREAM_LIB
export COMPOSER_HOME=$tmp/composer-home COMPOSER_NO_INTERACTION=1 COMPOSER_ALLOW_SUPERUSER=1

fresh_copy "$tmp/gostream"
check "composer validate --strict" composer validate --strict -d "$tmp/gostream"

mkdir -p "$tmp/app"
cat >"$tmp/app/composer.json" <<JSON
{
    "repositories": [
        {"type": "path", "url": "$tmp/gostream", "options": {"symlink": false}},
        {"packagist.org": false}
    ],
    "require": {"gostream/gostream": "*@dev"}
}
JSON
cat >"$tmp/app/server.php" <<'PHP'
<?php
require __DIR__ . '/vendor/autoload.php';
use function GoStream\{stream_socket_server, stream_socket_accept, stream_socket_get_name, fgets, fwrite, fclose};

$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
file_put_contents(__DIR__ . '/address', stream_socket_get_name($server, false));
$conn = stream_socket_accept($server, 20);
fwrite($conn, 'echo ' . fgets($conn));
fclose($conn);
echo GoStream\LibraryPath::library(), "\n";
PHP
app=$tmp/app
pkg=$app/vendor/gostream/gostream
check "composer install from a path repository" composer install -d "$app" --no-progress -q
check "vendor/bin/gostream is installed" test -x "$app/vendor/bin/gostream"
check "the package comes without a library" test ! -e "$pkg/build/libgostream.so"
if [ ! -e /usr/local/lib/libgostream.so.1 ] && [ ! -e /usr/lib/libgostream.so.1 ]; then
	php "$app/server.php" >"$tmp/unbuilt.out" 2>&1
	check "before the build, the shim says where it looked and what to run" contains \
		"gostream: libgostream.so not found in $pkg/build/libgostream.so, /usr/local/lib/libgostream.so.1, /usr/lib/libgostream.so.1. Build it with \`vendor/bin/gostream build\` (Composer)" "$tmp/unbuilt.out"
else
	echo "$suite: note: a system-wide install exists; the not-found message is not checked" >&2
fi
"$app/vendor/bin/gostream" build >"$tmp/build.out" 2>&1
check "vendor/bin/gostream build" contains "gostream build: built $pkg/build/libgostream.so" "$tmp/build.out"

timeout 30 php "$app/server.php" >"$tmp/server.out" 2>&1 &
server=$!
for _ in $(seq 1 200); do [ -s "$app/address" ] && break; sleep 0.05; done
reply=$(php -r '$c = stream_socket_client("tcp://" . $argv[1], $e, $s, 5); stream_set_timeout($c, 5);
    fwrite($c, "hello\n"); echo fgets($c);' "$(cat "$app/address" 2>/dev/null)")
wait "$server"
check "a server run from vendor/ answers" test "$reply" = "echo hello"
check "it loaded the library built in vendor/" contains "$pkg/build/libgostream.so" "$tmp/server.out"

# Setup mistakes explain themselves: no Go, an old Go.
need=$(sed -nE 's/^go ([0-9.]+)$/\1/p' "$root/go.mod")
mkdir -p "$tmp/nogo" "$tmp/oldgo"
ln -s "$(command -v php)" "$tmp/nogo/php"
ln -s "$(command -v php)" "$tmp/oldgo/php"
printf '#!/bin/sh\necho go1.20.14\n' >"$tmp/oldgo/go"
chmod +x "$tmp/oldgo/go"
PATH=$tmp/nogo "$app/vendor/bin/gostream" build >"$tmp/nogo.out" 2>&1
check "build without Go fails (exit 1)" test $? -eq 1
check "build without Go says so" contains "gostream build: Go not found in PATH: the library is built with Go $need or newer; install it from https://go.dev/dl/" "$tmp/nogo.out"
PATH=$tmp/oldgo "$app/vendor/bin/gostream" build >"$tmp/oldgo.out" 2>&1
check "build with Go 1.20 fails (exit 1)" test $? -eq 1
check "build with Go 1.20 says it is too old" contains "gostream build: Go 1.20.14 is too old: the library needs Go $need or newer (go.mod)" "$tmp/oldgo.out"
summary
