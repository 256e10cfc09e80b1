#!/usr/bin/env bash
# size.sh — a large SQLite store, measured (issue 14's "Size"): COPIES times
# the 4,999 mtsamples reports as notes (bench_csv2notes: each copy under
# other patients), ingested into an empty store, then the vector index
# built. Prints ingest time, database size per note and per chunk (with the
# largest tables and the FTS5 index from SQLite's dbstat), BM25 search
# p50/p99 (bench_search, bench/queries.txt), and `ward index` time, peak
# memory and index file size. docs/scale.md keeps the figures.
#   bench/size.sh COPIES [SHARED_DATA_DIR]     e.g. 20 = 99,980 notes
#   WARD_BIN=path   the ward binary (default build/ward, built first)
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES=${1:?usage: bench/size.sh COPIES [SHARED_DATA_DIR]}
DATA=${2:-../shared/data}
[ -n "${2:-}" ] || [ -d "$DATA" ] || DATA=../../shared/data
W=${WARD_BIN:-$PWD/build/ward}
[ -n "${WARD_BIN:-}" ] || make -s build >/dev/null
B=$(dirname "$W")/bench
OUT=${BENCH_OUT:-$PWD/build/bench-size}
rm -rf "$OUT"; mkdir -p -m 700 "$OUT"
# measured CMD...: runs CMD under GNU time; sets wall, cpu (user+sys), rss_mb.
measured() {
  /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$@" >/dev/null
  read -r wall u s rss < "$OUT/time"
  cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
  rss_mb=$(( rss / 1024 ))
}
per() { awk -v a="$1" -v b="$2" -v k="${3:-1}" 'BEGIN { printf "%.1f", (b > 0 ? a / b / k : 0) }'; }

"$B/bench_csv2notes" "$DATA/mtsamples/mtsamples_reconstructed.csv" "$OUT/notes" "$COPIES" 2>/dev/null
notes=$(ls "$OUT/notes" | wc -l)
bytes=$(find "$OUT/notes" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
echo "== $notes notes ($(per "$bytes" 1 1e6) MB), one SQLite store"
measured "$W" --data "$OUT/d" ingest -q "$OUT/notes"
rm -rf "$OUT/notes"
chunks=$("$W" --data "$OUT/d" stats --json | jq .chunks)
db=$(stat -c %s "$OUT/d/ward.db")
echo "  ingest: ${wall} s wall, ${cpu} s CPU ($(per "$bytes" "$cpu" 1e6) MB per CPU second), peak ${rss_mb} MB"
echo "  store: $chunks chunks; ward.db $(per "$db" 1 1048576) MiB = $(per "$db" "$notes" 1024) KiB per note, $(per "$db" "$chunks") B per chunk"
sqlite3 "$OUT/d/ward.db" "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 6" |
  awk -F'|' -v n="$notes" '{ printf "    %-22s %8.1f MiB  %6.0f B per note\n", $1, $2 / 1048576, $2 / n }'
sqlite3 "$OUT/d/ward.db" "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'chunks_fts%'" |
  awk -v n="$notes" '{ printf "    %-22s %8.1f MiB  %6.0f B per note\n", "FTS5 index (all)", $1 / 1048576, $1 / n }'

read -r n p50 p99 c50 c99 < <("$B/bench_search" "$OUT/d" bench/queries.txt 20)
echo "  search (BM25 + filters + snippets, $n queries): p50 ${p50} ms  p99 ${p99} ms  (CPU p50 ${c50} ms  p99 ${c99} ms)"

measured "$W" --data "$OUT/d" index -q
hnsw=$(stat -c %s "$OUT/d/vectors.hnsw")
db2=$(stat -c %s "$OUT/d/ward.db")
echo "  vector index (lexical embedder, 128 dims): ${wall} s wall, ${cpu} s CPU, peak ${rss_mb} MB;" \
     "vectors.hnsw $(per "$hnsw" 1 1048576) MiB = $(per "$hnsw" "$chunks") B per chunk;" \
     "embeddings add $(per $(( db2 - db )) 1 1048576) MiB to ward.db"
