#!/bin/sh
# The fault suite: hostile-user cases (lost bytes, swallowed errors, lost
# wakeups, hostile environments, inputs PHP rejects), each a phpt run by
# PHP's run-tests.php against native PHP, through the shim and in
# whole-process mode, as tests/run-phpt.sh runs tests/phpt. Ends with one line:
#   faults: N passed, M failed, K skipped
set -u
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 0 ] && set -- "$here"
out=$(mktemp)
rc=0
for mode in native shim whole; do
    bash "$here/../run-phpt.sh" "$mode" "$@" 2>&1 | tee -a "$out" || rc=1
done
awk '/^phpt-(native|shim|whole): [0-9]+ passed/ { p += $2; f += $4; s += $6 }
     END { printf "faults: %d passed, %d failed, %d skipped\n", p, f, s }' "$out"
rm -f "$out"
exit $rc
