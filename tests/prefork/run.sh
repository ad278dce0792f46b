#!/usr/bin/env bash
# Pre-fork servers end to end (issue 10): a master makes the listener, forks
# workers, and the workers serve real clients over loopback (the Go load
# program client/, every byte checked). Each pattern runs natively (PHP's own
# functions: the reference), through the shim and in whole-process mode
# (php-ext/bin/gostream-php), and the shared-listener pattern from C
# (prefork_echo.c). The server is tests/prefork/server.inc (see there).
#   select N      master binds, N workers in stream_select accept loops;
#                 every client served, every worker served >= 1
#   workerman     throw-away listener opened and closed first, then the real one
#   reuseport     each worker makes its own so_reuseport listener
#   tls           ssl:// listener made in the master, handshakes in the workers
#   reload        SIGHUP while clients run: new workers, old ones finish and
#                 exit, no client refused
#   pending       a listener made before fork is a real stream, no Go runtime
#   forked-after-go  a master that ran Go then forks: the child fails at
#                 once naming the fork (shim and whole only)
#   tls exit      a worker's queued TLS bytes reach the client when it exits
#   master keeps tls listener  the master keeps its ssl:// listener and does
#                 I/O after the fork: the worker still gets every client
# Ends with "prefork: N passed, M failed". Builds build/libgostream.so if it
# is missing; everything else goes to a temporary directory, removed at exit.
#   bash tests/prefork/run.sh [case-filter-regex]
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/tests/prefork
FILTER=${1:-.}
passed=0
failed=0
FAILS=()

if [ ! -f build/libgostream.so ] && ! ./build.sh build >&2; then
	echo "prefork: 0 passed, 1 failed"
	exit 1
fi
TMP=$(mktemp -d)
SERVER_PID=
cleanup() {
	stop_server
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() {
	failed=$((failed + 1))
	FAILS+=("$1")
	echo "FAIL $1: $2"
	[ -s "$TMP/server.out" ] && sed 's/^/     server: /' "$TMP/server.out" | tail -n 20
	[ -s "$TMP/server.err" ] && sed 's/^/     stderr: /' "$TMP/server.err" | tail -n 10
	[ -s "$TMP/client.out" ] && sed 's/^/     client: /' "$TMP/client.out" | tail -n 12
	return 0
}

if ! go build -o "$TMP/client" ./tests/prefork/client ||
	! gcc -Wall -Werror -std=gnu11 -I include -o "$TMP/prefork_echo" "$HERE/prefork_echo.c" \
		-L build -lgostream -Wl,-rpath,"$ROOT/build"; then
	echo "prefork: 0 passed, 1 failed"
	exit 1
fi
# A self-signed certificate for 127.0.0.1, made as tests/tls/run.sh makes its keys.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
	-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
	-keyout "$TMP/key.pem" -out "$TMP/cert.pem" 2>/dev/null || {
	echo "prefork: 0 passed, 1 failed (openssl)"
	exit 1
}

# php MODE args...: runs PHP as MODE says (see start.php).
php_cmd() {
	local mode=$1
	shift
	case $mode in
	whole) echo env PREFORK_MODE=whole "$ROOT/php-ext/bin/gostream-php" "$HERE/start.php" "$@" ;;
	*) echo env PREFORK_MODE="$mode" php "$HERE/start.php" "$@" ;;
	esac
}

# start_server WORKERS cmd...: starts the server in its own session (so its
# whole process group can be killed), waits for "listen PORT" and WORKERS
# "ready" lines. Sets PORT.
start_server() {
	local want=$1
	shift
	: >"$TMP/server.out"
	: >"$TMP/client.out"
	setsid "$@" >"$TMP/server.out" 2>"$TMP/server.err" </dev/null &
	SERVER_PID=$!
	wait_lines '^ready ' "$want" 15 || return 1
	PORT=$(awk '/^listen /{ print $2; exit }' "$TMP/server.out")
	[ -n "$PORT" ]
}

# wait_lines REGEX COUNT SECONDS: until server.out has COUNT matching lines.
wait_lines() {
	local i
	for ((i = 0; i < $3 * 20; i++)); do
		[ "$(grep -cE "$1" "$TMP/server.out")" -ge "$2" ] && return 0
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.05
	done
	[ "$(grep -cE "$1" "$TMP/server.out")" -ge "$2" ]
}

# stop_server: SIGTERM to the master, then SIGKILL to what is left of its group.
stop_server() {
	[ -n "$SERVER_PID" ] || return 0
	kill -TERM "$SERVER_PID" 2>/dev/null
	local i
	for ((i = 0; i < 100; i++)); do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL -- "-$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
	SERVER_PID=
}

client() { timeout -k 2 30 "$TMP/client" -addr "127.0.0.1:$PORT" -timeout 5s "$@" >"$TMP/client.out" 2>&1; }

# served_check NAME WORKERS: every client served, each worker served >= 1,
# only by workers that said ready.
served_check() {
	local name=$1 workers=$2 ready pids
	ready=$(awk '/^ready /{ print $2 }' "$TMP/server.out" | sort -u)
	pids=$(awk '/^pid /{ print $2 }' "$TMP/client.out" | sort -u)
	if ! grep -q '^client: ok=[1-9][0-9]* failed=0$' "$TMP/client.out"; then
		bad "$name" "clients failed"
	elif [ -n "$(comm -13 <(echo "$ready") <(echo "$pids"))" ]; then
		bad "$name" "served by a process that is not a ready worker"
	elif [ "$(echo "$pids" | grep -c .)" -lt "$workers" ]; then
		bad "$name" "only $(echo "$pids" | grep -c .) of $workers workers served"
	else
		ok "$name ($(awk '/^client:/{ print $2 }' "$TMP/client.out"), per worker: $(awk '/^pid /{ printf "%s ", $3 }' "$TMP/client.out"))"
	fi
}

# case_serve NAME WORKERS CLIENT_ARGS -- SERVER_CMD...
case_serve() {
	local name=$1 workers=$2
	shift 2
	local cargs=()
	while [ "$1" != -- ]; do
		cargs+=("$1")
		shift
	done
	shift
	[[ $name =~ $FILTER ]] || return 0
	if ! start_server "$workers" "$@"; then
		bad "$name" "server did not start $workers workers"
		stop_server
		return
	fi
	if client -c 10 -hold 5ms "${cargs[@]}"; then
		served_check "$name" "$workers"
	else
		bad "$name" "client exit $?"
	fi
	stop_server
}

# case_reload NAME MODE: clients run 2 s, each holding its connection 0.3 s
# before the payload; SIGHUP after 0.7 s.
case_reload() {
	local name=$1 mode=$2
	[[ $name =~ $FILTER ]] || return 0
	if ! start_server 2 $(php_cmd "$mode" server select 2); then
		bad "$name" "server did not start"
		stop_server
		return
	fi
	local old
	old=$(awk '/^ready /{ print $2 }' "$TMP/server.out" | sort -u)
	client -duration 2s -c 6 -hold 300ms &
	local cpid=$!
	sleep 0.7
	kill -HUP "$SERVER_PID"
	wait_lines '^ready ' 4 15
	wait_lines '^exit ' 2 10
	wait "$cpid"
	local crc=$? new pids gone
	new=$(awk '/^ready /{ print $2 }' "$TMP/server.out" | sort -u | comm -23 - <(echo "$old"))
	pids=$(awk '/^pid /{ print $2 }' "$TMP/client.out" | sort -u)
	gone=$(awk '/^exit /{ print $2 }' "$TMP/server.out" | sort -u)
	if [ "$crc" -ne 0 ]; then
		bad "$name" "clients failed during the reload (exit $crc)"
	elif ! grep -q '^reload$' "$TMP/server.out" || [ "$(echo "$new" | grep -c .)" -ne 2 ]; then
		bad "$name" "no second generation of workers"
	elif [ "$(comm -12 <(echo "$old") <(echo "$gone") | grep -c .)" -ne 2 ]; then
		bad "$name" "the old workers did not exit"
	elif [ -n "$(comm -12 <(echo "$new") <(echo "$gone"))" ]; then
		bad "$name" "a new worker exited"
	elif ! grep -qE '^exit [0-9]+ 0$' "$TMP/server.out" || grep -qE '^exit [0-9]+ [1-9]' "$TMP/server.out"; then
		bad "$name" "an old worker exited with an error"
	elif [ -z "$(comm -12 <(echo "$old") <(echo "$pids"))" ] || [ -z "$(comm -12 <(echo "$new") <(echo "$pids"))" ]; then
		bad "$name" "clients were not served by both generations"
	else
		ok "$name ($(awk '/^client:/{ print $2 }' "$TMP/client.out"), old workers exited after finishing)"
	fi
	stop_server
}

# case_php NAME MODE PROGRAM [ARGS]: a program of ok/FAIL lines (checks.inc).
case_php() {
	local name=$1 mode=$2 prog=$3 out rc
	shift 3
	[[ $name =~ $FILTER ]] || return 0
	out=$(timeout -k 2 40 $(php_cmd "$mode" "$prog" "$@") 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && grep -q '^ok ' <<<"$out" && ! grep -qv '^ok ' <<<"$out"; then
		ok "$name ($(grep -c '^ok ' <<<"$out") checks)"
	else
		bad "$name" "exit $rc"
		sed 's/^/     /' <<<"$out" | grep -v '^     ok '
	fi
}

free_port() { php -n -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);'; }

for mode in native shim whole; do
	echo "== $mode"
	case_php "$mode pending" "$mode" pending
	for n in 2 4; do
		case_serve "$mode select $n" "$n" -- $(php_cmd "$mode" server select "$n")
	done
	case_serve "$mode workerman" 2 -- $(php_cmd "$mode" server workerman 2)
	case_serve "$mode reuseport" 2 -- $(php_cmd "$mode" server reuseport 2 "$(free_port)")
	case_serve "$mode tls" 2 -n 50 -ca "$TMP/cert.pem" -- $(php_cmd "$mode" server tls 2 "$TMP/cert.pem" "$TMP/key.pem")
	case_reload "$mode reload" "$mode"
	case_php "$mode tls exit" "$mode" tls_exit "$TMP/cert.pem" "$TMP/key.pem"
	[ "$mode" = native ] || case_php "$mode forked-after-go" "$mode" forked_after_go
	case_php "$mode master keeps tls listener" "$mode" master_keeps_tls_listener "$TMP/cert.pem" "$TMP/key.pem"
done
echo "== c"
for n in 2 4; do
	case_serve "c select $n" "$n" -- "$TMP/prefork_echo" "$n"
done

[ $failed -eq 0 ] || printf 'failed: %s\n' "${FAILS[@]}"
echo "prefork: $passed passed, $failed failed"
[ $failed -eq 0 ]
