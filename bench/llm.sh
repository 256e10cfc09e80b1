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
#   bench/llm.sh                          the tiny test model, then a larger random
#                                         one it writes once (BENCH_SMALL=0: skip)
#   BENCH_MODEL=FILE bench/llm.sh         any chat GGUF
#   BENCH_PROMPT=256 BENCH_GEN=128 BENCH_THREADS=1 BENCH_REPS=5 BENCH_ROUNDS=5
#
# Ward's figures include what a request costs on top of llama_decode:
# chat template, tokenization, sampling, detokenization and stop-string
# checks; llama-bench decodes synthetic tokens and samples nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
P=${BENCH_PROMPT:-256} N=${BENCH_GEN:-128} T=${BENCH_THREADS:-1}
REPS=${BENCH_REPS:-5} ROUNDS=${BENCH_ROUNDS:-5}
LB=${WARD_LLAMA_PREFIX:-$HOME/.cache/ward/llama-current}/build/bin/llama-bench
[ -x "$LB" ] || { echo "llm.sh: no llama-bench at $LB (run scripts/llama.sh)" >&2; exit 2; }
[ -x build/bench/bench_llm ] || cmake --build build -j2 --target bench_llm >/dev/null
if [ -z "${BENCH_MODEL:-}" ] && [ ! -f build/models/tiny-chat.gguf ]; then
  (cd build && ctest -R models/tiny >/dev/null)
fi
[ -z "${BENCH_MODEL:-}" ] || [ -f "$BENCH_MODEL" ] || { echo "llm.sh: no model file $BENCH_MODEL" >&2; exit 2; }

# field NAME LINE: the value of NAME in a key=value line
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# llama-bench, one test, its avg tokens/s (CSV column avg_ts)
lbench() {
  local model=$1; shift
  "$LB" -m "$model" -t "$T" -r "$REPS" -o csv "$@" 2>/dev/null |
    awk -F, 'NR==1 { for (i = 1; i <= NF; i++) if ($i == "avg_ts") c = i; next }
             { gsub(/"/, "", $c); print $c }'
}
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }

# measure MODEL: both sides, interleaved, best round; prints the table.
measure() {
  local MODEL=$1 w_pp=0 w_tg=0 l_pp=0 l_tg=0 fresh=1e9 reuse=1e9 line= n_prompt=0
  for r in $(seq "$ROUNDS"); do
    line=$(build/bench/bench_llm "$MODEL" "$P" "$N" "$T" "$REPS")
    n_prompt=$(field n_prompt "$line")
    w_pp=$(max "$w_pp" "$(field pp_tps "$line")")
    w_tg=$(max "$w_tg" "$(field tg_tps "$line")")
    fresh=$(min "$fresh" "$(field ttft_fresh_ms "$line")")
    reuse=$(min "$reuse" "$(field ttft_reuse_ms "$line")")
    l_pp=$(max "$l_pp" "$(lbench "$MODEL" -p "$n_prompt" -n 0)")
    l_tg=$(max "$l_tg" "$(lbench "$MODEL" -p 0 -n "$N" -d "$n_prompt")")
  done
  echo "== $(basename "$MODEL"): prompt $n_prompt tokens, $N generated, $T thread(s), best of $ROUNDS rounds x $REPS"
  printf '  %-28s %12s %12s %9s\n' "" "Ward" "llama-bench" "overhead"
  awk -v a="$w_pp" -v b="$l_pp" -v n="$n_prompt" 'BEGIN { printf "  %-28s %12.1f %12.1f %8.1f%%\n", "prompt (pp" n ") tokens/s", a, b, (b / a - 1) * 100 }'
  awk -v a="$w_tg" -v b="$l_tg" -v n="$N" -v d="$n_prompt" 'BEGIN { printf "  %-28s %12.1f %12.1f %8.1f%%\n", "generation (tg" n " @" d ") t/s", a, b, (b / a - 1) * 100 }'
  awk -v f="$fresh" -v r="$reuse" -v n="$(field n_reused "$line")" -v p="$n_prompt" 'BEGIN {
    printf "  time to first token: fresh context %.2f ms; shared prefix in the KV cache (%d of %d tokens) %.2f ms (%.1fx)\n", f, n, p, r, f / r }'
  awk -v a="$w_tg" -v b="$l_tg" 'BEGIN { o = (b / a - 1) * 100; printf "  generation overhead %.1f%% (goal <= 5%%): %s\n", o, o <= 5 ? "met" : "NOT met" }'
}

if [ -n "${BENCH_MODEL:-}" ]; then
  measure "$BENCH_MODEL"
else
  measure build/models/tiny-chat.gguf
  # A larger random model (n_embd 256, 4 layers, ~18M parameters), where
  # llama.cpp's own work per token outweighs the vocabulary-sized steps.
  SMALL=build/models/bench-small-chat.gguf
  if [ "${BENCH_SMALL:-1}" = 1 ]; then
    [ -f "$SMALL" ] || build/tests/make_tiny_gguf chat \
      "${WARD_LLAMA_PREFIX:-$HOME/.cache/ward/llama-current}/src/models/ggml-vocab-llama-spm.gguf" "$SMALL" 256 4
    measure "$SMALL"
  fi
fi
