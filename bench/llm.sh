#!/usr/bin/env bash
# llm.sh — Ward's in-process generation next to llama.cpp's own llama-bench,
# same model file, same prompt length, generation length and threads.
#
# Prints prompt-processing and generation tokens/s for both, Ward's overhead
# (goal: <= 5% on generation), and Ward's time to first token for a question
# on a fresh context and on a context that already holds the shared prefix
# (KV-cache reuse). Each side runs ROUNDS times, interleaved, and the best
# round counts: on a shared machine the best is the least disturbed.
#
#   bench/llm.sh                          the tiny test model (build/models)
#   BENCH_MODEL=FILE bench/llm.sh         any chat GGUF
#   BENCH_PROMPT=256 BENCH_GEN=128 BENCH_THREADS=1 BENCH_REPS=5 BENCH_ROUNDS=3
#
# Ward's figures include what a request costs on top of llama_decode:
# chat template, tokenization, sampling, detokenization and stop-string
# checks; llama-bench decodes synthetic tokens and samples nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
P=${BENCH_PROMPT:-256} N=${BENCH_GEN:-128} T=${BENCH_THREADS:-1}
REPS=${BENCH_REPS:-5} ROUNDS=${BENCH_ROUNDS:-3}
LB=${WARD_LLAMA_PREFIX:-$HOME/.cache/ward/llama-current}/build/bin/llama-bench
[ -x "$LB" ] || { echo "llm.sh: no llama-bench at $LB (run scripts/llama.sh)" >&2; exit 2; }
[ -x build/bench/bench_llm ] || cmake --build build -j2 --target bench_llm >/dev/null
MODEL=${BENCH_MODEL:-build/models/tiny-chat.gguf}
if [ ! -f "$MODEL" ] && [ -z "${BENCH_MODEL:-}" ]; then
  (cd build && ctest -R models/tiny >/dev/null)
fi
[ -f "$MODEL" ] || { echo "llm.sh: no model file $MODEL" >&2; exit 2; }

# field NAME LINE: the value of NAME in a key=value line
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# llama-bench, one test, its avg tokens/s (CSV column avg_ts)
lbench() {
  "$LB" -m "$MODEL" -t "$T" -r "$REPS" -o csv "$@" 2>/dev/null |
    awk -F, 'NR==1 { for (i = 1; i <= NF; i++) if ($i == "avg_ts") c = i; next }
             { gsub(/"/, "", $c); print $c }'
}
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }

w_pp=0 w_tg=0 l_pp=0 l_tg=0 fresh=1e9 reuse=1e9 line=
for r in $(seq "$ROUNDS"); do
  line=$(build/bench/bench_llm "$MODEL" "$P" "$N" "$T" "$REPS")
  n_prompt=$(field n_prompt "$line")
  w_pp=$(max "$w_pp" "$(field pp_tps "$line")")
  w_tg=$(max "$w_tg" "$(field tg_tps "$line")")
  fresh=$(min "$fresh" "$(field ttft_fresh_ms "$line")")
  reuse=$(min "$reuse" "$(field ttft_reuse_ms "$line")")
  l_pp=$(max "$l_pp" "$(lbench -p "$n_prompt" -n 0)")
  l_tg=$(max "$l_tg" "$(lbench -p 0 -n "$N" -d "$n_prompt")")
done

echo "== Generation: $(basename "$MODEL"), prompt $n_prompt tokens, $N generated, $T thread(s), best of $ROUNDS rounds x $REPS"
printf '  %-26s %14s %14s %10s\n' "" "Ward" "llama-bench" "overhead"
awk -v a="$w_pp" -v b="$l_pp" -v n="$n_prompt" 'BEGIN { printf "  %-26s %14.1f %14.1f %9.1f%%\n", "prompt (pp" n ") tokens/s", a, b, (b / a - 1) * 100 }'
awk -v a="$w_tg" -v b="$l_tg" -v n="$N" -v d="$n_prompt" 'BEGIN { printf "  %-26s %14.1f %14.1f %9.1f%%\n", "generation (tg" n " @" d ") t/s", a, b, (b / a - 1) * 100 }'
awk -v f="$fresh" -v r="$reuse" -v n="$(field n_reused "$line")" -v p="$n_prompt" 'BEGIN {
  printf "== Time to first token (Ward): fresh context %.2f ms; shared prefix reused (%d of %d prompt tokens from the KV cache) %.2f ms\n", f, n, p, r }'
awk -v a="$w_tg" -v b="$l_tg" 'BEGIN { o = (b / a - 1) * 100; printf "== Generation overhead %.1f%% (goal <= 5%%): %s\n", o, o <= 5 ? "met" : "NOT met" }'
