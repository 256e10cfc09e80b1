#!/usr/bin/env bash
# size.sh — a large SQLite store, measured (issue 14's "Size"): NOTES notes
# made from the 4,999 mtsamples reports (bench_csv2notes writes each report
# as many times as needed, each copy under other patients; the surplus of
# the last copy is dropped), ingested into an empty store. Then, in this
# order (the slowest and least needed last, so a run cut short keeps the
# main figures): size per note and per chunk; BM25 search p50/p99
# (bench_search, bench/queries.txt, the CLI's filters and snippets) after
# ingest; `ward index` (lexical embedder; it ends with an FTS5 optimize):
# time, peak memory, index file size; search again; the largest tables and
# the FTS5 index from SQLite's dbstat (reads the whole file). Every step
# prints its wall time, its CPU seconds (user + system) and the load
# average, since on a shared machine wall time alone means little.
# docs/scale.md keeps the figures.
#   bench/size.sh NOTES [SHARED_DATA_DIR]   e.g. 100000, 1000000
#   bench/size.sh --store DATA_DIR          the steps after ingest, on a store made before
#   WARD_BIN=path    the ward binary (default build/ward, built first)
#   BENCH_OUT=dir    where the notes and the store go (default build/bench-size;
#                    1,000,000 notes need about 40 GB: put it outside git trees)
#   SIZE_JOBS=N      ingest --jobs (default 2)
#   SIZE_REPEAT=N    times each query runs (default 20)
# On a shared machine run it as `nice -n 19 bench/size.sh ...`.
set -euo pipefail
cd "$(dirname "$0")/.."
NOTES=${1:?usage: bench/size.sh NOTES [SHARED_DATA_DIR]}
DATA=${2:-../shared/data}
[ -n "${2:-}" ] || [ -d "$DATA" ] || DATA=../../shared/data
W=${WARD_BIN:-$PWD/build/ward}
[ -n "${WARD_BIN:-}" ] || make -s build >/dev/null
B=$(dirname "$W")/bench
OUT=${BENCH_OUT:-$PWD/build/bench-size}
JOBS=${SIZE_JOBS:-2} REPEAT=${SIZE_REPEAT:-20}
load() { cut -d' ' -f1-3 /proc/loadavg; }
# measured CMD...: runs CMD under GNU time; sets wall, cpu (user+sys), rss_mb
# and ran (when, and the load average before and after).
measured() {
  local l0; l0=$(load)
  /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$@" >/dev/null
  read -r wall u s rss < "$OUT/time"
  cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
  rss_mb=$(( rss / 1024 ))
  ran="$(date -u +%H:%M) UTC, load $l0 -> $(load)"
}
per() { awk -v a="$1" -v b="$2" -v k="${3:-1}" 'BEGIN { printf "%.1f", (b > 0 ? a / b / k : 0) }'; }
# search LABEL: bench_search over bench/queries.txt, REPEAT times each.
search() {
  local l0; l0=$(load)
  read -r n p50 p99 c50 c99 < <("$B/bench_search" "$D" bench/queries.txt "$REPEAT")
  echo "  search $1 (BM25 + filters + snippets, $n queries): p50 ${p50} ms  p99 ${p99} ms  (CPU p50 ${c50} ms  p99 ${c99} ms; load $l0 -> $(load))"
}

# measure: the store in $D after ingest: size, search, index, search again,
# and last (it reads the whole file) the tables' sizes from dbstat.
measure() {
  local counts; counts=$("$W" --data "$D" stats --json)
  chunks=$(jq .chunks <<< "$counts")
  notes=${notes:-$(jq .documents <<< "$counts")}
  db=$(stat -c %s "$D/ward.db")
  echo "  store: $chunks chunks; ward.db $(per "$db" 1 1048576) MiB = $(per "$db" "$notes" 1024) KiB per note, $(per "$db" "$chunks") B per chunk"
  search "after ingest"
  measured "$W" --data "$D" index -q
  hnsw=$(stat -c %s "$D/vectors.hnsw")
  db2=$(stat -c %s "$D/ward.db")
  echo "  vector index (lexical embedder, 128 dims; then FTS5 optimize): ${wall} s wall, ${cpu} s CPU, peak ${rss_mb} MB;" \
       "vectors.hnsw $(per "$hnsw" 1 1048576) MiB = $(per "$hnsw" "$chunks") B per chunk;" \
       "embeddings add $(per $(( db2 - db )) 1 1048576) MiB to ward.db; $ran"
  search "after ward index"
  echo "  ward.db by table (dbstat, after ward index; $(date -u +%H:%M) UTC):"
  sqlite3 "$D/ward.db" "SELECT name, sum(pgsize) FROM dbstat GROUP BY name" > "$OUT/dbstat"
  sort -t'|' -k2 -n -r "$OUT/dbstat" | awk -F'|' -v n="$notes" 'NR <= 7 { printf "    %-22s %8.1f MiB  %6.0f B per note\n", $1, $2 / 1048576, $2 / n }'
  awk -F'|' -v n="$notes" '$1 ~ /^chunks_fts/ { s += $2 }
    END { printf "    %-22s %8.1f MiB  %6.0f B per note\n", "FTS5 index (all)", s / 1048576, s / n }' "$OUT/dbstat"
}

if [ "$NOTES" = --store ]; then   # measure a store made earlier
  D=$(realpath "${2:?usage: bench/size.sh --store DATA_DIR}")
  OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
  echo "== the store in $D, $(nproc) cores; $(date -u +%F) $(git rev-parse --short HEAD 2>/dev/null)"
  measure
  exit 0
fi
D=$OUT/d
rm -rf "$OUT"; mkdir -p -m 700 "$OUT"
per_copy=$("$B/bench_csv2notes" "$DATA/mtsamples/mtsamples_reconstructed.csv" "$OUT/one" 1 2>&1 | awk '{ print $2 }')
rm -rf "$OUT/one"
copies=$(( (NOTES + per_copy - 1) / per_copy ))
"$B/bench_csv2notes" "$DATA/mtsamples/mtsamples_reconstructed.csv" "$OUT/notes" "$copies" 2>/dev/null
# The last copy's surplus (its file names end in -(copies-1).txt).
find "$OUT/notes" -name "*-$(( copies - 1 )).txt" | sort | awk -v k=$(( copies * per_copy - NOTES )) 'NR <= k' | xargs -r rm
notes=$(find "$OUT/notes" -type f | wc -l)
bytes=$(find "$OUT/notes" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
echo "== $notes notes ($(per "$bytes" 1 1e6) MB), one SQLite store, $(nproc) cores; $(date -u +%F) $(git rev-parse --short HEAD 2>/dev/null)"
measured "$W" --data "$D" ingest -q --jobs "$JOBS" "$OUT/notes"
rm -rf "$OUT/notes"
echo "  ingest (--jobs $JOBS): ${wall} s wall, ${cpu} s CPU ($(per "$bytes" "$cpu" 1e6) MB per CPU second), peak ${rss_mb} MB; $ran"
measure
