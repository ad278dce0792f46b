#!/bin/bash
# Where a server's CPU goes, per operation: runs one benchmark workload
# against one server (native PHP, gostream or pure Go) pinned to CPU 0, the
# load generator on CPU 1, records the server with `perf record -g` in the
# middle of the run, and prints the server's throughput, CPU per operation
# and that CPU split by where it ran (kernel, PHP, PHP's FFI, system call
# entry and the cgo crossing, the Go runtime, gostream, Go's crypto,
# OpenSSL), in µs per operation. Not run by the harness: a tool for finding
# what to optimise (the issue-11 closing note's profiles come from it).
#
#   tests/bench/tools/profile.sh WORKLOAD SERVER [SECONDS]
#     WORKLOAD: echo | tls-echo | tls-handshake-ec | tls-handshake-rsa |
#               accept | bulk-down | tls-bulk-down
#     SERVER:   native | gostream | go
#   KEEP=1 keeps the scratch directory (perf.data, perf report) and says where.
#
# Needs perf (Debian's linux-perf), openssl, taskset, PHP with FFI for
# gostream, and the library built (./build.sh build). Loopback only.
set -euo pipefail
workload=${1:?usage: profile.sh WORKLOAD native|gostream|go [SECONDS]}
server=${2:?usage: profile.sh WORKLOAD native|gostream|go [SECONDS]}
secs=${3:-4}
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	if [[ -n ${KEEP:-} ]]; then echo "profile.sh: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

(cd "$root" && go build -o "$work/loadgen" ./tests/bench/loadgen && go build -o "$work/goserver" ./tests/bench/goserver)

tls=() key=ec cert=() mode=echo lg=() bytes=0
case $workload in
echo) lg=(echo -conns 10) ;;
tls-echo) lg=(echo -tls -conns 10) tls=(1) ;;
tls-handshake-ec) lg=(tls-handshake -conns 8) tls=(1) mode=once ;;
tls-handshake-rsa) lg=(tls-handshake -conns 8) tls=(1) mode=once key=rsa ;;
accept) lg=(accept -conns 16) mode=once ;;
bulk-down) bytes=$((secs * 3 << 30)) lg=(bulk -dir down -bytes $bytes) mode=bulk ;;
tls-bulk-down) bytes=$((secs << 30)) lg=(bulk -tls -dir down -bytes $bytes) mode=bulk tls=(1) ;;
*) echo "profile.sh: unknown workload $workload" >&2; exit 2 ;;
esac
if [[ ${#tls[@]} -gt 0 ]]; then
	if [[ $key == rsa ]]; then
		openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 \
			-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost 2>/dev/null
	else
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 \
			-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost 2>/dev/null
	fi
	cert=("$work/cert.pem" "$work/key.pem")
	lg+=(-ca "$work/cert.pem")
fi

port=$((20000 + RANDOM % 20000))
life=$((secs + 8))
script=$root/tests/bench/php/echo_server.php
[[ $mode == bulk ]] && script=$root/tests/bench/php/bulk_server.php
case $server in
native)
	# The native variant: every "// GOSTREAM" line commented out, as the harness does.
	mkdir "$work/php"
	for f in "$root"/tests/bench/php/*.php; do sed 's#^\(.*// GOSTREAM\)$#// \1#' "$f" >"$work/php/$(basename "$f")"; done
	script=$work/php/$(basename "$script")
	taskset -c 0 php -d memory_limit=1G "$script" "$port" "$mode" "$life" "${cert[@]}" >"$work/server.log" 2>&1 &
	;;
gostream) taskset -c 0 php -d memory_limit=1G -d ffi.enable=1 "$script" "$port" "$mode" "$life" "${cert[@]}" >"$work/server.log" 2>&1 & ;;
go)
	tlsargs=()
	[[ ${#cert[@]} -gt 0 ]] && tlsargs=(-cert "${cert[0]}" -key "${cert[1]}")
	gomode=$mode
	taskset -c 0 "$work/goserver" -mode "$gomode" -addr "127.0.0.1:$port" -seconds "$life" "${tlsargs[@]}" >"$work/server.log" 2>&1 &
	;;
*) echo "profile.sh: unknown server $server" >&2; exit 2 ;;
esac
spid=$!
pids+=("$spid")
for _ in $(seq 50); do grep -q READY "$work/server.log" 2>/dev/null && break; sleep 0.1; done
[[ $mode == bulk ]] || lg+=(-duration "$((secs + 2))s")
taskset -c 1 "$work/loadgen" "${lg[@]}" -addr "127.0.0.1:$port" -pid "$spid" >"$work/loadgen.json" 2>"$work/loadgen.err" &
lpid=$!
pids+=("$lpid")
sleep 1
perf record -F 2000 -g -p "$spid" -o "$work/perf.data" -- sleep "$secs" >/dev/null 2>&1
wait "$lpid" || { cat "$work/loadgen.err" >&2; exit 1; }

perf report -i "$work/perf.data" --no-children --sort dso,sym -g none --stdio 2>/dev/null >"$work/report.txt"
ops=$(grep -o '"ops_per_s": [0-9.e+]*' "$work/loadgen.json" | awk '{print $2}')
[[ $mode == bulk ]] && ops=$(grep -o '"bytes_per_s": [0-9.e+]*' "$work/loadgen.json" | awk '{print $2 / 1048576}')
cpu=$(grep -o '"server_cpu_per_op_us": [0-9.e+]*' "$work/loadgen.json" | awk '{print $2}')
unit="op"
if [[ $mode == bulk ]]; then
	# A bulk run is one operation: the whole transfer.
	unit="MiB"
	cpu=$(awk -v c="$cpu" -v m="$((bytes >> 20))" 'BEGIN { print c / m }')
fi
rate="${unit}s/s"
[[ $unit == MiB ]] && rate="MiB/s"
echo "$workload, $server: $(printf '%.0f' "$ops") $rate; the server's CPU per $unit over the whole run: $(printf '%.1f' "$cpu") µs"
echo "perf, $secs s at 2 kHz on the server's threads, in µs per $unit (sampling adds its own cost):"
awk -v ops="$ops" -v secs="$secs" -v unit="$unit" '
/^# Event count/ { cpu = $NF / 1e9 } # cpu-clock counts nanoseconds of CPU sampled
/%/ && !/^#/ {
	pct = $1; sub("%", "", pct); dso = $2; sym = $0; sub(/^.*\] /, "", sym)
	c = "other"
	if (dso ~ /kernel/) c = "kernel (system calls, TCP, scheduling)"
	else if (dso ~ /^php/) c = "PHP interpreter (the script, the shim)"
	else if (dso ~ /ffi\.so|libffi/) c = "PHP FFI + libffi"
	else if (dso ~ /libssl|libcrypto/) c = "OpenSSL"
	else if (dso ~ /libgostream|goserver/) {
		if (sym ~ /crypto\/|aes|gcm|sha256|sha512|edwards|nistec|bigmod|p256/) c = "Go crypto"
		else if (sym ~ /^gostream\/go-src|^main\.gs/) c = "gostream (Go)"
		else if (sym ~ /cgo|crosscall|^gs_|^gsgo_|syscall|exitsyscall|entersyscall|OSThread/) c = "system call entry and exit, cgo crossing"
		else c = "Go runtime + standard library"
	} else if (dso ~ /libc|vdso|ld-linux/) c = "libc"
	t[c] += pct
}
END {
	per = cpu / (ops * secs) * 1e6 / 100
	for (c in t) printf "  %7.2f  %s\n", t[c] * per, c | "sort -rn"
}' "$work/report.txt"
