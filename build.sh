#!/usr/bin/env bash
# gostream build and test driver; ./build.sh help lists the targets.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
BUILD=$ROOT/build
export GOFLAGS=${GOFLAGS:--mod=mod}

log() { printf '\n== %s\n' "$*" >&2; }

# PHP 8.2 with FFI and run-tests.php (php8.2-dev), openssl and curl for the
# TLS tests, composer, pkg-config, php-fpm and cgi-fcgi for the install
# tests, php-cgi for first_class_cgi.phpt. A fresh Debian machine has none of them.
install_deps() {
	local want=()
	command -v php >/dev/null 2>&1 || want+=(php8.2-cli)
	if command -v php >/dev/null 2>&1; then
		php -m 2>/dev/null | grep -qx FFI || want+=(php8.2-cli)
		[ -f "$(php -r 'echo PHP_EXTENSION_DIR;')/build/run-tests.php" ] || want+=(php8.2-dev)
	else
		want+=(php8.2-dev)
	fi
	command -v openssl >/dev/null 2>&1 || want+=(openssl)
	command -v curl >/dev/null 2>&1 || want+=(curl)
	command -v sslscan >/dev/null 2>&1 || want+=(sslscan)
	command -v ss >/dev/null 2>&1 || want+=(iproute2)
	command -v composer >/dev/null 2>&1 || want+=(composer)
	command -v pkg-config >/dev/null 2>&1 || want+=(pkg-config)
	command -v php-fpm8.2 >/dev/null 2>&1 || want+=(php8.2-fpm)
	command -v php-cgi8.2 >/dev/null 2>&1 || want+=(php8.2-cgi)
	command -v cgi-fcgi >/dev/null 2>&1 || want+=(libfcgi-bin)
	[ -f /usr/share/php/Amp/autoload.php ] || want+=(php-amphp-amp)
	if [ ${#want[@]} -gt 0 ]; then
		log "installing ${want[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
	fi
}

# GS_ABI_VERSION of include/gostream.h: the library's soname is libgostream.so.$ABI.
ABI=$(sed -nE 's/^[[:space:]]*GS_ABI_VERSION = ([0-9]+).*/\1/p' include/gostream.h)
SONAME=libgostream.so.$ABI

build_lib() {
	log "building $BUILD/libgostream.so"
	mkdir -p "$BUILD"
	local work=$BUILD/link
	rm -rf "$work"
	mkdir -p "$work"
	# Go is built as an archive and linked here, so that loading the library
	# does not start Go's runtime: cgo/front.c starts it on the first call
	# that needs it (a process that only binds, then forks, leaves every
	# child free to use the library; go-src/doc.go "Starting Go").
	# asyncpreemptoff: Go preempts goroutines by sending SIGURG to their
	# thread, and PHP's thread runs Go code on every call: the signal then
	# lands in PHP's own select(2) as a spurious EINTR ("Interrupted system
	# call"). The runtime reads this default before GODEBUG.
	go build -trimpath -buildmode=c-archive \
		-ldflags="-X=runtime.godebugDefault=asyncpreemptoff=1" \
		-o "$work/libgostream.a" ./cgo
	# The archive's Go object starts the runtime from .init_array at load;
	# without that entry, the runtime starts when front.c calls its entry
	# (_rt0_<arch>_linux_lib, made global here so that front.c links to it;
	# the version script still keeps it out of the exports).
	local rt0
	case $(go env GOARCH) in
	amd64) rt0=_rt0_amd64_linux_lib ;;
	arm64) rt0=_rt0_arm64_linux_lib ;;
	*) echo "build: unsupported GOARCH $(go env GOARCH) (amd64, arm64)" >&2; return 1 ;;
	esac
	(cd "$work" && ar x libgostream.a go.o &&
		objdump -h go.o | grep -q ' \.init_array ' &&
		objcopy --remove-section .init_array --globalize-symbol="$rt0" go.o &&
		ar r libgostream.a go.o && rm go.o)
	# exports.map exports gs_* only. nodelete: the runtime's threads run the
	# library's code, so it must never be unmapped. Bsymbolic: the library's
	# own calls stay inside it (without it PHP crashed at exit).
	gcc -shared -o "$BUILD/libgostream.so" \
		-Wl,--whole-archive "$work/libgostream.a" -Wl,--no-whole-archive \
		-Wl,--version-script="$ROOT/cgo/exports.map" -Wl,-soname,"$SONAME" \
		-Wl,-z,nodelete -Wl,-Bsymbolic -lpthread
	if nm "$BUILD/libgostream.so" | grep -qE " [wU] $rt0\$"; then
		echo "build: $rt0 is not linked into the library: Go could never start" >&2
		return 1
	fi
	# cgo's generated header, for tests/c/check_exports.sh.
	cp "$work/libgostream.h" "$BUILD/libgostream.h"
	# Programs linked with -lgostream ask for the soname at run time.
	ln -sf libgostream.so "$BUILD/$SONAME"
	bash tests/c/check_exports.sh
}

# Steps print "<name>: N passed, M failed"; the summary adds them up.
run_step() {
	local name=$1
	shift
	log "$name"
	local out=$BUILD/logs/$name.log
	mkdir -p "$BUILD/logs"
	set +e
	"$@" 2>&1 | tee "$out"
	local rc=${PIPESTATUS[0]}
	set -e
	local line
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1 || true)
	if [ -z "$line" ]; then
		line="$name: 0 passed, 1 failed (no summary line)"
	elif [ "$rc" -ne 0 ] && grep -qE ' 0 failed' <<<"$line"; then
		line="$line (exit $rc)"
		FAILED=$((FAILED + 1))
	fi
	STEPS+=("$line")
	PASSED=$((PASSED + $(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')))
	FAILED=$((FAILED + $(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')))
}

go_tests() {
	local json=$BUILD/logs/go-test.json
	go vet ./go-src/... ./cgo/ ./tests/...
	set +e
	go test -race -count=1 -json ./go-src/... ./tests/bench/... >"$json"
	local rc=$?
	set -e
	grep -E '"Action":"(fail|output)"' "$json" | grep -E '"Action":"fail"|FAIL|panic' | head -n 40 || true
	local pass fail
	pass=$(grep -cE '"Action":"pass","Package":"[^"]*","Test"' "$json" || true)
	fail=$(grep -cE '"Action":"fail","Package":"[^"]*","Test"' "$json" || true)
	[ "$rc" -eq 0 ] || [ "$fail" -gt 0 ] || fail=1
	echo "go-test: $pass passed, $fail failed"
	[ "$rc" -eq 0 ]
}

# A test run must leave the checkout as it found it: no rewritten or new
# files (the benchmark smoke run writes to build/, like every step).
tree_state() { git status --porcelain --untracked-files=all 2>/dev/null || true; }
check_tree() {
	local now
	now=$(tree_state)
	if [ "$now" = "$1" ]; then
		echo "clean-tree: 1 passed, 0 failed"
	else
		echo "the tests changed the checkout (git status before, after):"
		diff <(printf '%s\n' "$1") <(printf '%s\n' "$now") || true
		echo "clean-tree: 0 passed, 1 failed"
	fi
}

cmd_test() {
	install_deps
	build_lib
	PASSED=0 FAILED=0 STEPS=()
	local tree_before
	tree_before=$(tree_state)
	run_step go-test go_tests
	run_step c-tests env SKIP_BUILD=1 bash tests/c/run.sh
	run_step phpt-native bash tests/run-phpt.sh native
	run_step phpt-shim bash tests/run-phpt.sh shim
	run_step phpt-whole bash tests/run-phpt.sh whole
	run_step faults bash tests/faults/run.sh
	run_step prefork bash tests/prefork/run.sh
	run_step manyconn bash tests/integration/manyconn/run.sh "${GOSTREAM_MANYCONN:-1000}"
	run_step amp env GOSTREAM_MANYCONN_SERVER=amp bash tests/integration/manyconn/run.sh 1500
	run_step tls env SKIP_BUILD=1 bash tests/tls/run.sh
	run_step tlsscan env SKIP_BUILD=1 bash tests/tlsscan/run.sh
	run_step demo bash php-ext/examples/check-demo.sh
	run_step install bash tests/install/run.sh
	if [ -x tests/bench/run.sh ]; then
		run_step bench-quick bash tests/bench/run.sh --quick --out "$BUILD/bench-quick"
	fi
	run_step clean-tree check_tree "$tree_before"
	log "summary"
	printf '%s\n' "${STEPS[@]}"
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

cmd_demo() {
	install_deps
	build_lib
	exec php php-ext/examples/http-server.php "${GOSTREAM_DEMO_ADDR:-127.0.0.1:8080}"
}

# PREFIX for install and uninstall: absolute, since it is written into
# gostream.pc and this script runs from the checkout.
install_prefix() {
	case ${1:-/usr/local} in
	/*) echo "${1:-/usr/local}" ;;
	*) echo "install: PREFIX must be an absolute path, not \"$1\"" >&2; return 2 ;;
	esac
}

# The ld.so cache knows /usr/local/lib and /usr/lib only after ldconfig.
refresh_ld_cache() {
	if [ "$(id -u)" = 0 ] && { [ "$1" = /usr/local ] || [ "$1" = /usr ]; }; then
		ldconfig
	fi
}

# Installs the library (file named by its soname), the header, the
# pkg-config file and the PHP files under PREFIX, and lists every file in
# share/gostream/manifest for uninstall.
cmd_install() {
	local prefix
	prefix=$(install_prefix "$@")
	build_lib
	log "installing into $prefix"
	local manifest=$prefix/share/gostream/manifest
	install -D -m 0755 "$BUILD/libgostream.so" "$prefix/lib/$SONAME"
	ln -sf "$SONAME" "$prefix/lib/libgostream.so"
	install -D -m 0644 include/gostream.h "$prefix/include/gostream.h"
	mkdir -p "$prefix/lib/pkgconfig"
	sed -e "s|@PREFIX@|$prefix|" -e "s|@ABI@|$ABI|" include/gostream.pc.in >"$prefix/lib/pkgconfig/gostream.pc"
	local files=("lib/$SONAME" lib/libgostream.so include/gostream.h lib/pkgconfig/gostream.pc) f
	while IFS= read -r f; do
		install -D -m "$([ -x "$f" ] && echo 0755 || echo 0644)" "$f" "$prefix/share/gostream/$f"
		files+=("share/gostream/$f")
	done < <(find php-ext/gostream.php php-ext/whole-process.php php-ext/src php-ext/bin -type f -name '*.php' -o -type f -path 'php-ext/bin/gostream' -o -type f -path 'php-ext/bin/gostream-php' | sort)
	printf '%s\n' "${files[@]}" share/gostream/manifest >"$manifest"
	refresh_ld_cache "$prefix"
	echo "installed ${#files[@]} files under $prefix (list: $manifest)"
	echo "C:   cc app.c \$(pkg-config --cflags --libs gostream)   (PKG_CONFIG_PATH=$prefix/lib/pkgconfig if pkg-config does not look there)"
	echo "PHP: require '$prefix/share/gostream/php-ext/gostream.php'; php $prefix/share/gostream/php-ext/bin/gostream doctor"
}

# Removes exactly the files install listed in the manifest, then the
# directories of share/gostream it leaves empty.
cmd_uninstall() {
	local prefix manifest f
	prefix=$(install_prefix "$@")
	manifest=$prefix/share/gostream/manifest
	if [ ! -f "$manifest" ]; then
		echo "uninstall: nothing to remove: $manifest does not exist (was gostream installed with ./build.sh install $prefix?)" >&2
		exit 1
	fi
	while IFS= read -r f; do
		case $f in /* | *..*) echo "uninstall: skipping suspicious manifest entry $f" >&2; continue ;; esac
		rm -f "$prefix/$f"
	done <"$manifest"
	find "$prefix/share/gostream" -depth -type d -empty -delete 2>/dev/null || true
	refresh_ld_cache "$prefix"
	echo "removed gostream from $prefix"
}

usage() {
	cat <<'USAGE'
usage: ./build.sh [target]
  build              (default) build build/libgostream.so and check include/gostream.h against it
  test               install missing Debian packages, build, run every test; last line "N passed, M failed"
  demo               build and start the demo HTTP server on 127.0.0.1:8080 (GOSTREAM_DEMO_ADDR)
  bench [--quick]    run the benchmark suite (tests/bench/README.md)
  install [PREFIX]   build, then install into PREFIX (default /usr/local): lib/libgostream.so.1,
                     include/gostream.h, lib/pkgconfig/gostream.pc, the PHP files in share/gostream/
  uninstall [PREFIX] remove exactly what install put there
  doctor             check PHP, FFI, glibc, the library, the environment and limits (php-ext/bin/gostream doctor)
  help               this list
USAGE
}

case "${1:-build}" in
build)
	build_lib
	[ $# -gt 0 ] || { echo; usage; }
	;;
test) cmd_test ;;
demo) cmd_demo ;;
bench)
	shift
	install_deps
	build_lib
	bash tests/bench/run.sh "$@"
	;;
install | uninstall)
	target=$1
	shift
	"cmd_$target" "$@"
	;;
doctor)
	command -v php >/dev/null 2>&1 || { echo "doctor: php not found: install PHP 8.2 (./build.sh test installs it)" >&2; exit 1; }
	exec php php-ext/bin/gostream doctor
	;;
help | -h | --help) usage ;;
*)
	usage >&2
	exit 2
	;;
esac
