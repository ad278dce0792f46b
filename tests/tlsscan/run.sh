#!/usr/bin/env bash
# tests/tlsscan/run.sh - scans a TLS server built on libgostream
# (tests/c/tls_server.c) from the outside with sslscan, once with an
# RSA-2048 and once with an EC P-256 certificate, and asserts the library's
# TLS policy (go-src/tlsconf/doc.go):
#   - SSLv2, SSLv3, TLS 1.0, TLS 1.1 disabled; TLS 1.2 and TLS 1.3 enabled;
#   - accepted ciphers: TLS 1.3 AEAD suites, and for TLS 1.2 only ECDHE with
#     AES-GCM or ChaCha20-Poly1305 (no CBC, RC4, 3DES, NULL, EXPORT,
#     anonymous, static RSA, nothing under 128 bits); groups X25519,
#     P-256, P-384 only;
#   - no compression, not vulnerable to heartbleed, no insecure
#     renegotiation.
# Debian's OpenSSL has no zlib, so sslscan cannot test compression; the
# hand-made ClientHellos of hello_probe.c check it (and repeat the protocol,
# cipher and heartbeat checks by other means).
#
#   bash tests/tlsscan/run.sh            build, install sslscan if missing, scan
#   SKIP_BUILD=1 bash tests/tlsscan/run.sh   use build/libgostream.so as it is
#   TESTSSL=1 bash tests/tlsscan/run.sh  also run testssl.sh (package
#                                        testssl.sh, ~20 s) on the EC server
#
# Prints the accepted cipher lists and ends with
# "tlsscan: N passed, M failed"; exit status non-zero on any failure. The
# scan is bounded (each tool under timeout, a 55 s budget for the scans,
# servers killed on exit); a first-time apt-get install comes on top.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=$ROOT/build/tests
mkdir -p "$OUT"
T0=$(date +%s)
BUDGET=${TLSSCAN_BUDGET:-55}

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*"
}
# check DESCRIPTION COMMAND...: counts the command's success.
check() {
	local what=$1
	shift
	if "$@"; then ok; else bad "$what"; fi
}
finish() {
	echo "tlsscan: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

WORK=$(mktemp -d /tmp/gs_tlsscan.XXXXXX)
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	[ "${TLSSCAN_KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

# ---- build ---------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f build/libgostream.so ]; then
	echo "== building build/libgostream.so"
	if ! ./build.sh build >"$WORK/build.log" 2>&1; then
		cat "$WORK/build.log"
		bad "library build"
		finish
	fi
	T0=$(date +%s) # the budget is for the scans
fi
CFLAGS=(-Wall -Werror -std=gnu11 -g)
if ! gcc "${CFLAGS[@]}" -I include -o "$OUT/tls_server" tests/c/tls_server.c \
	-L build -lgostream -lpthread -Wl,-rpath,'$ORIGIN/..'; then
	bad "build tls_server"
	finish
fi
if ! gcc "${CFLAGS[@]}" -o "$OUT/hello_probe" tests/tlsscan/hello_probe.c; then
	bad "build hello_probe"
	finish
fi

# ---- tools ---------------------------------------------------------------
# install_pkg PACKAGE COMMAND: apt-get install, apt-get update only if the
# install fails without it.
install_pkg() {
	command -v "$2" >/dev/null 2>&1 && return 0
	local sudo=()
	[ "$(id -u)" = 0 ] || sudo=(sudo -n)
	echo "== installing $1"
	export DEBIAN_FRONTEND=noninteractive
	if ! timeout 300 "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$1" >"$WORK/apt.log" 2>&1; then
		timeout 300 "${sudo[@]}" apt-get update -qq >>"$WORK/apt.log" 2>&1
		timeout 300 "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$1" >>"$WORK/apt.log" 2>&1
	fi
	command -v "$2" >/dev/null 2>&1 || {
		tail -n 5 "$WORK/apt.log"
		return 1
	}
	T0=$(date +%s) # the budget is for the scans
}
have_sslscan=1
install_pkg sslscan sslscan || {
	bad "sslscan is not installed and could not be installed"
	have_sslscan=0
}
have_testssl=0
if [ "${TESTSSL:-0}" = 1 ]; then
	if install_pkg testssl.sh testssl; then
		have_testssl=1
	else
		bad "testssl.sh could not be installed"
	fi
fi
[ $have_sslscan = 1 ] && sslscan --version 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | tr -s ' \t' ' ' | head -n 2

# ---- certificates --------------------------------------------------------
(
	cd "$WORK" &&
		openssl req -x509 -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.pem -days 2 \
			-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key \
			-out ec.pem -days 2 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost
) >"$WORK/openssl.log" 2>&1 || {
	cat "$WORK/openssl.log"
	bad "certificate generation"
	finish
}

over_budget() {
	local t=$(($(date +%s) - T0))
	if [ "$t" -gt "$BUDGET" ]; then
		bad "time budget of ${BUDGET}s exceeded (${t}s)"
		return 0
	fi
	return 1
}

# ---- one server ----------------------------------------------------------
# scan LABEL CERT KEY AUTH: AUTH is RSA or ECDSA, the TLS 1.2 suites' kind.
scan() {
	local label=$1 cert=$2 key=$3 auth=$4
	echo
	echo "== $label server ($cert)"
	over_budget && return
	"$OUT/tls_server" 127.0.0.1:0 "$WORK/$cert" "$WORK/$key" 50 >"$WORK/$label.addr" 2>"$WORK/$label.srv" &
	local pid=$!
	PIDS+=("$pid")
	local addr="" i
	for i in $(seq 50); do
		addr=$(head -n 1 "$WORK/$label.addr" 2>/dev/null)
		[ -n "$addr" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if [ -z "$addr" ]; then
		cat "$WORK/$label.srv"
		bad "$label: tls_server did not start"
		return
	fi
	local port=${addr##*:}
	echo "listening on $addr"

	# The server works: an echo through openssl s_client.
	local echoed
	echoed=$( (
		printf 'ping\n'
		sleep 1
	) | timeout 10 openssl s_client -connect "$addr" -quiet -no_ign_eof 2>/dev/null)
	check "$label: echo through openssl s_client (got '$echoed')" [ "$echoed" = ping ]

	if [ $have_sslscan = 1 ]; then
		local s=$WORK/$label.sslscan
		timeout 25 sslscan --no-colour "$addr" >"$s" 2>&1
		local rc=$?
		sed -i 's/\x1b\[[0-9;]*m//g' "$s"
		check "$label: sslscan exit status $rc" [ $rc -eq 0 ]
		[ "${TLSSCAN_VERBOSE:-0}" = 1 ] && cat "$s"
		sslscan_checks "$label" "$s" "$auth"
	fi
	probe_checks "$label" "$port"
	if [ $have_testssl = 1 ] && [ "$label" = ec ]; then
		testssl_checks "$label" "$addr"
	fi

	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	sed 's/^/server: /' "$WORK/$label.srv"
}

sslscan_checks() {
	local label=$1 s=$2 auth=$3 v
	echo "-- sslscan: protocols"
	grep -E '^(SSLv[23]|TLSv1\.[0-3]) +(enabled|disabled)' "$s"
	for v in SSLv2 SSLv3 TLSv1.0 TLSv1.1; do
		check "$label: $v disabled" grep -Eq "^$v +disabled" "$s"
	done
	for v in TLSv1.2 TLSv1.3; do
		check "$label: $v enabled" grep -Eq "^$v +enabled" "$s"
	done

	echo "-- sslscan: accepted ciphers"
	local ciphers
	ciphers=$(grep -E '^(Preferred|Accepted) ' "$s")
	echo "$ciphers"
	check "$label: some cipher accepted" [ -n "$ciphers" ]
	local st proto bits _ name rest n13=0 n12=0
	while read -r st proto bits _ name rest; do
		[ -z "$st" ] && continue
		check "$label: $proto $name has >= 128 bits ($bits)" [ "$bits" -ge 128 ]
		# OpenSSL names CBC suites without "CBC" (ECDHE-RSA-AES128-SHA256):
		# a suite that is not GCM, ChaCha20-Poly1305 or CCM is CBC.
		if grep -Eqi 'CBC|RC4|DES|NULL|EXP|ADH|AECDH|ANON|MD5|PSK|SRP|IDEA|SEED|CAMELLIA|ARIA' <<<"$name" ||
			! grep -Eq 'GCM|CHACHA20|CCM' <<<"$name"; then
			bad "$label: weak cipher accepted: $proto $name"
		else
			ok
		fi
		case $proto in
		TLSv1.3)
			n13=$((n13 + 1))
			check "$label: TLS 1.3 suite $name" grep -Eqx 'TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)' <<<"$name"
			;;
		TLSv1.2)
			n12=$((n12 + 1))
			# exactly the ECDHE AEAD suites of the certificate's key type
			check "$label: TLS 1.2 suite $name is ECDHE-$auth with AES-GCM or ChaCha20-Poly1305" \
				grep -Eqx "ECDHE-$auth-(AES128-GCM-SHA256|AES256-GCM-SHA384|CHACHA20-POLY1305)" <<<"$name"
			;;
		*)
			bad "$label: cipher accepted with $proto: $name"
			;;
		esac
	done <<<"$ciphers"
	check "$label: TLS 1.3 suites accepted ($n13)" [ $n13 -ge 1 ]
	check "$label: TLS 1.2 suites accepted ($n12)" [ $n12 -ge 1 ]

	echo "-- sslscan: key exchange groups"
	local groups
	groups=$(sed -n '/Server Key Exchange Group(s):/,/^$/p' "$s" | grep -E '^TLSv')
	echo "$groups"
	check "$label: some key exchange group" [ -n "$groups" ]
	while read -r proto bits _ name rest; do
		[ -z "$proto" ] && continue
		check "$label: group $name is X25519, P-256 or P-384" grep -Eqx 'x25519|secp256r1|secp384r1' <<<"$name"
	done <<<"$groups"

	echo "-- sslscan: compression, heartbleed, renegotiation, fallback"
	sed -n '/TLS Compression:/,/^$/p;/Heartbleed:/,/^$/p;/TLS renegotiation:/,/^$/p;/TLS Fallback SCSV:/,/^$/p' "$s" |
		grep -v '^ *$' | grep -v ':$'
	if grep -q '^Compression disabled' "$s"; then
		ok
	elif grep -q 'does not support compression' "$s"; then
		echo "(sslscan's OpenSSL cannot test compression: hello_probe checks it below)"
	else
		bad "$label: sslscan reports compression: $(grep -i -m1 compression "$s")"
	fi
	check "$label: sslscan tested heartbleed on TLS 1.2 and 1.3" \
		[ "$(grep -Ec '^TLSv1\.[23] not vulnerable to heartbleed' "$s")" -eq 2 ]
	if grep -i 'vulnerable to heartbleed' "$s" | grep -vqi 'not vulnerable'; then
		bad "$label: heartbleed: $(grep -i 'vulnerable to heartbleed' "$s" | grep -vi 'not vulnerable')"
	else
		ok
	fi
	if grep -qi 'Insecure session renegotiation supported' "$s"; then
		bad "$label: insecure renegotiation"
	else
		ok
	fi
	if [ "$auth" = RSA ]; then
		check "$label: certificate served is RSA 2048" grep -Eq '^RSA Key Strength: +2048' "$s"
	else
		check "$label: certificate served is EC P-256" grep -Eq '^ECC Curve Name: +prime256v1' "$s"
	fi
}

# hand-made ClientHellos (hello_probe.c)
probe_checks() {
	local label=$1 port=$2 m r
	echo "-- hello_probe"
	declare -A res
	for m in tls12 compress deflate heartbeat weak tls11 tls10 ssl3; do
		r=$(timeout 10 "$OUT/hello_probe" 127.0.0.1 "$port" "$m")
		res[$m]=$r
		printf '%-10s %s\n' "$m" "$r"
	done
	check "$label: probe tls12 gets a TLS 1.2 ServerHello, null compression" \
		grep -Eq '^server_hello version=0303 cipher=(c02b|c02f|c02c|c030|cca9|cca8) compression=0 ' <<<"${res[tls12]}"
	check "$label: DEFLATE and null offered: null chosen" grep -q '^server_hello .*compression=0 ' <<<"${res[compress]}"
	check "$label: DEFLATE only: refused" grep -Eq '^(alert|closed)' <<<"${res[deflate]}"
	check "$label: heartbeat offered: ServerHello without it" \
		bash -c '[[ $1 == server_hello* && $1 != *extensions=*000f* ]]' _ "${res[heartbeat]}"
	check "$label: only weak suites offered: refused" grep -Eq '^(alert|closed)' <<<"${res[weak]}"
	for m in tls11 tls10 ssl3; do
		check "$label: $m ClientHello refused" grep -Eq '^(alert|closed)' <<<"${res[$m]}"
	done
}

testssl_checks() {
	local label=$1 addr=$2 t=$WORK/$1.testssl
	over_budget && return
	echo "-- testssl.sh (protocols, cipher categories, heartbleed, CRIME)"
	timeout 45 testssl --quiet --color 0 --warnings off --ip one --protocols --std \
		--heartbleed --crime "$addr" >"$t" 2>&1
	local rc=$?
	check "$label: testssl exit status $rc" [ $rc -eq 0 ]
	grep -E '^ (SSLv|TLS 1|NULL|Anonymous|Export|LOW|Triple|Obsolete|Strong|Heartbleed|CRIME)' "$t"
	local v
	for v in 'SSLv2' 'SSLv3' 'TLS 1 ' 'TLS 1.1'; do
		check "$label: testssl: $v not offered" grep -Eq "^ $v +not offered" "$t"
	done
	for v in 'TLS 1.2' 'TLS 1.3'; do
		check "$label: testssl: $v offered" grep -Eq "^ $v +offered" "$t"
	done
	for v in 'NULL ciphers' 'Anonymous NULL' 'Export ciphers' 'LOW: ' 'Triple DES' 'Obsolete CBC'; do
		check "$label: testssl: $v not offered" grep -Eq "^ $v.* not offered" "$t"
	done
	check "$label: testssl: heartbleed not vulnerable" grep -Eq '^ Heartbleed.*not vulnerable' "$t"
	check "$label: testssl: CRIME (TLS compression) not vulnerable" grep -Eq '^ CRIME, TLS.*not vulnerable' "$t"
}

scan rsa rsa.pem rsa.key RSA
scan ec ec.pem ec.key ECDSA
echo
echo "tlsscan: scans took $(($(date +%s) - T0))s"
finish
