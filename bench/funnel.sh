#!/usr/bin/env bash
# funnel.sh — funnel throughput per core on the mtsamples reports, and a
# robustness run of the whole corpus under ASan+UBSan.
#
# Prints MB/s and notes/s per core for de-identification alone and for the
# full funnel (sections, sentences, chunks, de-identification, ConText and
# concept extraction). The floor for the full funnel is 5 MB/s.
#   bench/funnel.sh [SHARED_DATA_DIR] [--asan]     (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data ASAN=0
for a in "$@"; do case "$a" in --asan) ASAN=1 ;; *) DATA=$a ;; esac; done
OUT=${BENCH_OUT:-build/bench-funnel}
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build build -j2 --target bench_funnel bench_csv2notes >/dev/null
rm -rf "$OUT"; mkdir -p "$OUT"
build/bench/bench_csv2notes "$DATA/mtsamples/mtsamples_reconstructed.csv" "$OUT/notes" 1 2>/dev/null
echo "== funnel on $(ls "$OUT/notes" | wc -l) mtsamples reports (one core)"
build/bench/bench_funnel "$OUT/notes" "${REPEAT:-3}" | while read -r name bytes notes secs spans; do
  awk -v n="$name" -v b="$bytes" -v k="$notes" -v s="$secs" -v sp="$spans" 'BEGIN {
    printf "  %-7s %8.2f MB/s  %9.0f notes/s  (%.1f MB, %d notes, %.2f s, %d spans)\n",
      (n == "deid" ? "deid" : "full"), b / 1e6 / s, k / s, b / 1e6, k, s, sp }'
done
if [ "$ASAN" = 1 ]; then
  echo "== robustness: the whole corpus under ASan+UBSan"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWARD_SANITIZE=ON >/dev/null && cmake --build build-asan -j2 --target bench_funnel >/dev/null
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    build-asan/bench/bench_funnel "$OUT/notes" 1 >/dev/null && echo "  ok: no crash, no sanitizer report"
fi
