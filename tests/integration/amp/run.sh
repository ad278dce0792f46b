#!/usr/bin/env bash
# run.sh [conns] - an unmodified Amp v2 echo server (server.php, Debian's
# php-amphp-amp) in whole-process mode (php-ext/bin/gostream-php) against
# manyconn's Go driver with `conns` connections (default 1500) held open at
# once; prints a PASS/FAIL line and "amp: N passed, M failed".
# AMP_SERVER=native runs the same server on plain php: Amp's stream_select
# loop fails past FD_SETSIZE (about 1017 clients), the baseline.
set -uo pipefail
cd "$(dirname "$0")/../../.."
conns=${1:-1500}
mode=${AMP_SERVER:-whole}
limit=${AMP_TIMEOUT:-120}
OUT=$PWD/build/tests/amp
mkdir -p "$OUT"

finish() { # verdict message
	echo "amp $1: $2"
	[ "$1" = PASS ] && { echo "amp: 1 passed, 0 failed"; exit 0; }
	echo "amp: 0 passed, 1 failed"
	exit 1
}

[ -f /usr/share/php/Amp/autoload.php ] || finish FAIL "php-amphp-amp is not installed (./build.sh test installs it)"
need=$((conns + 100))
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt "$need" ]; then
	finish FAIL "the hard descriptor limit $hard is below the $need each process needs for $conns connections"
fi
ulimit -n "$hard" 2>/dev/null || ulimit -n "$need" || finish FAIL "cannot raise ulimit -n"
go build -o "$OUT/driver" ./tests/integration/manyconn || finish FAIL "driver build failed"
port=$("$OUT/driver" -freeport) || finish FAIL "no free port"

case $mode in
whole) server=(php-ext/bin/gostream-php -d display_errors=stderr tests/integration/amp/server.php "$port" "$limit") ;;
native) server=(php -d display_errors=stderr tests/integration/amp/server.php "$port" "$limit") ;;
*) finish FAIL "unknown AMP_SERVER=$mode (whole or native)" ;;
esac
log=$OUT/server-$mode.out
errlog=$OUT/server-$mode.err
"${server[@]}" >"$log" 2>"$errlog" &
spid=$!
stop_server() {
	kill -TERM "$spid" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$spid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
}
trap stop_server EXIT
for _ in $(seq 150); do
	grep -q "^listening on" "$log" 2>/dev/null && break
	kill -0 "$spid" 2>/dev/null || break
	sleep 0.1
done
grep -q "^listening on" "$log" || { cat "$log" "$errlog" >&2; finish FAIL "$mode server did not start"; }

echo "== Amp v2 $mode server on 127.0.0.1:$port, $conns connections"
json=$(timeout -k 5 $((limit + 30)) "$OUT/driver" -addr "127.0.0.1:$port" -conns "$conns" -timeout "${limit}s")
rc=$?
echo "$json"
alive=yes
kill -0 "$spid" 2>/dev/null || alive=no
stop_server
trap - EXIT
echo "-- server stderr (last lines):"
tail -n 5 "$errlog"
field() { sed -nE "s/.*\"$1\":([0-9.]+).*/\1/p" <<<"$json"; }
summary="server=$mode conns=$conns ok=$(field ok) failed=$(field failed) seconds=$(field seconds)"
[ "$rc" -eq 0 ] && [ "$(field ok)" = "$conns" ] && [ "$alive" = yes ] && finish PASS "$summary"
[ "$alive" = yes ] || summary="$summary; the server died during the run"
finish FAIL "$summary"
