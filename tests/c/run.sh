#!/usr/bin/env bash
# run.sh - builds libgostream.so (unless SKIP_BUILD=1), builds every C test
# program in tests/c/ against it, runs each (bounded by `timeout`), and
# prints "c-tests: N passed, M failed", the sum of the programs' checks plus
# check_exports.sh. A program that dies without its summary line counts as
# one failure. Exit status is non-zero on any failure.
#   bash tests/c/run.sh                 all programs
#   bash tests/c/run.sh echo_test ...   only these
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=$ROOT/build/tests
mkdir -p "$OUT"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
	echo "== building build/libgostream.so"
	if ! ./build.sh build; then
		echo "c-tests: 0 passed, 1 failed"
		exit 1
	fi
fi

progs=("$@")
if [ ${#progs[@]} -eq 0 ]; then
	progs=(echo_test bad_input_test select_test fork_test prefork_test threads_test tls_test tls_threads_test)
fi

total_pass=0
total_fail=0
summary=()
add() { # name passed failed
	total_pass=$((total_pass + $2))
	total_fail=$((total_fail + $3))
	summary+=("$(printf '%-16s %4d passed, %d failed' "$1" "$2" "$3")")
}

# The export and header check first.
out=$(bash tests/c/check_exports.sh 2>&1)
echo "$out"
line=$(grep -E '^check-exports: [0-9]+ passed, [0-9]+ failed' <<<"$out" | tail -n 1)
if [ -n "$line" ]; then
	add check_exports "$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")" "$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")"
else
	add check_exports 0 1
fi

for p in "${progs[@]}"; do
	echo "== $p"
	if ! gcc -Wall -Werror -std=gnu11 -g -I include -o "$OUT/$p" "tests/c/$p.c" \
		-L build -lgostream -lpthread -Wl,-rpath,'$ORIGIN/..'; then
		add "$p" 0 1
		continue
	fi
	start=$(date +%s.%N)
	log=$OUT/$p.log
	timeout -k 5 120 "$OUT/$p" >"$log" 2>&1
	rc=$?
	secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
	cat "$log"
	line=$(grep -E "^$p: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$p: no summary line (exit status $rc)"
		add "$p" 0 1
		continue
	fi
	np=$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")
	nf=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
	if [ "$rc" -ne 0 ] && [ "$nf" -eq 0 ]; then
		nf=1 # exited badly despite its checks
	fi
	add "$p" "$np" "$nf"
	echo "$p: ${secs}s, exit status $rc"
done

echo "== summary"
printf '%s\n' "${summary[@]}"
echo "c-tests: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
