#!/usr/bin/env bash
# synth.sh — `ward synth` throughput: 10,000 patients with notes (FHIR
# bundles, HL7, notes, transcripts, sidecars, questions), the target being
# under 2 minutes. Prints patients/s and MB/s, never patient data.
#   bench/synth.sh [N]        (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
make -s build >/dev/null
OUT=${BENCH_OUT:-build/bench-synth}
rm -rf "$OUT"
t0=$(date +%s.%N)
build/ward synth --patients "$N" --seed 1 --out "$OUT" --json -q > build/bench-synth.json
t1=$(date +%s.%N)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
bytes=$(sed -n 's/.*"bytes": \([0-9.e+]*\).*/\1/p' build/bench-synth.json)
notes=$(sed -n 's/.*"notes": \([0-9]*\).*/\1/p' build/bench-synth.json)
res=$(sed -n 's/.*"resources": \([0-9]*\).*/\1/p' build/bench-synth.json)
awk -v n="$N" -v s="$secs" -v b="$bytes" -v k="$notes" -v r="$res" 'BEGIN {
  printf "ward synth: %d patients in %.1f s: %.0f patients/s, %.1f MB/s (%.0f MB, %d notes, %d FHIR resources)\n",
         n, s, n / s, b / 1e6 / s, b / 1e6, k, r
  printf "target: under 120 s for 10,000 patients with notes: %s\n", (n == 10000 ? (s < 120 ? "met" : "NOT met") : "n/a")
}'
# The same seed twice gives the same bytes (checked on a slice, for speed).
build/ward synth --patients 200 --seed 1 --out "$OUT-a" -q
build/ward synth --patients 200 --seed 1 --out "$OUT-b" -q
diff -rq "$OUT-a" "$OUT-b" >/dev/null && echo "determinism: byte-identical" || echo "determinism: DIFFERENT"
rm -rf "$OUT-a" "$OUT-b"
