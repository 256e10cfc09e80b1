# test_serve_stream.sh — answers from real models through `ward serve`. needs: llama
# 1. `ward serve --model tiny.gguf` (in-process llama.cpp): a chat completion
#    whose generated tokens are counted (usage, /metrics, the per-user
#    tokens-per-day limit: 429 + Retry-After), streamed piece by piece.
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

"$WARD" users add cap --role clinician --tokens-per-day 5 >/dev/null && "$WARD" care-team add cap p1 >/dev/null || fail "capped user"
CAP=$("$WARD" tokens create cap --json | jq -r .token)
"$WARD" users add ops --role admin >/dev/null || fail "admin"
ADMIN=$("$WARD" tokens create ops --json | jq -r .token)
start_server --model "$WARD_TINY_CHAT" || exit 1
expect_http 200 "chat with the in-process model" POST /v1/chat/completions -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d "$ASK"
check "answered by llama.cpp in-process" jq -e '.ward.backend == "llama" and (.choices[0].message.content | length) > 0' "$T/body"
check "usage counts the generated tokens" jq -e '.usage.completion_tokens > 0' "$T/body"
# The prompt carries the question and the evidence: many more tokens than the question's few.
check "usage counts the prompt's tokens" jq -e '.usage.prompt_tokens > 20 and
  .usage.total_tokens == .usage.prompt_tokens + .usage.completion_tokens' "$T/body"
GEN=$(jq .usage.completion_tokens "$T/body")
# max_tokens (OpenAI's cap) bounds what the model generates for the answer.
expect_http 200 "chat with max_tokens" POST /v1/chat/completions -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d "$(echo "$ASK" | jq -c '.max_tokens = 3')"
check "max_tokens caps the generated tokens" jq -e '.ward.backend == "llama" and .usage.completion_tokens <= 3' "$T/body"
check "uncapped answers are longer" test "$GEN" -gt 3

# Streamed: the model's pieces first (ward.token, never content), then the
# verified answer as content, its usage, [DONE].
curl -s -N "$URL/v1/chat/completions" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "$(echo "$ASK" | jq -c '.stream = true')" > "$T/tok.sse"
sed -n 's/^data: //p' "$T/tok.sse" | grep -v '^\[DONE\]' > "$T/tok.json"
check "pieces streamed as the model makes them" test "$(jq -s '[.[] | select(.ward.token)] | length' "$T/tok.json")" -gt 1
check "pieces never in content" jq -se '[.[] | select(.ward.token) | .choices[0].delta | has("content")] | any | not' "$T/tok.json"
check "pieces come before the verified content" jq -se \
  '(map(.ward.token != null) | rindex(true)) < (map((.choices[0].delta.content // "") != "") | index(true))' "$T/tok.json"
check "streamed usage" jq -se '.[-1].usage.completion_tokens > 0 and .[-1].usage.prompt_tokens > 20' "$T/tok.json"
contains "$T/tok.sse" 'data: [DONE]' "stream ends"

# Tokens per day: the first answer spends the capped user's 5 tokens; the
# next request is refused with 429 and Retry-After until the next UTC day.
expect_http 200 "capped user's first chat" POST /v1/chat/completions -H "Authorization: Bearer $CAP" \
  -H 'Content-Type: application/json' -d "$ASK"
curl -s -D "$T/hdr" -o "$T/body" -w '%{http_code}' "$URL/v1/chat/completions" -H "Authorization: Bearer $CAP" \
  -H 'Content-Type: application/json' -d "$ASK" > "$T/code"
check "over the day's tokens: 429" test "$(cat "$T/code")" = 429
check "Retry-After until the next UTC day" sh -c "grep -i '^retry-after:' '$T/hdr' | tr -dc 0-9 | awk '{exit !(\$1 > 0 && \$1 <= 86400)}'"
check "429 is a problem" jq -e '.type == "urn:ward:problem:too-many-requests"' "$T/body"
expect_http 200 "metrics" GET /metrics -H "Authorization: Bearer $ADMIN"
check "tokens generated counted" awk -v min="$GEN" '$1 == "ward_tokens_generated_total" {found = $2 >= min} END {exit !found}' "$T/body"
contains "$T/body" 'ward_user_tokens_generated_total{user="cap"}' "per-user tokens"
check "SIGTERM exits 0" stop_server

# ---- a real llama-server behind Ward ----
for try in 1 2 3 4 5; do
  lport=$((20000 + (RANDOM % 12000)))   # below the ephemeral range (32768-): see tests/pg/pg_env.sh
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

# The work limit: with llama-server frozen (SIGSTOP: it takes the
# connection and never answers), a server with --work-timeout 2 gives up
# on the model and answers 503 timeout instead of hanging.
WARD_LLM_RETRIES=0 start_server --llm-url "http://127.0.0.1:$lport/v1" --work-timeout 2 || exit 1
kill -STOP "$LPID"
t0=$(date +%s)
expect_http 503 "model work past --work-timeout" POST /v1/chat/completions -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d "$ASK"
check "timeout problem" jq -e '.type == "urn:ward:problem:timeout"' "$T/body"
took=$(( $(date +%s) - t0 ))
if [ "$took" -le 30 ]; then pass; else fail "work timeout took ${took}s"; fi
kill -CONT "$LPID"
check "SIGTERM exits 0 after a timed-out task" stop_server
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
