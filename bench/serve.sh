#!/usr/bin/env bash
# serve.sh — `ward serve` under load, with wrk (Debian) on loopback.
#
# On a 200-patient `ward synth` cohort (indexed), as a clinician whose care
# team is the whole cohort, each request naming a patient drawn at random:
#   GET  /api/v1/search?q=...&patient=ID        (hybrid search, audited)
#   POST /api/v1/ask {"question","patient"}     (extractive answer, a draft, audited)
# at 1, 16 and 64 connections: requests/s, p50, p99, errors, and the
# server's CPU milliseconds per request with the load average beside them.
# Then POST /v1/chat/completions with the tiny GGUF: Ward (in-process
# model, one grounded call for a random patient) beside llama-server
# serving the same model the same prompts. The prompts are Ward's own:
# Ward is first pointed (--llm-url) at a capture endpoint (node) that
# records each request Ward's backend would send (system and user
# messages with the evidence, the JSON schema, max_tokens, temperature)
# and answers 400; llama-server is then sent those bodies, one per
# patient, drawn in the same random order. Ward decodes up to
# WARD_LLM_SLOTS (default 4) requests together, as llama-server its -np 4
# slots. At 1 and 4 connections both sides count tokens from usage, and
# the ratio lines give Ward / llama-server for requests/s, generated
# tokens/s and server CPU time per request (the steadier figure on a
# shared machine). Both run with the same OMP_WAIT_POLICY (Ward's
# default, PASSIVE).
#   bench/serve.sh              SECONDS_PER_RUN=10, CHAT_SECONDS=60 by default;
#                               CHAT_ROUNDS=N runs Ward and llama-server in
#                               turn N times and sums the rounds
#   SOAK=600 bench/serve.sh     then a soak: search at 64 connections for
#                               SOAK seconds, the server's RSS sampled every
#                               SOAK_EVERY (10) s, first/last/max printed
#   ONLY=search|chat|soak       run only that part; REUSE=1 keeps the cohort
#   WARD_BIN=path               the ward binary (default build/ward)
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
for line in io.lines(os.getenv("IDS_FILE") or "$OUT/ids") do ids[#ids + 1] = line end
local kind = os.getenv("REQ_KIND")
local path = os.getenv("REQ_PATH")
local bodies = {}
if kind == "bodies" then
  for line in io.lines("$OUT/chat_bodies") do bodies[#bodies + 1] = line end
end
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Content-Type"] = "application/json"
math.randomseed(7)
request = function()
  local i = math.random(#ids)
  local id = ids[i]
  if kind == "search" then
    return wrk.format("GET", "/api/v1/search?q=hemoglobin+a1c+metformin&k=10&patient=" .. id)
  elseif kind == "chat" then
    return wrk.format("POST", "/v1/chat/completions", nil, '{"model":"ward","max_calls":1,"metadata":{"patient":"'
      .. id .. '"},"messages":[{"role":"user","content":"What is the latest A1c?"}]}')
  elseif kind == "bodies" then
    -- the same draw as "chat": that patient's captured body
    return wrk.format("POST", path, nil, bodies[i])
  else
    return wrk.format("POST", "/api/v1/ask", nil, '{"question":"What is the latest A1c?","patient":"' .. id .. '"}')
  end
end
-- Generated tokens, from each answer's usage, summed over wrk's threads.
tokens = 0
response = function(status, headers, body)
  local n = body:match('"completion_tokens":(%d+)')
  if n then tokens = tokens + tonumber(n) end
end
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local t = 0
  for _, th in ipairs(threads) do t = t + (th:get("tokens") or 0) end
  io.write(string.format("generated_tokens %d seconds %.3f\n", t, summary.duration / 1e6))
end
EOF

# The server's CPU time so far, in clock ticks (user + system).
# CPU_PID names another server (llama-server) to measure.
cpu_ticks() { awk '{print $14 + $15}' "/proc/${CPU_PID:-$SPID}/stat" 2>/dev/null || echo 0; }

# run LABEL CONNS: wrk against $URL; prints one line. Beside requests/s it
# gives the server's CPU milliseconds per request and the load average:
# on a shared machine requests/s follow the load, CPU per request much less.
run() {
  local label=$1 c=$2 t=$(( $2 < 2 ? 1 : 2 ))
  local c0; c0=$(cpu_ticks)
  wrk -t"$t" -c"$c" -d"${RUN_SECONDS:-$DUR}s" --timeout 120s --latency -s "$OUT/req.lua" "$URL" > "$OUT/wrk.txt" 2>&1 || true
  local c1 load; c1=$(cpu_ticks); load=$(cut -d' ' -f1 /proc/loadavg)
  local rps p50 p99 non2xx sock
  rps=$(awk '/Requests\/sec/{print $2}' "$OUT/wrk.txt")
  p50=$(awk '$1=="50%"{print $2}' "$OUT/wrk.txt")
  p99=$(awk '$1=="99%"{print $2}' "$OUT/wrk.txt")
  non2xx=$(awk '/Non-2xx/{print $NF}' "$OUT/wrk.txt"); non2xx=${non2xx:-0}
  sock=$(awk '/Socket errors/{gsub(",","");print $4+$6+$8+$10}' "$OUT/wrk.txt"); sock=${sock:-0}
  local tok secs reqs
  tok=$(awk '/^generated_tokens/{print $2}' "$OUT/wrk.txt"); tok=${tok:-0}
  secs=$(awk '/^generated_tokens/{print $4}' "$OUT/wrk.txt"); secs=${secs:-1}
  reqs=$(awk '/requests in/{print $1}' "$OUT/wrk.txt"); reqs=${reqs:-0}
  LAST_RPS=${rps:-0} LAST_TPS=$(awk -v t="$tok" -v s="$secs" 'BEGIN{printf "%.1f", (s > 0 ? t / s : 0)}')
  LAST_TPR=$(awk -v t="$tok" -v n="$reqs" 'BEGIN{printf "%d", (n > 0 ? t / n : 0)}')
  local cpu; cpu=$(awk -v a="$c0" -v b="$c1" -v n="$reqs" -v hz="$(getconf CLK_TCK)" \
    'BEGIN{printf "%.2f", (n > 0 ? (b - a) * 1000 / hz / n : 0)}')
  LAST_CPU=$cpu LAST_REQS=$reqs LAST_TOK=$tok LAST_SECS=$secs
  if [ "$tok" -gt 0 ]; then
    printf "  %-34s c=%-3s %9s req/s  p50 %8s  p99 %8s  errors %s  %s tokens/s (%s per answer)  CPU %s ms/req  load %s\n" \
      "$label" "$c" "$rps" "$p50" "$p99" $((non2xx + sock)) "$LAST_TPS" "$LAST_TPR" "$cpu" "$load"
  else
    printf "  %-34s c=%-3s %9s req/s  p50 %8s  p99 %8s  errors %s  CPU %s ms/req  load %s\n" "$label" "$c" \
      "$rps" "$p50" "$p99" $((non2xx + sock)) "$cpu" "$load"
  fi
}

part() { [ -z "${ONLY:-}" ] || [ "$ONLY" = "$1" ]; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", (b > 0 ? a / b : 0)}'; }

THREADS=${SERVE_THREADS:-8}
if part search || part ask; then
  echo "== ward serve --threads $THREADS ($(nproc) cores), ${DUR}s per run"
  start --threads "$THREADS"
  part search && for c in 1 16 64; do REQ_KIND=search run "GET /api/v1/search" "$c"; done
  part ask && for c in 1 16 64; do REQ_KIND=ask run "POST /api/v1/ask (extractive)" "$c"; done
  stop
fi

LLAMA_SERVER=${WARD_LLAMA_SERVER:-$HOME/.cache/ward/llama-current/build/bin/llama-server}
MODEL=${WARD_TINY_CHAT:-$PWD/build/models/tiny-chat.gguf}
if part chat && [ -x "$LLAMA_SERVER" ] && [ -f "$MODEL" ] && command -v node >/dev/null; then
  CHAT=${CHAT_SECONDS:-60}
  export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
  echo "== /v1/chat/completions, tiny GGUF ($(basename "$MODEL")), ${CHAT}s per run, OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
  # Ward's requests to its model, captured: prompts sized to the same window.
  CTX=$("$W" models --model "$MODEL" --json | jq -r '.n_ctx // 4096')
  rm -rf "$OUT/capture"; mkdir -p "$OUT/capture"
  cport=$((20000 + RANDOM % 20000))
  node -e 'let n = 0; require("http").createServer((q, s) => { let b = "";
      q.on("data", d => b += d); q.on("end", () => {
        if (q.url.endsWith("/chat/completions")) require("fs").writeFileSync(process.argv[1] + "/" + (n++), b);
        s.writeHead(400, {"Content-Type": "application/json"}); s.end("{\"error\":{\"message\":\"captured\"}}"); }); })
    .listen(+process.argv[2], "127.0.0.1")' "$OUT/capture" "$cport" &
  CPID=$!
  WARD_LLM_CTX=$CTX start --threads "$THREADS" --llm-url "http://127.0.0.1:$cport/v1"
  : > "$OUT/chat_ids"; : > "$OUT/chat_bodies"
  while read -r id; do
    before=$(ls "$OUT/capture" | wc -l)
    curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$URL/v1/chat/completions" \
      -d '{"model":"ward","max_calls":1,"metadata":{"patient":"'"$id"'"},"messages":[{"role":"user","content":"What is the latest A1c?"}]}'
    # Patients with no evidence get no model call: neither side asks for them.
    [ "$(ls "$OUT/capture" | wc -l)" -gt "$before" ] || continue
    echo "$id" >> "$OUT/chat_ids"
    jq -c 'del(.stream, .stream_options)' "$OUT/capture/$before" >> "$OUT/chat_bodies"
  done < "$OUT/ids"
  stop; kill "$CPID" 2>/dev/null; wait "$CPID" 2>/dev/null || true
  export IDS_FILE=$OUT/chat_ids
  echo "  captured $(wc -l < "$OUT/chat_ids") of $(wc -l < "$OUT/ids") patients' prompts (window $CTX tokens), $(jq -s 'map(.messages | map(.content | length) | add) | add / length | floor' "$OUT/chat_bodies") characters each on average"
  # Each side in turn, CHAT_ROUNDS times (a shared machine's load moves):
  # the ratios per round, then over all rounds (requests and tokens summed
  # over the seconds summed), and the CPU milliseconds each side spent
  # per request. Ward decodes up to WARD_LLM_SLOTS (default 4) requests
  # together, as llama-server decodes its -np 4 slots.
  declare -A SUM
  add() { SUM[$1]=$(awk -v a="${SUM[$1]:-0}" -v b="$2" 'BEGIN{print a + b}'); }
  lport() { echo $((20000 + RANDOM % 20000)); }
  for round in $(seq "${CHAT_ROUNDS:-1}"); do
    [ "${CHAT_ROUNDS:-1}" -gt 1 ] && echo "  -- round $round"
    declare -A WARD_RPS WARD_TPS WARD_CPU
    start --threads "$THREADS" --model "$MODEL"
    for c in 1 4; do
      REQ_KIND=chat RUN_SECONDS=$CHAT run "ward serve (grounded, in-process)" "$c"
      WARD_RPS[$c]=$LAST_RPS WARD_TPS[$c]=$LAST_TPS WARD_CPU[$c]=$LAST_CPU
      add "w_req$c" "$LAST_REQS"; add "w_tok$c" "$LAST_TOK"; add "w_sec$c" "$LAST_SECS"
      add "w_cpu$c" "$(awk -v m="$LAST_CPU" -v n="$LAST_REQS" 'BEGIN{print m * n}')"
    done
    stop
    port=$(lport)
    "$LLAMA_SERVER" -m "$MODEL" --host 127.0.0.1 --port "$port" -c $((CTX * 4)) -np 4 -t "$(nproc)" --offline \
      >"$OUT/llama.log" 2>&1 &
    LPID=$!
    for _ in $(seq 600); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
    URL=http://127.0.0.1:$port
    export REQ_PATH=/v1/chat/completions
    for c in 1 4; do
      CPU_PID=$LPID REQ_KIND=bodies RUN_SECONDS=$CHAT run "llama-server (Ward's prompts)" "$c"
      add "l_req$c" "$LAST_REQS"; add "l_tok$c" "$LAST_TOK"; add "l_sec$c" "$LAST_SECS"
      add "l_cpu$c" "$(awk -v m="$LAST_CPU" -v n="$LAST_REQS" 'BEGIN{print m * n}')"
      echo "    ward/llama-server at c=$c: requests/s $(ratio "${WARD_RPS[$c]}" "$LAST_RPS"), generated tokens/s $(ratio "${WARD_TPS[$c]}" "$LAST_TPS"), CPU per request $(ratio "${WARD_CPU[$c]}" "$LAST_CPU")"
    done
    kill "$LPID"; wait "$LPID" 2>/dev/null || true; LPID=""
  done
  if [ "${CHAT_ROUNDS:-1}" -gt 1 ]; then
    echo "  -- all ${CHAT_ROUNDS} rounds"
    for c in 1 4; do
      awk -v wr="${SUM[w_req$c]}" -v ws="${SUM[w_sec$c]}" -v wt="${SUM[w_tok$c]}" -v wc="${SUM[w_cpu$c]}" \
          -v lr="${SUM[l_req$c]}" -v ls="${SUM[l_sec$c]}" -v lt="${SUM[l_tok$c]}" -v lc="${SUM[l_cpu$c]}" -v c="$c" \
        'BEGIN{printf "    c=%s: ward %.2f req/s %.1f tokens/s %.1f CPU ms/req; llama-server %.2f req/s %.1f tokens/s %.1f CPU ms/req; ratio requests/s %.2f, tokens/s %.2f, CPU per request %.2f\n",
               c, wr / ws, wt / ws, wc / wr, lr / ls, lt / ls, lc / lr, (wr / ws) / (lr / ls), (wt / ws) / (lt / ls), (wc / wr) / (lc / lr)}'
    done
  fi
  unset IDS_FILE
elif part chat; then
  echo "== chat: skipped (no llama-server, tiny model or node: run the tests once, or set WARD_LLAMA_SERVER and WARD_TINY_CHAT)"
fi

# Soak: 64 connections on search for SOAK seconds; the server's resident
# memory sampled as it runs. Flat memory: last close to the first sample
# taken after warm-up (the first minute fills caches and the index).
if [ -n "${SOAK:-}" ] && part soak; then
  EVERY=${SOAK_EVERY:-10}
  echo "== soak: GET /api/v1/search, 64 connections, ${SOAK}s, RSS every ${EVERY}s"
  start --threads "$THREADS"
  REQ_KIND=search RUN_SECONDS=$SOAK run "GET /api/v1/search (soak)" 64 &
  WPID=$!
  : > "$OUT/rss"
  while kill -0 "$WPID" 2>/dev/null; do
    awk '/VmRSS/{print $2}' "/proc/$SPID/status" >> "$OUT/rss" 2>/dev/null
    sleep "$EVERY"
  done
  wait "$WPID"
  stop
  awk -v every="$EVERY" 'NR == 1 {first = $1} {last = $1; if ($1 > max) max = $1; n++}
    NR == int(60 / every) + 1 {warm = $1}
    END {if (!warm) warm = first;
         printf "  RSS MiB: first %.1f, after warm-up %.1f, last %.1f, max %.1f (%d samples); growth after warm-up %+.1f%%\n",
                first / 1024, warm / 1024, last / 1024, max / 1024, n, warm ? 100 * (last - warm) / warm : 0}' "$OUT/rss"
fi
