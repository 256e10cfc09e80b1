#!/usr/bin/env bash
# ingest.sh — ingest throughput and search latency, next to SQLite's own shell.
#
# Prints: FHIR ingest MB/s and resources/s (Synthea bundles), notes ingest
# MB/s (mtsamples reports), and BM25 search p50/p99 at >= 100,000 chunks
# beside the sqlite3 shell's time for the same FTS5 query on the same table
# (the query's own words: bench_search without --widen).
# bench/scale.sh reads these lines: keep their wording.
#   bench/ingest.sh [SHARED_DATA_DIR]      (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data}
# A git worktree sits one level deeper than the main clone.
[ -n "${1:-}" ] || [ -d "$DATA" ] || DATA=../../shared/data
make -s build >/dev/null
W=build/ward
OUT=${BENCH_OUT:-build/bench-ingest}
rm -rf "$OUT"; mkdir -p "$OUT"
rate() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# timed CMD...: runs CMD, sets secs (wall) and cpu (user+sys). On a shared
# machine the CPU rate is the steadier figure; both are printed.
timed() {
  local TIMEFORMAT='%R %U %S' t
  t=$( { time "$@" >/dev/null; } 2>&1 )
  read -r secs u s <<<"$t"
  cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
}

echo "== FHIR ingest: $DATA/synthea"
bytes=$(cat "$DATA"/synthea/*.json | wc -c)
timed $W --data "$OUT/fhir" ingest -q "$DATA/synthea"
res=$($W --data "$OUT/fhir" stats --json | awk '/"resources"/{on=1;next} on&&/}/{on=0} on{gsub(/[",]/,"");s+=$2} END{print s}')
echo "  $(rate "$bytes" "$secs" | awk '{print $1/1e6}') MB/s  $(rate "$res" "$secs") resources/s  ($res resources, $(rate "$bytes" 1e6) MB, ${secs}s wall)"
echo "  per CPU second: $(rate "$bytes" "$cpu" | awk '{print $1/1e6}') MB/s  $(rate "$res" "$cpu") resources/s  (${cpu}s CPU)"

echo "== Notes ingest: $DATA/mtsamples"
build/bench/bench_csv2notes "$DATA/mtsamples/mtsamples_reconstructed.csv" "$OUT/notes" 1 2>/dev/null
bytes=$(cat "$OUT"/notes/*.txt | wc -c)
timed $W --data "$OUT/n1" ingest -q "$OUT/notes"
chunks=$($W --data "$OUT/n1" stats --json | sed -n 's/.*"chunks": \([0-9]*\).*/\1/p')
echo "  $(rate "$bytes" "$secs" | awk '{print $1/1e6}') MB/s  $(rate "$(ls "$OUT/notes" | wc -l)" "$secs") notes/s  ($chunks chunks, ${secs}s wall)"
echo "  per CPU second: $(rate "$bytes" "$cpu" | awk '{print $1/1e6}') MB/s  (${cpu}s CPU)"
# The same with one thread (the run above uses --jobs = the number of cores):
# the wall ratio is what the workers give, on a machine that is not busy.
wall_n=$secs
timed $W --data "$OUT/n1j1" ingest -q --jobs 1 "$OUT/notes"
echo "  with --jobs 1: $(rate "$bytes" "$secs" | awk '{print $1/1e6}') MB/s wall (${secs}s), $(rate "$bytes" "$cpu" | awk '{print $1/1e6}') MB/s per CPU s; --jobs $(nproc) is $(rate "$secs" "$wall_n")x faster in wall time"

echo "== Search latency at scale"
copies=$(( (100000 + chunks - 1) / chunks ))
[ "$copies" -lt 2 ] && copies=2
build/bench/bench_csv2notes "$DATA/mtsamples/mtsamples_reconstructed.csv" "$OUT/many" "$copies" 2>/dev/null
$W --data "$OUT/big" ingest -q "$OUT/many"
rm -rf "$OUT/many"
# As a site runs it: ingest, then ward index (vectors, and the full-text
# index compacted into one segment).
$W --data "$OUT/big" index -q
total=$($W --data "$OUT/big" stats --json | sed -n 's/.*"chunks": \([0-9]*\).*/\1/p')
read -r n p50 p99 c50 c99 < <(build/bench/bench_search "$OUT/big" bench/queries.txt 20)
echo "  ward search (BM25 + filters + snippets): $n queries over $total chunks: p50 ${p50} ms  p99 ${p99} ms  (CPU p50 ${c50} ms  p99 ${c99} ms)"
# As `ward search` runs by default: the lexicon's words too, in the same
# BM25 (src/retrieve/widen.c); not the shell's query, so not in the ratio.
read -r _ w50 w99 wc50 wc99 < <(build/bench/bench_search "$OUT/big" bench/queries.txt 20 --widen)
echo "  ward search widened by the lexicon: p50 ${w50} ms  p99 ${w99} ms  (CPU p50 ${wc50} ms  p99 ${wc99} ms)"

# The same FTS5 expressions, run by the sqlite3 shell on the same table.
{
  echo ".timer on"
  for r in $(seq 1 20); do
    build/bench/bench_search --fts bench/queries.txt | while IFS= read -r expr; do
      echo "SELECT rowid, bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH '$expr' ORDER BY bm25(chunks_fts) LIMIT 10;"
    done
  done
} > "$OUT/sqlite.sql"
sqlite3 "$OUT/big/ward.db" < "$OUT/sqlite.sql" > "$OUT/sqlite.times"
awk '/^Run Time/ { r=$4; c=$6+$8; print (r > c ? r : c) * 1000 }' "$OUT/sqlite.times" | sort -n > "$OUT/sqlite.ms"
awk '/^Run Time/ { print ($6 + $8) * 1000 }' "$OUT/sqlite.times" | sort -n > "$OUT/sqlite.cpu"
pct() { awk -v n="$(wc -l < "$1")" -v q="$2" 'NR == int(n*q)+1' "$1"; }
s50=$(pct "$OUT/sqlite.ms" 0.5) s99=$(pct "$OUT/sqlite.ms" 0.99)
t50=$(pct "$OUT/sqlite.cpu" 0.5) t99=$(pct "$OUT/sqlite.cpu" 0.99)
echo "  sqlite3 shell (same FTS5 MATCH, top 10):  p50 ${s50} ms  p99 ${s99} ms  (CPU p50 ${t50} ms  p99 ${t99} ms)"
echo "  ratio ward/sqlite3: p50 $(rate "$p50" "$s50")x  p99 $(rate "$p99" "$s99")x  (CPU: p50 $(rate "$c50" "$t50")x  p99 $(rate "$c99" "$t99")x)"
