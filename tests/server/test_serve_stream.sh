# test_serve_stream.sh — answers from real models through `ward serve`. needs: llama
# 1. `ward serve --model tiny.gguf` (in-process llama.cpp): a chat completion.
# 2. `ward serve --llm-url` in front of a real llama-server serving the same
#    tiny model. llama-server is stopped (SIGSTOP), so Ward's streamed chat
#    completion is surely in flight when SIGTERM arrives; then llama-server
#    is continued: the stream must still end with [DONE], new connections
#    must be refused during the drain, and the exit is 0.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/server/server_lib.sh"
. "$WARD_TESTS/orchestrate/fixture.sh"
: "${WARD_TINY_CHAT:?}" "${WARD_LLAMA_SERVER:?}"
"$WARD" users add dr --role clinician >/dev/null && "$WARD" care-team add dr p1 >/dev/null || fail "user"
TOKEN=$("$WARD" tokens create dr --json | jq -r .token)
ASK='{"model":"ward","metadata":{"patient":"p1"},"max_calls":1,"messages":[{"role":"user","content":"What is the latest A1c?"}]}'

start_server --model "$WARD_TINY_CHAT" || exit 1
expect_http 200 "chat with the in-process model" POST /v1/chat/completions -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d "$ASK"
check "answered by llama.cpp in-process" jq -e '.ward.backend == "llama" and (.choices[0].message.content | length) > 0' "$T/body"
check "SIGTERM exits 0" stop_server

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
start_server --llm-url "http://127.0.0.1:$lport/v1" --drain 120 --timeout 4 || exit 1

# Freeze llama-server (SIGSTOP): it still accepts Ward's connection (the
# kernel queues it) but answers nothing, so Ward's streamed answer is in
# flight for as long as the test wants, however fast the machine.
kill -STOP "$LPID"
curl -s -N "$URL/v1/chat/completions" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "$(echo "$ASK" | jq -c '.stream = true')" > "$T/sse" &
CPID=$!
check "the stream opened" wait_for 60 test -s "$T/sse"
kill -TERM "$SPID"
check "SIGTERM starts the drain" wait_for 60 grep -q draining "$SLOG"
if curl -s -m 2 -o /dev/null "$URL/healthz"; then fail "new connection accepted while draining"; else pass; fi
if grep -q 'DONE' "$T/sse"; then fail "the stream ended before SIGTERM"; else pass; fi
kill -CONT "$LPID"  # thawed: the answer is made and the drain lets it finish
wait "$CPID"
contains "$T/sse" 'data: [DONE]' "the stream finished after SIGTERM"
contains "$T/sse" '"citations"' "with its citations"
contains "$T/sse" '"backend":"http"' "answered by llama-server"
wait "$SPID"; rc=$?
check "exit 0 after the drain" test "$rc" = 0
kill "$LPID" 2>/dev/null; wait "$LPID" 2>/dev/null
finish
