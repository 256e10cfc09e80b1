#!/usr/bin/env bash
# serve.sh — `ward serve` under load, with wrk (Debian) on loopback.
#
# On a 200-patient `ward synth` cohort (indexed), as a clinician whose care
# team is the whole cohort, each request naming a patient drawn at random:
#   GET  /api/v1/search?q=...&patient=ID        (hybrid search, audited)
#   POST /api/v1/ask {"question","patient"}     (extractive answer, a draft, audited)
# at 1, 16 and 64 connections: requests/s, p50, p99, errors.
# Then POST /v1/chat/completions with the tiny GGUF (in-process, one model
# call) beside llama-server serving the same model and prompt, as a ratio.
#   bench/serve.sh        (SECONDS_PER_RUN=10 by default; THREADS=2 wrk threads)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "serve.sh: wrk is missing (apt-get install wrk)"; exit 1; }
W=${WARD_BIN:-$PWD/build/ward}
[ -x "$W" ] || { echo "serve.sh: build first (make build)"; exit 1; }
DUR=${SECONDS_PER_RUN:-10}
OUT=${BENCH_OUT:-$PWD/build/bench-serve}
export WARD_DATA=$OUT/data
SPID=""; LPID=""
trap '[ -n "$SPID" ] && kill $SPID 2>/dev/null; [ -n "$LPID" ] && kill $LPID 2>/dev/null; true' EXIT
# REUSE=1 keeps a cohort built by an earlier run of the same binary.
if [ -z "${REUSE:-}" ] || [ ! -s "$OUT/token" ]; then
rm -rf "$OUT"; mkdir -p "$OUT"

echo "== cohort: 200 patients (ward synth --seed 7), ingested and indexed"
$W synth -n 200 --seed 7 --out "$OUT/cohort" >/dev/null
$W init >/dev/null
$W ingest -q "$OUT/cohort" >/dev/null
$W index >/dev/null 2>&1
$W users add bench --role clinician >/dev/null
$W patients --json | jq -r '.[].id' > "$OUT/ids"
while read -r id; do $W care-team add bench "$id" >/dev/null; done < "$OUT/ids"
$W tokens create bench --json | jq -r .token > "$OUT/token"
fi
TOKEN=$(cat "$OUT/token")

start() {  # start ARGS...: ward serve on a free port; sets URL, SPID
  "$W" serve -q --listen 127.0.0.1:0 "$@" 2>"$OUT/serve.log" &
  SPID=$!
  URL=""
  for _ in $(seq 200); do
    URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$OUT/serve.log" | head -1 || true)
    [ -n "$URL" ] && break; sleep 0.05
  done
}
stop() { kill -TERM "$SPID"; wait "$SPID" || true; SPID=""; }

# The wrk script: a random patient per request; GET search or POST JSON.
cat > "$OUT/req.lua" <<EOF
local ids = {}
for line in io.lines("$OUT/ids") do ids[#ids + 1] = line end
local kind = os.getenv("REQ_KIND")
local path = os.getenv("REQ_PATH")
local body = os.getenv("REQ_BODY")
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Content-Type"] = "application/json"
math.randomseed(7)
request = function()
  local id = ids[math.random(#ids)]
  if kind == "search" then
    return wrk.format("GET", "/api/v1/search?q=hemoglobin+a1c+metformin&k=10&patient=" .. id)
  elseif kind == "fixed" then
    return wrk.format("POST", path, nil, body)
  else
    return wrk.format("POST", "/api/v1/ask", nil, '{"question":"What is the latest A1c?","patient":"' .. id .. '"}')
  end
end
EOF

# run LABEL CONNS: wrk against $URL; prints one line.
run() {
  local label=$1 c=$2 t=$(( $2 < 2 ? 1 : 2 ))
  wrk -t"$t" -c"$c" -d"${DUR}s" --latency -s "$OUT/req.lua" "$URL" > "$OUT/wrk.txt" 2>&1 || true
  local rps p50 p99 non2xx sock
  rps=$(awk '/Requests\/sec/{print $2}' "$OUT/wrk.txt")
  p50=$(awk '$1=="50%"{print $2}' "$OUT/wrk.txt")
  p99=$(awk '$1=="99%"{print $2}' "$OUT/wrk.txt")
  non2xx=$(awk '/Non-2xx/{print $NF}' "$OUT/wrk.txt"); non2xx=${non2xx:-0}
  sock=$(awk '/Socket errors/{gsub(",","");print $4+$6+$8+$10}' "$OUT/wrk.txt"); sock=${sock:-0}
  printf "  %-34s c=%-3s %9s req/s  p50 %8s  p99 %8s  errors %s\n" "$label" "$c" "$rps" "$p50" "$p99" $((non2xx + sock))
  LAST_RPS=$rps
}

THREADS=${SERVE_THREADS:-8}
echo "== ward serve --threads $THREADS ($(nproc) cores), ${DUR}s per run"
start --threads "$THREADS"
for c in 1 16 64; do REQ_KIND=search run "GET /api/v1/search" "$c"; done
[ "${ONLY:-}" = search ] || for c in 1 16 64; do REQ_KIND=ask run "POST /api/v1/ask (extractive)" "$c"; done
stop

LLAMA_SERVER=$HOME/.cache/ward/llama-current/build/bin/llama-server
MODEL=$PWD/build/models/tiny-chat.gguf
if [ -x "$LLAMA_SERVER" ] && [ -f "$MODEL" ]; then
  echo "== /v1/chat/completions, tiny GGUF ($MODEL), 64 tokens, one model call"
  PROMPT="What is the latest A1c?"
  export REQ_KIND=fixed REQ_PATH=/v1/chat/completions
  export REQ_BODY='{"model":"ward","max_tokens":64,"max_calls":1,"messages":[{"role":"user","content":"'"$PROMPT"'"}]}'
  start --threads "$THREADS" --model "$MODEL"
  declare -A WARD_RPS
  for c in 1 16; do run "ward serve (grounded ask)" "$c"; WARD_RPS[$c]=$LAST_RPS; done
  stop
  port=$((20000 + RANDOM % 20000))
  "$LLAMA_SERVER" -m "$MODEL" --host 127.0.0.1 --port "$port" -c 4096 -np 1 -t 2 --offline >"$OUT/llama.log" 2>&1 &
  LPID=$!
  for _ in $(seq 600); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
  URL=http://127.0.0.1:$port
  export REQ_BODY='{"model":"tiny","max_tokens":64,"messages":[{"role":"user","content":"'"$PROMPT"'"}]}'
  for c in 1 16; do
    run "llama-server (same model, prompt)" "$c"
    echo "    ratio ward/llama-server at c=$c: $(awk -v a="${WARD_RPS[$c]}" -v b="$LAST_RPS" 'BEGIN{printf "%.2f", b > 0 ? a / b : 0}')"
  done
  kill "$LPID"; wait "$LPID" 2>/dev/null || true; LPID=""
else
  echo "== chat: skipped (no llama-server or tiny model: run make test once)"
fi
