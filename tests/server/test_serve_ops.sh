# test_serve_ops.sh — `ward serve` as an operator sees it: health, readiness,
# metrics, problem details, limits on malformed HTTP (oversized headers and
# bodies, a body that never finishes, thousands of idle connections),
# SIGHUP reload and SIGTERM (drain, WAL checkpoint, exit 0).
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/server/server_lib.sh"
"$WARD" init >/dev/null
"$WARD" users add ops --role admin >/dev/null || fail "admin user"
ADMIN=$("$WARD" tokens create ops --json | jq -r .token)
start_server --timeout 4 --max-body 4096 || exit 1

expect_http 200 "healthz" GET /healthz
contains "$T/body" '"status":"ok"' "healthz body"
expect_http 200 "readyz" GET /readyz
contains "$T/body" '"backend":"extractive"' "readyz names the backend"
expect_http 200 "openapi" GET /api/v1/openapi.json
check "openapi is OpenAPI 3.1 JSON" jq -e '.openapi == "3.1.0" and (.paths | length) > 3' "$T/body"
expect_http 404 "unknown route" GET /no/such/thing
contains "$T/body" '"type":"urn:ward:problem:not-found"' "problem type"
check "problem details content type" sh -c "curl -s -i '$URL/nope' | grep -qi '^content-type: application/problem+json'"
expect_http 405 "wrong method" DELETE /healthz
contains "$T/body" 'urn:ward:problem:method-not-allowed' "405 problem"

# Limits: an oversized header set (431), a body over --max-body (413).
expect_http 431 "oversized headers" GET /healthz -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)"
check "431 is a problem" jq -e '.type == "urn:ward:problem:header-too-large" and .status == 431' "$T/body"
check "431 problem content type" sh -c "curl -s -i '$URL/healthz' -H 'X-Big: $(head -c 20000 /dev/zero | tr '\0' a)' | grep -qi '^content-type: application/problem+json'"
# Past libmicrohttpd's memory for a request it answers 431 itself (HTML).
expect_http 431 "headers past the connection's memory" GET /healthz -H "X-Big: $(head -c 60000 /dev/zero | tr '\0' a)"
head -c 5000 /dev/zero | tr '\0' x > "$T/big"
expect_http 413 "body over the limit" POST /healthz --data-binary @"$T/big"
contains "$T/body" 'urn:ward:problem:body-too-large' "413 problem"
expect_http 200 "still serving after bad requests" GET /healthz

# Metrics: requests by route and status, latency histograms, store gauges.
expect_http 401 "metrics need a token" GET /metrics
expect_http 200 "metrics" GET /metrics -H "Authorization: Bearer $ADMIN"
contains "$T/body" 'ward_http_requests_total{method="GET",route="/healthz",status="200"}' "requests by route"
contains "$T/body" 'ward_http_request_duration_seconds_bucket{method="GET",route="/readyz",le="+Inf"}' "histogram"
contains "$T/body" 'route="(no route)",status="404"' "unmatched paths counted under one label"
contains "$T/body" 'ward_audit_events ' "audit chain length"
contains "$T/body" 'ward_tokens_generated_total ' "tokens generated"
if grep -q 'no/such/thing' "$T/body"; then fail "metrics carry a raw path"; else pass; fi

# A body that never finishes: the connection is closed after --timeout,
# and the server goes on serving.
start=$(date +%s)
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b' >&3
timeout 20 cat <&3 >/dev/null
exec 3<&-
took=$(( $(date +%s) - start ))
if [ "$took" -ge 3 ] && [ "$took" -le 9 ]; then pass; else fail "slow body closed after ${took}s, want ~4"; fi
expect_http 200 "serving after a slow body" GET /healthz

# SIGHUP reloads; SIGTERM drains and checkpoints the WAL, exit 0.
kill -HUP "$SPID"
for _ in $(seq 50); do grep -q reloaded "$SLOG" && break; sleep 0.1; done
contains "$SLOG" "reloaded" "SIGHUP reloads"
expect_http 200 "serving after reload" GET /healthz
check "SIGTERM exits 0" stop_server
contains "$SLOG" "stopped" "clean stop"
wal="$WARD_DATA/ward.db-wal"
if [ ! -s "$wal" ]; then pass; else fail "WAL not checkpointed at shutdown ($(stat -c %s "$wal") bytes)"; fi
if grep -qi 'no/such/thing' "$SLOG"; then fail "access log carries a raw path"; else pass; fi

# Ten thousand idle connections, on a server whose idle timeout outlasts
# the test: holdconns waits (with a deadline) until the server counts them
# all open, then a fresh request must still be answered and none dropped.
start_server --timeout 600 || exit 1
if "$WARD_HOLDCONNS" 127.0.0.1 "$PORT" 10000 "$ADMIN" > "$T/hold"; then pass; else fail "idle connections: $(cat "$T/hold")"; fi
echo "idle connections: $(cat "$T/hold")"
check "SIGTERM exits 0 after the idle connections" stop_server
finish
