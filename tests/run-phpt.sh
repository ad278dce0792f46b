#!/bin/sh
# Runs tests/phpt with PHP's run-tests.php against native PHP, through the
# gostream shim (`use function`, the shim loaded by bootstrap.inc), in
# whole-process mode (the settings of php-ext/bin/gostream-php, nothing
# loaded by the test), or native and shim ("both"), and ends with one
# summary line per mode:
#   phpt-<mode>: N passed, M failed, K skipped
# Usage: tests/run-phpt.sh native|shim|whole|both [run-tests.php options or test paths]
# The shim uses build/libgostream.so (or $GOSTREAM_LIB); build it first.
set -u
here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-both}
[ $# -gt 0 ] && shift
runtests=${RUN_TESTS:-/usr/lib/php/20220829/build/run-tests.php}
php=$(command -v php)
jobs=${PHPT_JOBS:-2}

case $mode in
native|shim|whole|both) ;;
*) echo "usage: $0 native|shim|whole|both [run-tests options] [tests]" >&2; exit 2 ;;
esac

# run-tests.php keeps a failed test's script (NAME.php) and its rerun
# script (NAME.sh) beside NAME.phpt; the .out/.diff/.exp/.log files it also
# keeps are ignored by git. Removes the two, so a failed run leaves the
# checkout clean (the diff was shown).
remove_leftovers() {
    for p in "$@"; do
        [ -e "$p" ] || continue # an option, not a test path
        find "$p" -name '*.phpt' -type f | while IFS= read -r t; do
            rm -f "${t%.phpt}.php" "${t%.phpt}.sh"
        done
    done
}

run() {
    m=$1
    shift
    log=$(mktemp)
    [ $# -eq 0 ] && set -- "$here/phpt"
    if [ "$m" = whole ]; then
        # The launcher's ini lines, as run-tests.php options (its own
        # defaults would empty auto_prepend_file).
        for line in $(GOSTREAM_PHP=$php "$here/../php-ext/bin/gostream-php" --ini | tr -d ' '); do
            set -- -d "$line" "$@"
        done
    fi
    GOSTREAM_TEST_MODE=$m NO_INTERACTION=1 REPORT_EXIT_STATUS=1 \
        "$php" "$runtests" -q --show-diff -j"$jobs" -p "$php" "$@" 2>&1 | tee "$log"
    remove_leftovers "$@"
    status=0
    summary=$(awk -F: '
        /^Tests skipped/ { split($2, a, " "); s = a[1] }
        /^Tests failed/  { split($2, a, " "); f += a[1] }
        /^Tests borked/  { split($2, a, " "); f += a[1] }
        # run-tests.php retries a failed test that calls usleep()/microtime()
        # and calls it "warned" if the retry passes: a flake, counted failed.
        /^Tests warned/  { split($2, a, " "); f += a[1] }
        /^Tests passed/  { split($2, a, " "); p = a[1] }
        END { printf "%d passed, %d failed, %d skipped", p, f, s }' "$log")
    case $summary in
    *" 0 failed"*) grep -q '^Tests passed' "$log" || status=1 ;;
    *) status=1 ;;
    esac
    rm -f "$log"
    echo "phpt-$m: $summary"
    return $status
}

rc=0
if [ "$mode" = native ] || [ "$mode" = both ]; then
    run native "$@" || rc=1
fi
if [ "$mode" = shim ] || [ "$mode" = both ]; then
    run shim "$@" || rc=1
fi
if [ "$mode" = whole ]; then
    run whole "$@" || rc=1
fi
exit $rc
