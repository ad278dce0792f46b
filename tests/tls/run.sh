#!/usr/bin/env bash
# run.sh - TLS against peers nobody here wrote: PHP servers written with the
# gostream shim (tests/tls/servers/, plain PHP plus the require and `use
# function` lines) driven by `openssl s_client`, curl and native PHP
# clients (tests/tls/clients/, no shim). Keys and certificates are made at
# test time in a temporary directory; everything runs on 127.0.0.1; every
# wait is bounded and every process started here is stopped at the end.
#
#   a  openssl s_client -tls1_3 to an ssl:// echo server (key with a passphrase)
#   b  openssl s_client -starttls smtp to an SMTP-style STARTTLS server
#   c  ALPN: s_client -alpn http/1.1 (and h2, and one the server lacks)
#   d  client certificates: verify_peer + cafile; with, without, wrong CA
#   e  curl --cacert to a non-blocking HTTPS server (keep-alive, 16 MiB body)
#   f  a native PHP ssl:// client to the shim's echo server
#   g  the issue's server (self-signed certificate made by PHP, key exported
#      with a passphrase), through the shim and, unchanged, natively
#   h  64 MiB each way at once, non-blocking, through GoStream\stream_select,
#      SHA-256 checked on the other side
#   i  silent TCP clients on an ssl:// listener do not delay a real client
#
# Prints "tls: N passed, M failed" last; exits non-zero on any failure.
# SKIP_BUILD=1 uses build/libgostream.so as it is. BULK_MIB (64) sizes h.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/tests/tls
PHP=${PHP:-php}
BULK_MIB=${BULK_MIB:-64}

passed=0
failed=0
pids=()
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gs-tls.XXXXXX")

finish() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${pids[@]}"; do
		# bounded: a server that ignores TERM gets KILL after 3 s
		for _ in $(seq 30); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	pids=()
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"
}
trap finish EXIT
trap 'exit 130' INT TERM

ok() {
	passed=$((passed + 1))
	echo "ok   $1"
}

bad() { # name, then lines of detail
	failed=$((failed + 1))
	echo "FAIL $1"
	shift
	printf '%s\n' "$@" | head -n 40 | sed 's/^/     /'
}

# check NAME OUTPUT PATTERN... : every fixed-string PATTERN is in OUTPUT;
# a PATTERN starting with "!" must not be.
check() {
	local name=$1 out=$2 p
	shift 2
	for p in "$@"; do
		if [ "${p:0:1}" = "!" ]; then
			if grep -qF -- "${p:1}" <<<"$out"; then
				bad "$name" "unexpected: ${p:1}" "--- output:" "$out"
				return
			fi
		elif ! grep -qF -- "$p" <<<"$out"; then
			bad "$name" "missing: $p" "--- output:" "$out"
			return
		fi
	done
	ok "$name"
}

# start NAME SCRIPT [ARGS...]: starts a PHP server (environment as set by
# the caller), waits up to 15 s for its "listening on HOST:PORT" line and
# sets ADDR. Output goes to $TMP/NAME.out and .err.
start() {
	local name=$1 line
	shift
	"$PHP" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
	pids+=($!)
	ADDR=
	for _ in $(seq 150); do
		line=$(grep -m1 '^listening on ' "$TMP/$name.out" 2>/dev/null)
		if [ -n "$line" ]; then
			ADDR=${line#listening on }
			return 0
		fi
		kill -0 "${pids[-1]}" 2>/dev/null || break
		sleep 0.1
	done
	bad "$name starts" "no 'listening on' line" "--- stderr:" "$(cat "$TMP/$name.err")"
	return 1
}

# s_client ADDR INPUT [OPTIONS...]: openssl s_client, fed INPUT, at most 15 s.
s_client() {
	local addr=$1 input=$2
	shift 2
	printf '%b' "$input" | timeout -k 2 15 openssl s_client -connect "$addr" -ign_eof "$@" 2>&1
}

free_port() {
	"$PHP" -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);'
}

# ---- prerequisites -------------------------------------------------------
missing=()
for tool in openssl curl timeout "$PHP"; do
	command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "== installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openssl curl >/dev/null 2>&1
fi
for tool in openssl curl timeout "$PHP"; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		bad "prerequisites" "$tool is not installed (./build.sh test installs openssl and curl)"
		echo "tls: $passed passed, $failed failed"
		exit 1
	fi
done
if [ "${SKIP_BUILD:-0}" != 1 ]; then
	echo "== building build/libgostream.so"
	if ! ./build.sh build >"$TMP/build.log" 2>&1; then
		bad "build" "$(tail -n 20 "$TMP/build.log")"
		echo "tls: $passed passed, $failed failed"
		exit 1
	fi
fi

# ---- keys and certificates (openssl CLI, in $TMP) ------------------------
echo "== certificates in $TMP"
cd "$TMP"
gen_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ca() { # name
	gen_key "$1.key"
	openssl req -x509 -new -key "$1.key" -subj "/CN=gostream test $1" -days 2 -out "$1.pem" \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
}
leaf() { # name CN ca extensions
	gen_key "$1.key"
	openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr" 2>/dev/null
	printf '%s\n' "$4" >"$1.ext"
	openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -days 2 \
		-extfile "$1.ext" -out "$1.pem" 2>/dev/null
}
ca ca
ca rogue
leaf server localhost ca $'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth'
leaf client "test client" ca 'extendedKeyUsage=clientAuth'
leaf intruder "intruder" rogue 'extendedKeyUsage=clientAuth'
# The echo server's key encrypted as OpenSSL 3 writes it (PKCS#8, PBES2/AES-256-CBC).
openssl pkcs8 -topk8 -v2 aes-256-cbc -in server.key -passout pass:secret -out server-enc.key 2>/dev/null
cd "$ROOT"
for f in ca.pem server.pem server.key server-enc.key client.pem intruder.pem; do
	if [ ! -s "$TMP/$f" ]; then
		bad "certificates" "$f was not made"
		echo "tls: $passed passed, $failed failed"
		exit 1
	fi
done
grep -q 'BEGIN ENCRYPTED PRIVATE KEY' "$TMP/server-enc.key" || bad "certificates" "server-enc.key is not encrypted"
CA=$TMP/ca.pem
export TLS_CERT=$TMP/server.pem TLS_KEY=$TMP/server.key

# ---- a, c, f, i: ssl:// echo server --------------------------------------
echo "== ssl:// echo server (servers/echo_server.php)"
if TLS_KEY=$TMP/server-enc.key TLS_PASS=secret start echo "$HERE/servers/echo_server.php"; then
	ECHO=$ADDR
	out=$(s_client "$ECHO" 'hello gostream\nquit\n' -tls1_3 -CAfile "$CA" -verify_return_error)
	check "a: s_client -tls1_3 handshake and echo" "$out" \
		"Verify return code: 0 (ok)" "New, TLSv1.3, Cipher is TLS_" "hello TLSv1.3 alpn=none" \
		"hello gostream" "bye"
	check "a: no CertificateRequest without verify_peer (DEVIATIONS T5)" "$out" "!Requested Signature Algorithms"

	out=$(s_client "$ECHO" 'quit\n' -tls1_2 -CAfile "$CA" -verify_return_error)
	check "a: s_client -tls1_2" "$out" "New, TLSv1.2, Cipher is ECDHE-" "hello TLSv1.2 alpn=none" "bye"

	out=$(s_client "$ECHO" 'quit\n' -tls1_1 -CAfile "$CA")
	check "a: s_client -tls1_1 is refused (TLS 1.2 minimum, DEVIATIONS T4)" "$out" "alert protocol version" "!hello TLS"

	out=$(s_client "$ECHO" 'quit\n' -tls1_3 -CAfile "$CA" -verify_return_error -alpn http/1.1)
	check "c: ALPN http/1.1 seen by s_client and by PHP" "$out" "ALPN protocol: http/1.1" "hello TLSv1.3 alpn=http/1.1" "bye"

	out=$(s_client "$ECHO" 'quit\n' -tls1_3 -CAfile "$CA" -verify_return_error -alpn h2,http/1.1)
	check "c: ALPN h2 (server preference order)" "$out" "ALPN protocol: h2" "hello TLSv1.3 alpn=h2" "bye"

	out=$(s_client "$ECHO" 'quit\n' -tls1_3 -CAfile "$CA" -verify_return_error -alpn spdy/1)
	check "c: ALPN without a common protocol goes on without one, as OpenSSL servers do" "$out" \
		"No ALPN negotiated" "hello TLSv1.3 alpn=none" "bye"

	out=$(timeout -k 2 20 "$PHP" "$HERE/clients/echo_client.php" "$ECHO" "$CA" 2>&1)
	check "f: native PHP ssl:// client" "$out" "client sees TLSv1.3 alpn=http/1.1" \
		"greeting: hello TLSv1.3 alpn=http/1.1" "echo ok" "end: bye" 'string(0) ""' "bool(true)"

	out=$(SILENT=20 timeout -k 2 20 "$PHP" "$HERE/clients/silent_then_connect.php" "$ECHO" "$CA" 2>&1)
	elapsed=$(sed -nE 's/^elapsed ([0-9.]+) .*/\1/p' <<<"$out")
	if grep -q 'hello TLSv1.3' <<<"$out" && awk -v e="${elapsed:-99}" 'BEGIN { exit !(e < 1.0) }'; then
		ok "i: 20 silent TCP clients do not delay a TLS client (${elapsed}s)"
	else
		bad "i: 20 silent TCP clients do not delay a TLS client" "$out"
	fi
fi

# ---- b: STARTTLS ---------------------------------------------------------
echo "== SMTP-style STARTTLS server (servers/smtp_server.php)"
if start smtp "$HERE/servers/smtp_server.php"; then
	out=$(s_client "$ADDR" 'EHLO test\nNOOP\nQUIT\n' -starttls smtp -crlf -CAfile "$CA" -verify_return_error)
	check "b: s_client -starttls smtp" "$out" "Verify return code: 0 (ok)" "New, TLSv1.3, Cipher is TLS_" \
		"!Didn't find STARTTLS" "250 8BITMIME" "250 ok TLSv1.3" "221 bye"
	check "b: the server saw the upgrade" "$(cat "$TMP/smtp.out")" "STARTTLS done: TLSv1.3"
fi

# ---- d: client certificates ----------------------------------------------
echo "== client certificates (servers/clientcert_server.php)"
if TLS_CA=$CA start clientcert "$HERE/servers/clientcert_server.php"; then
	out=$(s_client "$ADDR" 'bye\n' -CAfile "$CA" -verify_return_error -cert "$TMP/client.pem" -key "$TMP/client.key")
	check "d: client certificate signed by the CA is accepted" "$out" "Requested Signature Algorithms" "hello test client"
	out=$(s_client "$ADDR" 'bye\n' -CAfile "$CA" -verify_return_error)
	check "d: no client certificate is refused" "$out" "!hello" "alert certificate required"
	out=$(s_client "$ADDR" 'bye\n' -CAfile "$CA" -verify_return_error -cert "$TMP/intruder.pem" -key "$TMP/intruder.key")
	check "d: a certificate from another CA is refused" "$out" "!hello" "alert bad certificate"
	sleep 0.2
	check "d: the server accepted only the good client" "$(cat "$TMP/clientcert.out")" "accepted test client" "!accepted intruder" "!accepted nobody"
fi

# ---- e: curl -------------------------------------------------------------
echo "== HTTPS server (servers/https_server.php)"
if BIG_MIB=16 start https "$HERE/servers/https_server.php"; then
	port=${ADDR##*:}
	out=$(timeout -k 2 20 curl -sS --max-time 15 --cacert "$CA" "https://127.0.0.1:$port/" "https://localhost:$port/" 2>&1)
	check "e: curl --cacert, two requests" "$out" "hello from gostream over TLSv1.3"
	[ "$(grep -c 'hello from gostream' <<<"$out")" = 2 ] || bad "e: two responses" "$out"
	hdr=$TMP/big.headers
	sum=$(timeout -k 2 30 curl -sS --max-time 25 --cacert "$CA" -D "$hdr" "https://127.0.0.1:$port/big" | sha256sum | cut -d' ' -f1)
	want=$(tr -d '\r' <"$hdr" | sed -nE 's/^X-Body-Sha256: ([0-9a-f]+)$/\1/Ip')
	if [ -n "$want" ] && [ "$sum" = "$want" ]; then
		ok "e: curl gets 16 MiB intact (sha256 ${sum:0:16}...)"
	else
		bad "e: curl gets 16 MiB intact" "got $sum, want ${want:-no header}" "$(cat "$hdr" 2>/dev/null)"
	fi
	out=$(timeout -k 2 20 curl -sS --max-time 15 --cacert "$TMP/rogue.pem" "https://127.0.0.1:$port/" 2>&1)
	check "e: curl with another CA refuses the server" "$out" "!hello from gostream"
fi

# ---- g: the issue's script -----------------------------------------------
echo "== the issue's server (servers/issue_server.php), through the shim and natively"
native=$TMP/issue_native.php
grep -v -e "^require __DIR__ . '/../../../php-ext/gostream.php';" -e '^use function GoStream' \
	"$HERE/servers/issue_server.php" >"$native"
for mode in shim native; do
	script=$HERE/servers/issue_server.php
	[ $mode = native ] && script=$native
	if start "issue-$mode" "$script" "$(free_port)" "$TMP/issue-$mode.pem"; then
		out=$(s_client "$ADDR" '' -tls1_3)
		check "g ($mode): s_client gets the greeting" "$out" "New, TLSv1.3" "The local time is"
		grep -q 'BEGIN ENCRYPTED PRIVATE KEY' "$TMP/issue-$mode.pem" || bad "g ($mode): key written with a passphrase" "$(head -c 300 "$TMP/issue-$mode.pem")"
		out=$(timeout -k 2 15 "$PHP" -r '
			$c = stream_socket_client("ssl://" . $argv[1], $e, $s, 5, STREAM_CLIENT_CONNECT,
				stream_context_create(["ssl" => ["verify_peer" => false, "verify_peer_name" => false, "capture_peer_cert" => true]]));
			echo $c ? fgets($c) : "failed: $s\n";
			echo "CN=", openssl_x509_parse(stream_context_get_options($c)["ssl"]["peer_certificate"])["subject"]["CN"], "\n";
		' "$ADDR" 2>&1)
		check "g ($mode): native PHP client gets the greeting" "$out" "The local time is" "CN=localhost"
	fi
done

# ---- h: 64 MiB each way --------------------------------------------------
echo "== $BULK_MIB MiB each way (servers/bulk_server.php <-> native clients/bulk_client.php)"
if BULK_MIB=$BULK_MIB start bulk "$HERE/servers/bulk_server.php"; then
	start_s=$(date +%s.%N)
	client=$(BULK_MIB=$BULK_MIB timeout -k 2 100 "$PHP" "$HERE/clients/bulk_client.php" "$ADDR" "$CA" 2>&1)
	for _ in $(seq 100); do
		grep -q '^sent ' "$TMP/bulk.out" && break
		sleep 0.1
	done
	server=$(grep -m1 '^sent ' "$TMP/bulk.out")
	secs=$(awk -v s="$start_s" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
	read -r _ c_sent _ c_recv c_bytes <<<"$client"
	read -r _ s_sent _ s_recv s_bytes s_short <<<"$server"
	bytes=$((BULK_MIB << 20))
	if [ -n "${c_sent:-}" ] && [ "$c_sent" = "${s_recv:-}" ] && [ "${s_sent:-x}" = "${c_recv:-}" ] \
		&& [ "${c_bytes:-0}" = "$bytes" ] && [ "${s_bytes:-0}" = "$bytes" ] \
		&& [ "${s_short#short_writes=}" -gt 0 ] 2>/dev/null; then
		ok "h: $BULK_MIB MiB each way, SHA-256 match both ways (${secs}s, server ${s_short:-})"
	else
		bad "h: $BULK_MIB MiB each way" "client: $client" "server: $server" "$(cat "$TMP/bulk.err")"
	fi
fi

echo "== regressions of fixed library bugs (tests/tls/repro)"
for repro in handshake_select_spin explicit_method_vs_context; do
	if out=$(timeout -k 2 60 "$PHP" "$HERE/repro/$repro.php" 2>&1); then
		ok "repro: $repro"
	else
		bad "repro: $repro" "$out"
	fi
done

finish
echo "tls: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
