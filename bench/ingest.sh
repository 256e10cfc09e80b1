#!/usr/bin/env bash
# ingest.sh — ingest throughput and search latency, next to SQLite's own shell.
#
# Prints: FHIR ingest MB/s and resources/s (Synthea bundles), notes ingest
# MB/s (mtsamples reports), and BM25 search p50/p99 at >= 100,000 chunks
# beside the sqlite3 shell's time for the same FTS5 query on the same table
# (the query's own words: bench_search without --widen).
# bench/scale.sh reads these lines: keep their wording.
#   bench/ingest.sh [SHARED_DATA_DIR]      (default ../shared/data)
#   BUILD=DIR        a build directory to use instead of making build/
#   SEARCH_STORE=DIR only the search part, on that store (made by this
#                    script before, or any store after `ward index`)
#   SEARCH_ROUNDS=N  timed rounds over bench/queries.txt (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data}
# A git worktree sits one level deeper than the main clone.
[ -n "${1:-}" ] || [ -d "$DATA" ] || DATA=../../shared/data
B=${BUILD:-build}
[ -n "${BUILD:-}" ] || make -s build >/dev/null
W=$B/ward
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

if [ -z "${SEARCH_STORE:-}" ]; then
echo "== FHIR ingest: $DATA/synthea"
bytes=$(cat "$DATA"/synthea/*.json | wc -c)
timed $W --data "$OUT/fhir" ingest -q "$DATA/synthea"
res=$($W --data "$OUT/fhir" stats --json | awk '/"resources"/{on=1;next} on&&/}/{on=0} on{gsub(/[",]/,"");s+=$2} END{print s}')
echo "  $(rate "$bytes" "$secs" | awk '{print $1/1e6}') MB/s  $(rate "$res" "$secs") resources/s  ($res resources, $(rate "$bytes" 1e6) MB, ${secs}s wall)"
echo "  per CPU second: $(rate "$bytes" "$cpu" | awk '{print $1/1e6}') MB/s  $(rate "$res" "$cpu") resources/s  (${cpu}s CPU)"

echo "== Notes ingest: $DATA/mtsamples"
$B/bench/bench_csv2notes "$DATA/mtsamples/mtsamples_reconstructed.csv" "$OUT/notes" 1 2>/dev/null
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

fi

echo "== Search latency at scale"
if [ -n "${SEARCH_STORE:-}" ]; then
  BIG=$SEARCH_STORE
else
  BIG=$OUT/big
  copies=$(( (100000 + chunks - 1) / chunks ))
  [ "$copies" -lt 2 ] && copies=2
  $B/bench/bench_csv2notes "$DATA/mtsamples/mtsamples_reconstructed.csv" "$OUT/many" "$copies" 2>/dev/null
  $W --data "$BIG" ingest -q "$OUT/many"
  rm -rf "$OUT/many"
  # As a site runs it: ingest, then ward index (vectors, and the full-text
  # index compacted into one segment).
  $W --data "$BIG" index -q
fi
total=$($W --data "$BIG" stats --json | sed -n 's/.*"chunks": \([0-9]*\).*/\1/p')
# Like with like (docs/scale.md, "How search is compared with the shell"):
# - the same FTS5 expressions (bench_search --fts: the query's own words,
#   not widened), the same top 10 by the same score: Ward's ward_bm25()
#   gives bm25()'s doubles, and the hits are checked below;
# - the same work: Ward returns the winners' rows and snippets, so the
#   shell runs, after its top-10 statement, the statement that fetches
#   them (as Ward's second stage does: one MATCH over the winners' id
#   range); its time per query is the two statements' sum;
# - the same order: one untimed warm-up round over the queries, then
#   SEARCH_ROUNDS timed rounds, each query once a round, on both sides;
# - start-up excluded on both: each side times its statements inside one
#   process (the shell's timer counts its statement parsing; Ward keeps
#   its statements prepared);
# - the same page cache: the shell gets Ward's cache_size (64 MiB);
# - ward_bm25 keeps each phrase's row count between statements, bm25()
#   counts it in every statement: the judged run turns that off
#   (WARD_RANK_CACHE=0); the run with it on is printed beside.
Q=bench/queries.txt R=${SEARCH_ROUNDS:-20}
$B/bench/bench_search --fts $Q > "$OUT/fts.txt"
# The shell's top 10 per query at full precision, to check Ward's against
# and to name the winners the shell's second statement fetches.
awk -v q="'" '{ printf "SELECT %d, rowid, printf(%s%%!.17g%s, -bm25(chunks_fts)) FROM chunks_fts WHERE chunks_fts MATCH %s%s%s ORDER BY bm25(chunks_fts) LIMIT 10;\n", NR, q, q, q, $0, q }' \
  "$OUT/fts.txt" | sqlite3 -separator ' ' "$BIG/ward.db" > "$OUT/sqlite.hits"
# One query's two statements: rank, then the winners' rows and snippets.
awk -v q="'" 'NR == FNR { ids[$1] = ids[$1] (ids[$1] == "" ? "" : ",") $2
                          if (!($1 in lo) || $2 < lo[$1]) lo[$1] = $2
                          if (!($1 in hi) || $2 > hi[$1]) hi[$1] = $2; next }
  { e = q $0 q; i = FNR
    printf "SELECT rowid, bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH %s ORDER BY bm25(chunks_fts) LIMIT 10;\n", e
    if (i in ids) printf "SELECT c.id, c.document_id, d.title, c.kind, c.date, c.patient_id, c.section, c.text, snippet(chunks_fts, 0, %s[%s, %s]%s, %s...%s, 16), c.start, c.end FROM chunks_fts CROSS JOIN chunks c ON c.id = chunks_fts.rowid CROSS JOIN documents d ON d.id = c.document_id WHERE chunks_fts MATCH %s AND chunks_fts.rowid BETWEEN %s AND %s AND +chunks_fts.rowid IN (%s);\n", q, q, q, q, q, q, e, lo[i], hi[i], ids[i]
    else print "SELECT 0;" }' "$OUT/sqlite.hits" "$OUT/fts.txt" > "$OUT/sqlite.round"
# SEARCH_BATCHES batches, each side's turn in each (a drifting load on a
# shared machine then falls on both), each with its own warm-up round;
# every timed query's wall and CPU ms go to one file per side.
NB=${SEARCH_BATCHES:-4} RB=$(( (R + ${SEARCH_BATCHES:-4} - 1) / ${SEARCH_BATCHES:-4} ))
{
  echo "PRAGMA cache_size = -65536;"
  cat "$OUT/sqlite.round"                      # warm-up, untimed
  echo ".timer on"
  for _ in $(seq 1 "$RB"); do cat "$OUT/sqlite.round"; done
} > "$OUT/sqlite.sql"
: > "$OUT/ward.ms"; : > "$OUT/kept.ms"; : > "$OUT/sqlite.out"
for b in $(seq 1 "$NB"); do
  hits=(); [ "$b" = 1 ] && hits=(--hits "$OUT/ward.hits")
  WARD_RANK_CACHE=0 $B/bench/bench_search "$BIG" $Q "$RB" --samples "$OUT/ward.ms" "${hits[@]}" >/dev/null
  sqlite3 "$BIG/ward.db" < "$OUT/sqlite.sql" | grep '^Run Time' >> "$OUT/sqlite.out"
  $B/bench/bench_search "$BIG" $Q "$RB" --samples "$OUT/kept.ms" >/dev/null
done
# Run Time: real R user U sys S; real is printed in whole milliseconds.
awk '{ r += $4; c += $6 + $8; if (NR % 2 == 0) { print r * 1000, c * 1000; r = c = 0 } }' "$OUT/sqlite.out" > "$OUT/sqlite.ms"
awk 'NR % 2 == 1 { print $4 * 1000, ($6 + $8) * 1000 }' "$OUT/sqlite.out" > "$OUT/sqlite.top"
# p50 and p99 of column c of a file: the values at n/2 and n*0.99 (from 0).
pct() { awk -v c="$2" '{ print $c }' "$1" | sort -n | awk -v q="$3" '{ v[NR - 1] = $1 } END { printf "%.3f", v[int(NR * q)] }'; }
n=$(wc -l < "$OUT/ward.ms")
p50=$(pct "$OUT/ward.ms" 1 0.5) p99=$(pct "$OUT/ward.ms" 1 0.99) c50=$(pct "$OUT/ward.ms" 2 0.5) c99=$(pct "$OUT/ward.ms" 2 0.99)
kc50=$(pct "$OUT/kept.ms" 2 0.5) kc99=$(pct "$OUT/kept.ms" 2 0.99)
s50=$(pct "$OUT/sqlite.ms" 1 0.5) s99=$(pct "$OUT/sqlite.ms" 1 0.99)
t50=$(pct "$OUT/sqlite.ms" 2 0.5) t99=$(pct "$OUT/sqlite.ms" 2 0.99)
a50=$(pct "$OUT/sqlite.top" 2 0.5) a99=$(pct "$OUT/sqlite.top" 2 0.99)
verdict() { awk -v v="$1" 'BEGIN { print (v <= 1.15 ? "meets" : "misses") }'; }
echo "  ward search (BM25 + filters + snippets): $n queries over $total chunks: p50 ${p50} ms  p99 ${p99} ms  (CPU p50 ${c50} ms  p99 ${c99} ms)"
echo "  sqlite3 shell (same FTS5 MATCH, top 10, then their rows and snippets): $(wc -l < "$OUT/sqlite.ms") queries: p50 ${s50} ms  p99 ${s99} ms (whole ms)  (CPU p50 ${t50} ms  p99 ${t99} ms)"
r50=$(rate "$c50" "$t50") r99=$(rate "$c99" "$t99")
echo "  ratio ward/sqlite3: p50 $(rate "$p50" "$s50")x  p99 $(rate "$p99" "$s99")x  (CPU: p50 ${r50}x  p99 ${r99}x)  goal <= 1.15x, CPU judged: p50 $(verdict "$r50"), p99 $(verdict "$r99")"
if cmp -s "$OUT/sqlite.hits" "$OUT/ward.hits"; then
  echo "  hits: the same chunk ids, order and scores (17 digits: printf('%!.17g') against C's %.17g) from both, all $(wc -l < "$OUT/fts.txt") queries"
else
  echo "  hits: DIFFER between ward and the shell: diff $OUT/sqlite.hits $OUT/ward.hits"
fi
echo "  ward with its phrase counts kept between searches (as a server runs): CPU p50 ${kc50} ms  p99 ${kc99} ms: $(rate "$kc50" "$t50")x, $(rate "$kc99" "$t99")x the shell's"
echo "  the shell's top-10 statement alone (no rows, no snippets): CPU p50 ${a50} ms  p99 ${a99} ms: ward is $(rate "$c50" "$a50")x, $(rate "$c99" "$a99")x of it"
# As `ward search` runs by default: the lexicon's words too, in the same
# BM25 (src/retrieve/widen.c); not the shell's query, so not in the ratio.
read -r _ w50 w99 wc50 wc99 < <($B/bench/bench_search "$BIG" $Q "$RB" --widen)
echo "  ward search widened by the lexicon: p50 ${w50} ms  p99 ${w99} ms  (CPU p50 ${wc50} ms  p99 ${wc99} ms)"
