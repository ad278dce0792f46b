#!/usr/bin/env bash
# The install suite: how PHP and C users take gostream in (Composer path
# repository, ./build.sh install + pkg-config), `gostream doctor`, and
# php-fpm with preloading. Needs a built library (./build.sh), composer,
# pkg-config, Go, gcc, php8.2-fpm and cgi-fcgi. Ends with
#   install: N passed, M failed
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 0 ] && set -- composer pkgconfig doctor fpm
out=$(mktemp)
rc=0
for t in "$@"; do
	bash "$here/$t.sh" 2>&1 | tee -a "$out" || rc=1
done
awk '/^[a-z]+: [0-9]+ passed, [0-9]+ failed$/ { p += $2; f += $4 }
     END { printf "install: %d passed, %d failed\n", p, f }' "$out"
rm -f "$out"
exit $rc
