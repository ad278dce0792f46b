#!/usr/bin/env bash
# run.sh [conns] - many-connection echo test ("10,000 concurrent connections
# in one PHP process"): starts an echo server, runs the Go driver
# (main.go) against it with `conns` connections held open at once, and
# prints a PASS/FAIL line and "manyconn: N passed, M failed".
#
# GOSTREAM_MANYCONN_SERVER selects the server:
#   php     (default) server.php on gostream (php-ext/gostream.php)
#   native  server.php on PHP's own functions: fails past ~1017 clients
#           (stream_select and FD_SETSIZE) - the baseline this project fixes
#   c       cserver/echo_server.c on libgostream, no PHP
#   amp     ../amp/server.php, an unmodified Amp v2 server (php-amphp-amp),
#           in whole-process mode (php-ext/bin/gostream-php)
#   amp-native  the same on plain php: Amp's stream_select loop dies past
#           FD_SETSIZE
# MANYCONN_ROUNDS (5), MANYCONN_SIZE (64), MANYCONN_TIMEOUT (seconds, 180).
# Server and driver are separate processes; each needs conns + ~100
# descriptors, so the hard RLIMIT_NOFILE must allow that.
set -uo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
conns=${1:-1000}
mode=${GOSTREAM_MANYCONN_SERVER:-php}
rounds=${MANYCONN_ROUNDS:-5}
size=${MANYCONN_SIZE:-64}
limit=${MANYCONN_TIMEOUT:-180}
OUT=$ROOT/build/tests/manyconn
mkdir -p "$OUT"

finish() { # verdict message
	if [ "$1" = PASS ]; then
		echo "manyconn PASS: $2"
		echo "manyconn: 1 passed, 0 failed"
		exit 0
	fi
	echo "manyconn FAIL: $2"
	echo "manyconn: 0 passed, 1 failed"
	exit 1
}

need=$((conns + 100))
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt "$need" ]; then
	finish FAIL "the hard descriptor limit $hard is below the $need each process needs for $conns connections"
fi
ulimit -n "$hard" 2>/dev/null || ulimit -n "$need" || finish FAIL "cannot raise ulimit -n"

if [ ! -f build/libgostream.so ] && [ "$mode" != native ]; then
	./build.sh build >/dev/null || finish FAIL "library build failed"
fi
go build -o "$OUT/driver" ./tests/integration/manyconn || finish FAIL "driver build failed"
port=$("$OUT/driver" -freeport) || finish FAIL "no free port"

case $mode in
php)
	[ -f php-ext/gostream.php ] || finish FAIL "php-ext/gostream.php does not exist yet"
	server=(php -d display_errors=stderr -d error_reporting=-1 tests/integration/manyconn/server.php "$port" "$limit")
	;;
native)
	server=(env GOSTREAM_NATIVE=1 php -d display_errors=stderr -d error_reporting=-1 tests/integration/manyconn/server.php "$port" "$limit")
	;;
c)
	gcc -Wall -Werror -std=gnu11 -O2 -I include -o "$OUT/echo_server" tests/integration/manyconn/cserver/echo_server.c \
		-L build -lgostream -lpthread -Wl,-rpath,"$ROOT/build" || finish FAIL "echo_server build failed"
	server=("$OUT/echo_server" "tcp://127.0.0.1:$port" "$limit")
	;;
amp | amp-native)
	[ -f /usr/share/php/Amp/autoload.php ] || finish FAIL "php-amphp-amp is not installed (./build.sh test installs it)"
	server=(php -d display_errors=stderr -d error_reporting=-1 tests/integration/amp/server.php "$port" "$limit")
	[ "$mode" = amp ] && server[0]=php-ext/bin/gostream-php
	;;
*)
	finish FAIL "unknown GOSTREAM_MANYCONN_SERVER=$mode (php, native, c, amp or amp-native)"
	;;
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
if ! grep -q "^listening on" "$log"; then
	cat "$log" "$errlog" >&2
	finish FAIL "$mode server did not start"
fi

echo "== $mode server on 127.0.0.1:$port, $conns connections x $rounds rounds x $size bytes"
json=$(timeout -k 5 $((limit + 30)) "$OUT/driver" -addr "127.0.0.1:$port" -conns "$conns" \
	-rounds "$rounds" -size "$size" -timeout "${limit}s")
rc=$?
echo "$json"
alive=yes
kill -0 "$spid" 2>/dev/null || alive=no
stop_server
trap - EXIT
echo "-- server stderr (last lines):"
tail -n 5 "$errlog"

field() { sed -nE "s/.*\"$1\":([0-9.]+).*/\1/p" <<<"$json"; }
summary="server=$mode conns=$conns ok=$(field ok) failed=$(field failed) bytes=$(field bytes) seconds=$(field seconds) (dial $(field dial_seconds) s, echo $(field echo_seconds) s)"
if [ "$rc" -eq 0 ] && [ "$(field ok)" = "$conns" ] && [ "$alive" = yes ]; then
	finish PASS "$summary"
fi
[ "$alive" = yes ] || summary="$summary; the server died during the run"
finish FAIL "$summary"
