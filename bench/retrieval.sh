#!/usr/bin/env bash
# retrieval.sh — retrieval quality and `ward index` time on a generated
# cohort: bm25 vs vector vs hybrid side by side (`ward eval retrieval`).
#   bench/retrieval.sh [PATIENTS] [SEED]        (default 100 patients, seed 1)
# Needs `ward synth`. Prints no PHI: only counts, times and metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100} SEED=${2:-1}
make -s build >/dev/null
W=build/ward
OUT=${BENCH_OUT:-build/bench-retrieval}
rm -rf "$OUT"; mkdir -p "$OUT"
now() { date +%s.%N; }
$W synth --patients "$N" --seed "$SEED" --out "$OUT/cohort" >/dev/null
$W --data "$OUT/d" ingest -q "$OUT/cohort"
echo "== cohort: $N patients, seed $SEED: $($W --data "$OUT/d" stats --json | tr -d ' \n' | grep -o '"chunks":[0-9]*')"
t0=$(now); $W --data "$OUT/d" index -q; t1=$(now)
echo "== ward index (lexical: train + embed + HNSW): $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s"
$W --data "$OUT/d" eval retrieval --cohort "$OUT/cohort"
