#!/usr/bin/env bash
# deid_hostile.sh — de-identification of hostile texts (bench/deid_hostile.c)
# at two sizes: the larger must cost about its share more, not its square.
#
#   bench/deid_hostile.sh [SMALL LARGE]     CPU seconds (best of three) and
#                                           their ratio; default 250000 1000000
#   CALLGRIND=1 bench/deid_hostile.sh ...   instructions instead (valgrind
#                                           --tool=callgrind, de-identification
#                                           alone; a shared machine's timings
#                                           are noise, instructions are not)
#   BUILD=/tmp/mybuild ...                  another build's bench_deid_hostile
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL=${1:-250000} LARGE=${2:-1000000}
BUILD=${BUILD:-build}
if [ -z "${BUILD_SKIP:-}" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build "$BUILD" -j2 --target bench_deid_hostile >/dev/null
fi
B=$BUILD/bench/bench_deid_hostile
NAMES="one_line names digits punct cues headings"
instructions() {   # NAME SIZE
  local o
  o=$(mktemp)
  valgrind --tool=callgrind --toggle-collect=deid_measured --callgrind-out-file="$o" "$B" --one "$1" "$2" >/dev/null 2>&1
  callgrind_annotate "$o" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
  rm -f "$o"
}
if [ -n "${CALLGRIND:-}" ]; then
  echo "== instructions of de-identification, $SMALL and $LARGE bytes"
  for n in $NAMES; do
    a=$(instructions "$n" "$SMALL") b=$(instructions "$n" "$LARGE")
    awk -v n="$n" -v a="$a" -v b="$b" 'BEGIN { printf "  %-9s %9.1f M %9.1f M  x%.2f\n", n, a / 1e6, b / 1e6, b / a }'
  done
else
  echo "== CPU seconds of de-identification (best of three), $SMALL and $LARGE bytes"
  "$B" "$SMALL" "$LARGE" | awk '{ t[$1, ++k[$1]] = $3; s[$1, k[$1]] = $2 }
    k[$1] == 2 { printf "  %-9s %7.3f s %7.3f s  x%.2f\n", $1, t[$1, 1], t[$1, 2], t[$1, 2] / (t[$1, 1] > 0 ? t[$1, 1] : 1e-9) }'
fi
