#!/usr/bin/env bash
# ann.sh — Ward's HNSW index next to hnswlib and FAISS IndexHNSWFlat.
#
# The same vectors for all three (inner product on L2-normalized vectors,
# which is Ward's cosine distance), the same M and efConstruction, the same
# build threads and the same timing harness (bench/ann_common.h). For each
# library: build time, index memory (resident-set growth during the build),
# and queries/s at recall@10 of 0.90, 0.95 and 0.99 at 1 and 2 search
# threads (interpolated between the ef values of a sweep around each recall;
# each point is the best of ANN_REPS runs), then Ward's
# ratio to each peer, and Ward's filtered search at 1% selectivity.
#
#   bench/ann.sh                     100k x 384 clustered vectors (default)
#   ANN_N=1000000 bench/ann.sh       the full-size run (long: build ~ minutes per library)
#   ANN_CORPUS=DATA_DIR bench/ann.sh  also the embeddings of an indexed store
#                                    (`ward index` run; ANN_N=0: only those)
# Other knobs: ANN_NQ (1000 queries), ANN_DIM (384), ANN_M (16), ANN_EFC
# (200), ANN_BUILD_THREADS (2), ANN_REPS (3, best of), ANN_LIBS ("ward
# hnswlib faiss"), ANN_INT8=1 (also Ward with int8 vectors), ANN_REPORT=FILE
# (print the table of an earlier run's raw lines again).
# Vectors and ground truth are written once under bench/out/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${ANN_N:-100000}
NQ=${ANN_NQ:-1000}
DIM=${ANN_DIM:-384}
LIBS=${ANN_LIBS:-ward hnswlib faiss}
export ANN_REPS=${ANN_REPS:-3} ANN_M=${ANN_M:-16} ANN_EFC=${ANN_EFC:-200} ANN_BUILD_THREADS=${ANN_BUILD_THREADS:-2}
WARD_NO_LLAMA=1 scripts/setup.sh --bench   # hnswlib and FAISS: bench-only packages
make -s build >/dev/null
B=build/bench
OUT=bench/out
mkdir -p "$OUT"

# prints the qps (column col: 8 wall-clock, 12 per CPU-second) at recall r
# with t threads, interpolated between the two ef values around r (the ef
# grid is coarse), or "-" when no ef reached r
qps_at() {  # file lib threads recall [col]
  awk -v lib="$2" -v t="$3" -v r="$4" -v col="${5:-8}" '$1 == lib && $2 == "search" && $6 == t && !done {
      if ($10 >= r - 1e-9) {
        q = $col
        if (have && r0 < r) q = q0 + (q - q0) * (r - r0) / ($10 - r0)
        done = 1
      }
      have = 1; r0 = $10; q0 = $col }
      END { if (done) printf "%.0f", q; else print "-" }' "$1"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2fx", a / b }'; }

run_set() {  # name base queries gt
  local name=$1 base=$2 q=$3 gt=$4 res="$OUT/ann-$1.txt"
  : > "$res"
  for lib in $LIBS; do
    case $lib in
      ward) ANN_INT8=0 nice "$B/bench_ann" run "$base" "$q" "$gt" >> "$res"
            if [ "${ANN_INT8:-0}" = 1 ]; then ANN_INT8=1 nice "$B/bench_ann" run "$base" "$q" "$gt" >> "$res"; fi ;;
      *) if [ -x "$B/bench_ann_$lib" ]; then nice "$B/bench_ann_$lib" "$base" "$q" "$gt" >> "$res"
         else echo "  ($lib not built: install its Debian package, see scripts/setup.sh)"; fi ;;
    esac
  done
  report "$name" "$res"
}

report() {  # name raw-lines-file
  local name=$1 res=$2
  echo "== $name: M=$ANN_M efConstruction=$ANN_EFC build threads=$ANN_BUILD_THREADS (raw lines: $res)"
  printf "  %-10s %9s %9s %10s" library build_s cpu_s memory_MB
  for r in 0.90 0.95 0.99; do printf " %9s %9s" "qps@$r/1t" "/2t"; done
  echo
  for lib in $(awk '$2 == "build" { print $1 }' "$res"); do
    awk -v lib="$lib" '$1 == lib && $2 == "build" { printf "  %-10s %9.1f %9.1f %10.0f", lib, $6, $10, $8 / 1048576 }' "$res"
    for r in 0.90 0.95 0.99; do printf " %9s %9s" "$(qps_at "$res" "$lib" 1 $r)" "$(qps_at "$res" "$lib" 2 $r)"; done
    echo
  done
  for peer in hnswlib faiss; do
    grep -q "^$peer build" "$res" || continue
    printf "  ward / %-8s" "$peer"
    for r in 0.90 0.95 0.99; do
      for t in 1 2; do printf " %s" "$(ratio "$(qps_at "$res" ward $t $r)" "$(qps_at "$res" $peer $t $r)")"; done
    done
    echo "   (qps ratio at recall 0.90/0.95/0.99, 1t 2t)"
  done
  echo "  queries per CPU-second, 1 thread (less disturbed by other load on a shared machine):"
  for lib in $(awk '$2 == "build" { print $1 }' "$res"); do
    printf "  %-10s" "$lib"
    for r in 0.90 0.95 0.99; do printf " @%s %6s" $r "$(qps_at "$res" "$lib" 1 $r 12)"; done
    if [ "${lib#ward}" = "$lib" ]; then
      printf "   ward/%s" "$lib"
      for r in 0.90 0.95 0.99; do printf " %s" "$(ratio "$(qps_at "$res" ward 1 $r 12)" "$(qps_at "$res" "$lib" 1 $r 12)")"; done
    fi
    echo
  done
  awk '$2 ~ /^filtered/ { e = ($7 == "ef"); printf "  %s %s at 1%%: allowed %s ef %s qps %.0f (per CPU-s %.0f) recall@10 %.3f\n",
       $1, $2, $6, (e ? $8 : "exact"), (e ? $12 : $10), (e ? $16 : $14), (e ? $14 : $12) }' "$res"
}

if [ -n "${ANN_REPORT:-}" ]; then   # the table again from a run's raw lines
  report "$(basename "$ANN_REPORT" .txt)" "$ANN_REPORT"
  exit 0
fi

base="$OUT/ann-$N-$DIM.base" q="$OUT/ann-$N-$DIM.q" gt="$OUT/ann-$N-$DIM.gt"
if [ "$N" != 0 ] && [ ! -s "$gt" ]; then
  echo "generating $N x $DIM clustered vectors and exact top-10 for $NQ queries (once)..."
  "$B/bench_ann" gen "$N" "$NQ" "$DIM" "$base" "$q"
  nice "$B/bench_ann" gt "$base" "$q" "$gt" 2
fi
[ "$N" != 0 ] && run_set "clustered-$N-x$DIM" "$base" "$q" "$gt"

if [ -n "${ANN_CORPUS:-}" ]; then
  cb="$OUT/ann-corpus.base" cq="$OUT/ann-corpus.q" cg="$OUT/ann-corpus.gt"
  "$B/bench_ann" export "$ANN_CORPUS" "$NQ" "$cb" "$cq"
  nice "$B/bench_ann" gt "$cb" "$cq" "$cg" 2
  run_set corpus "$cb" "$cq" "$cg"
fi
