# Shared by the install tests: a scratch directory removed on exit, a
# fresh-clone copy of the project, and check/summary helpers that print
# "<suite>: N passed, M failed".
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gostream-install.XXXXXX")
trap '[ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"' EXIT
pass=0
fail=0

# check NAME COMMAND...: runs COMMAND, counts it.
check() {
	local name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
		echo "$suite: ok   $name"
	else
		fail=$((fail + 1))
		echo "$suite: FAIL $name" >&2
	fi
}

# contains TEXT FILE: FILE holds TEXT (shown when it does not).
contains() {
	grep -qF -- "$1" "$2" || { echo "--- expected \"$1\" in:" >&2; cat "$2" >&2; return 1; }
}

# The files a fresh clone has: tracked and new files, not ignored ones (build/).
fresh_copy() {
	mkdir -p "$1"
	(cd "$root" && git ls-files -co --exclude-standard -z | xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' _ |
		xargs -0 cp --parents -t "$1")
}

summary() {
	echo "$suite: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
