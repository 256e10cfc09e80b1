# test_tasks_models.sh — every task with a real model behind it (needs: llama):
# llama.cpp in-process on the tiny random-weight model, and the HTTP backend
# against a real llama-server on loopback serving the same model, streaming
# and not. The tiny model writes gibberish, so this checks plumbing, not
# quality: the schema-constrained output parses and validates, the guard
# judges every model sentence against its evidence (gibberish is dropped and
# the draft says the extractive output was used), citations are real chunks,
# drafts record the backend and model, and an attack planted in a note never
# reaches the output.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/orchestrate/fixture.sh"
: "${WARD_TINY_CHAT:?}" "${WARD_LLAMA_SERVER:?}"
db() { sqlite3 "$WARD_DATA/ward.db" "$1"; }
TR="$WARD_TESTS/fixtures/orchestrate/transcripts/colon.txt"

# check_model_output FILE BACKEND MODEL DESCRIPTION [strict]
# In-process, constrained output must always parse and validate. Over HTTP the
# server applies the schema; output that does not validate must be caught
# (recorded, extractive sentences kept), never used.
check_model_output() {
  local f=$1 backend=$2 model=$3 d=$4
  check "$d: backend $backend" test "$(jq -r .backend "$f")" = "$backend"
  check "$d: model named" test "$(jq -r .model "$f")" = "$model"
  if [ "$backend" = llama ]; then
    check "$d: structured output parsed and validated" test "$(jq -r .generation.output_valid "$f")" = true
  else
    check "$d: output validated or refused" jq -e '.generation.output_valid or ((.generation.errors | length) > 0 and .generation.fallbacks > 0)' "$f"
  fi
  check "$d: every kept line supported or Ward's own" test "$(jq '[.sections[].lines[] | select(.supported != true)] | length' "$f")" = 0
  check "$d: the guard's verdict on the model is recorded" jq -e '.generation.calls > 0 and (.generation.fallback != null or .verification.generated_by_model == true)' "$f"
  check "$d: citations present" jq -e '(.citations | length) > 0' "$f"
  check "$d: no attack payload" test "$(grep -c PWNED "$f")" = 0
  local id; id=$(jq .draft_id "$f")
  check "$d: draft stored with backend, model and prompt hash" \
    test "$(db "SELECT backend||'|'||model||'|'||length(prompt_hash) FROM drafts WHERE id=$id")" = "$backend|$model|64"
}

run_all() {   # run_all TAG FLAGS...
  local tag=$1; shift
  "$WARD" ask --json "What was the most recent hemoglobin A1c?" --patient p1 "$@" > "$T/$tag-ask.json" || fail "$tag ask"
  "$WARD" summarize --json --patient p1 "$@" > "$T/$tag-sum.json" || fail "$tag summarize"
  "$WARD" note --json --transcript "$TR" "$@" > "$T/$tag-note.json" || fail "$tag note"
  "$WARD" instructions --json --patient p1 "$@" > "$T/$tag-ins.json" || fail "$tag instructions"
  "$WARD" priorauth --json --patient p1 --request "continuous glucose monitor" "$@" > "$T/$tag-pa.json" || fail "$tag priorauth"
}

# ---- llama.cpp in-process ----
run_all llama --model "$WARD_TINY_CHAT" --max-calls 1
for t in ask sum note ins pa; do check_model_output "$T/llama-$t.json" llama tiny-chat.gguf "llama $t"; done
check "ask answer still the record's" jq -e '.answer | contains("8.1 %")' "$T/llama-ask.json"
check "instructions still graded" jq -e '.reading_grade != null' "$T/llama-ins.json"

# ---- HTTP: a real llama-server on loopback ----
for try in 1 2 3 4 5; do
  port=$((20000 + (RANDOM % 12000)))   # below the ephemeral range (32768-): see tests/pg/pg_env.sh
  "$WARD_LLAMA_SERVER" -m "$WARD_TINY_CHAT" --host 127.0.0.1 --port "$port" -c 4096 -np 1 -t 2 --offline >"$T/server.log" 2>&1 &
  server=$!
  up=0
  for i in $(seq 1 600); do
    if curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; then up=1; break; fi
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
  done
  [ "$up" = 1 ] && break
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null
done
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$T"' EXIT
check "llama-server is up" test "$up" = 1
URL="http://127.0.0.1:$port/v1"
run_all http --llm-url "$URL" --max-calls 1
model=$(jq -r .model "$T/http-ask.json")
check "HTTP model identity recorded" test -n "$model"
for t in ask sum note ins pa; do check_model_output "$T/http-$t.json" http "$model" "http $t"; done
"$WARD" ask --json "What was the most recent hemoglobin A1c?" --patient p1 --llm-url "$URL" --max-calls 1 --stream > "$T/stream.json" 2>"$T/stream.err" || fail "streamed ask"
check_model_output "$T/stream.json" http "$model" "http streamed ask"
check "tokens streamed to stderr" test -s "$T/stream.err"
expect_status 2 "a dead endpoint is a clear error" "$WARD" ask "latest A1c" --patient p1 --llm-url "http://127.0.0.1:1/v1" --max-calls 1
contains "$T/err" "model backend failed" "the failure is named"
check "failed model call audited as an error" test "$(db "SELECT count(*) FROM audit WHERE action='ask' AND outcome='error'")" -ge 1
finish
