#!/bin/sh
# aci.sh — visit notes from whole conversations: Ward's `note` task on
# ACI-Bench (../shared/data/aci-bench, train 67 and valid 20 visits),
# ROUGE-1/2/L (F1 x100) against each visit's reference note, beside the
# whole transcript copied as the note, computed in the same run.
# Rules are tuned on train only; valid is reported.
#   bench/aci.sh [BUILD_DIR] [OUTDIR]   (OUTDIR: keep Ward's notes to read)
set -e
B=${1:-build}
O=${2:-}
D=${ACI_BENCH:-../shared/data/aci-bench}
[ -d "$D" ] || D=../../shared/data/aci-bench   # from a worktree one level deeper
[ -x "$B/bench/bench_aci" ] || { echo "build first: cmake --build $B" >&2; exit 1; }
for s in train valid; do
  [ -f "$D/$s.csv" ] || { echo "missing $D/$s.csv" >&2; exit 1; }
  echo "== $s"
  [ -z "$O" ] || mkdir -p "$O/$s"
  "$B/bench/bench_aci" "$D/$s.csv" ${O:+"$O/$s"}
done
