# test_serve_stream.sh — streamed answers from real models. needs: llama
# 1. `ward serve --model tiny.gguf`: SIGTERM while a chat completion streams;
#    the stream still ends with [DONE], new connections are refused during
#    the drain, and the server exits 0.
# 2. `ward serve --llm-url` against a real llama-server serving the same
#    tiny model: a chat completion through Ward's grounded ask.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/server/server_lib.sh"
. "$WARD_TESTS/orchestrate/fixture.sh"
: "${WARD_TINY_CHAT:?}" "${WARD_LLAMA_SERVER:?}"
"$WARD" users add dr --role clinician >/dev/null && "$WARD" care-team add dr p1 >/dev/null || fail "user"
TOKEN=$("$WARD" tokens create dr --json | jq -r .token)
CHAT='{"model":"ward","stream":true,"metadata":{"patient":"p1"},"max_calls":6,"messages":[{"role":"user","content":"Summarize the diabetes care: latest A1c, medications, plan."}]}'

start_server --model "$WARD_TINY_CHAT" --drain 120 || exit 1
curl -s -N "$URL/v1/chat/completions" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "$CHAT" > "$T/sse" &
CPID=$!
for _ in $(seq 100); do [ -s "$T/sse" ] && break; sleep 0.05; done
kill -TERM "$SPID"
for _ in $(seq 100); do grep -q draining "$SLOG" && break; sleep 0.05; done
if curl -s -m 2 -o /dev/null "$URL/healthz"; then fail "new connection accepted while draining"; else pass; fi
wait "$CPID"
contains "$T/sse" 'data: [DONE]' "the stream finished"
contains "$T/sse" '"citations"' "with its citations"
wait "$SPID"; rc=$?
check "exit 0 after the drain" test "$rc" = 0
# The access-log line of the stream comes after the drain began: it was in flight.
drain_line=$(grep -n draining "$SLOG" | head -1 | cut -d: -f1)
chat_line=$(grep -n 'POST /v1/chat/completions 200' "$SLOG" | head -1 | cut -d: -f1)
if [ -n "$chat_line" ] && [ "$chat_line" -gt "$drain_line" ]; then pass; else fail "stream was not in flight at SIGTERM: $(cat "$SLOG")"; fi

# ---- a real llama-server behind Ward ----
for try in 1 2 3 4 5; do
  lport=$((20000 + (RANDOM % 20000)))
  "$WARD_LLAMA_SERVER" -m "$WARD_TINY_CHAT" --host 127.0.0.1 --port "$lport" -c 4096 -np 1 -t 2 --offline >"$T/llama.log" 2>&1 &
  LPID=$!
  SPIDS="$SPIDS $LPID"
  up=0
  for i in $(seq 1 600); do
    if curl -fs "http://127.0.0.1:$lport/health" >/dev/null 2>&1; then up=1; break; fi
    kill -0 "$LPID" 2>/dev/null || break
    sleep 0.1
  done
  [ "$up" = 1 ] && break
  kill "$LPID" 2>/dev/null; wait "$LPID" 2>/dev/null
done
check "llama-server is up" test "$up" = 1
start_server --llm-url "http://127.0.0.1:$lport/v1" || exit 1
expect_http 200 "chat through llama-server" POST /v1/chat/completions -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"model":"ward","metadata":{"patient":"p1"},"max_calls":1,"messages":[{"role":"user","content":"What is the latest A1c?"}]}'
check "answered by the http backend" jq -e '.ward.backend == "http" and (.choices[0].message.content | length) > 0' "$T/body"
check "SIGTERM exits 0" stop_server
kill "$LPID" 2>/dev/null; wait "$LPID" 2>/dev/null
finish
