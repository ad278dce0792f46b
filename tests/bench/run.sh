#!/usr/bin/env bash
# gostream benchmark suite: the same PHP server scripts with native PHP
# stream functions and with gostream, plus a pure-Go ceiling, driven by a Go
# load generator over loopback. See tests/bench/README.md.
#
#   tests/bench/run.sh [--quick] [--reps N] [--only echo,bulk-up,...,ffi] [--out DIR]
#
# Results: tests/bench/results/{results.md,results.json,echo.svg} (or --out).
# Exit status 3 when a run failed other than native PHP's FD_SETSIZE limit.
# KEEP_WORK=1 keeps the scratch directory (per-run logs) for inspection.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

usage() { sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
die() { echo "run.sh: $*" >&2; exit 1; }

args=()
while (($#)); do
	case "$1" in
	--quick) args+=(-quick) ;;
	--reps) [[ $# -ge 2 ]] || die "--reps needs a value"; args+=(-reps "$2"); shift ;;
	--only) [[ $# -ge 2 ]] || die "--only needs a value"; args+=(-only "$2"); shift ;;
	--out) [[ $# -ge 2 ]] || die "--out needs a value"; args+=(-out "$(mkdir -p "$2" && cd "$2" && pwd)"); shift ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
	shift
done

for tool in go php taskset nproc; do
	command -v "$tool" >/dev/null || die "$tool not found"
done
php -r 'exit(extension_loaded("openssl") ? 0 : 1);' || die "PHP's openssl extension is required (TLS workloads)"

# The counting runs read the raw_syscalls tracepoint's id from tracefs.
# Mount it when it is missing and we may; otherwise the count columns are
# left out and results.md says why.
if [[ ! -d /sys/kernel/tracing/events && ! -d /sys/kernel/debug/tracing/events && $(id -u) -eq 0 ]]; then
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null &&
		echo "run.sh: mounted tracefs at /sys/kernel/tracing (system call counts)" >&2 || true
fi

# Servers on CPU 0, load generator on CPU 1. With a single CPU both share it.
server_cpu=0 load_cpu=1
if (($(nproc) < 2)); then
	echo "run.sh: warning: only one CPU; server and load generator share CPU 0" >&2
	load_cpu=0
fi

# 10,000 connections need ~10,050 descriptors in each process. Ask for
# 65536; settle for the hard limit when it is lower (20000 on some hosts).
want=65536
hard=$(ulimit -Hn)
if [[ $hard == unlimited ]] || ((hard >= want)); then
	ulimit -n "$want"
else
	ulimit -n "$hard"
fi
if (($(ulimit -n) < 10100)); then
	echo "run.sh: warning: RLIMIT_NOFILE is $(ulimit -n) (hard $hard): connection counts will be capped" >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/gostream-bench.XXXXXX")
harness_pid=
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [[ -n $harness_pid ]] && kill -0 "$harness_pid" 2>/dev/null; then
		kill -TERM "$harness_pid" 2>/dev/null || true
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$harness_pid" 2>/dev/null || break
			sleep 0.3
		done
		kill -KILL "$harness_pid" 2>/dev/null || true
	fi
	# Children the harness started, each the leader of its own process group.
	if [[ -f $work/pids ]]; then
		while read -r pid; do
			[[ -n $pid ]] && kill -KILL -- "-$pid" 2>/dev/null || true
		done <"$work/pids"
	fi
	if [[ -n ${KEEP_WORK:-} ]]; then
		echo "run.sh: scratch directory kept: $work" >&2
	else
		rm -rf "$work"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "run.sh: building loadgen, goserver and harness (Go build cache)..." >&2
(
	cd "$repo"
	go build -o "$work/bin/loadgen" ./tests/bench/loadgen
	go build -o "$work/bin/goserver" ./tests/bench/goserver
	go build -o "$work/bin/harness" ./tests/bench/harness
)

"$work/bin/harness" -repo "$repo" -bin "$work/bin" -work "$work" -pidfile "$work/pids" \
	-server-cpu "$server_cpu" -loadgen-cpu "$load_cpu" "${args[@]}" &
harness_pid=$!
wait "$harness_pid"
