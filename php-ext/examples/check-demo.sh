#!/usr/bin/env bash
# Starts the demo server for a few seconds and asks it for a page with curl.
set -u
cd "$(dirname "$0")"
port=$(php -r '$s=stream_socket_server("tcp://127.0.0.1:0");echo explode(":",stream_socket_get_name($s,false))[1];')
php http-server.php "127.0.0.1:$port" 20 2>/tmp/gostream-demo.$$.log &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f /tmp/gostream-demo.$$.log' EXIT
pass=0 fail=0
for _ in $(seq 50); do
	curl -s -o /dev/null "http://127.0.0.1:$port/" && break
	sleep 0.1
done
body=$(curl -s --max-time 5 "http://127.0.0.1:$port/hello" "http://127.0.0.1:$port/again")
if grep -q "request: GET /hello HTTP/1.1" <<<"$body" && grep -q "served: 2" <<<"$body"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "unexpected demo answer: $body"
	cat /tmp/gostream-demo.$$.log
fi
echo "demo: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
