#!/usr/bin/env bash
# retrieval.sh — retrieval quality of bm25, vector and hybrid side by side
# (`ward eval retrieval`) on several sets, and `ward index` time:
#  - a generated cohort's chart questions (`ward synth`);
#  - mtsamples (../shared/data/mtsamples, when present): 2,377 distinct
#    reports as notes, with three known-item sets written by mtsamples.com's
#    editors, not by Ward: each report's description, keyword list and
#    sample name as the query (bench/mts_queries.c).
# The default search mode (hybrid once indexed) must be at least as good as
# BM25 on every set (issue 12, item 5; docs/models.md has the table). Each
# set is also searched with --exact (BM25 of the queries' own words, not
# widened by the lexicon), the search before widening.
#   bench/retrieval.sh [PATIENTS] [SEED]        (default 100 patients, seed 1)
#   RETRIEVAL_SAMPLE=N keeps every Nth mtsamples query (default 1: all).
#   WARD_BIN=PATH measures another ward binary (an older build, for a before/after).
# Prints no PHI: only counts, times and metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100} SEED=${2:-1}
DATA=${WARD_SHARED_DATA:-../shared/data}
make -s build >/dev/null
W=${WARD_BIN:-build/ward}
# eval ARGS: every mode, then BM25 without widening (a ward that has --exact)
exact=$($W eval --help 2>&1 | grep -c -- --exact || true)
evaluate() {
  $W --data "$@"
  if [ "$exact" != 0 ]; then
    echo "-- BM25 of the queries' own words only (--exact):"
    $W --data "$@" --modes bm25 --exact | tail -1
  fi
}
OUT=${BENCH_OUT:-build/bench-retrieval}
rm -rf "$OUT"; mkdir -p "$OUT"
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", b-a}'; }

$W synth --patients "$N" --seed "$SEED" --out "$OUT/cohort" >/dev/null
$W --data "$OUT/d" ingest -q "$OUT/cohort"
echo "== cohort: $N patients, seed $SEED: $($W --data "$OUT/d" stats --json | tr -d ' \n' | grep -o '"chunks":[0-9]*')"
t0=$(now); $W --data "$OUT/d" index -q; t1=$(now)
echo "== ward index (lexical: train + embed + HNSW): $(secs "$t0" "$t1") s"
evaluate "$OUT/d" eval retrieval --cohort "$OUT/cohort"

CSV="$DATA/mtsamples/mtsamples_reconstructed.csv"
if [ ! -f "$CSV" ]; then
  echo "== mtsamples: $CSV not found, skipped"
  exit 0
fi
build/bench/bench_mts_queries "$CSV" "$OUT/mts" 2>/dev/null
$W --data "$OUT/m" ingest -q "$OUT/mts/notes"
t0=$(now); $W --data "$OUT/m" index -q; t1=$(now)
echo "== mtsamples: $($W --data "$OUT/m" stats --json | tr -d ' \n' | grep -o '"documents":[0-9]*,"chunks":[0-9]*'); ward index $(secs "$t0" "$t1") s"
for set in description keywords title; do
  awk -v n="${RETRIEVAL_SAMPLE:-1}" 'NR % n == 0' "$OUT/mts/$set.jsonl" > "$OUT/mts/$set.eval.jsonl"
  echo "== mtsamples $set"
  evaluate "$OUT/m" eval retrieval --queries "$OUT/mts/$set.eval.jsonl"
done
