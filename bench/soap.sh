#!/bin/sh
# soap.sh — SOAP notes from conversations: Ward's `note` task on MTS-Dialog
# (../shared/data/mts-dialog), ROUGE-1/2/L against the note section written
# from each dialogue, next to the dialogue itself as the peer.
#   bench/soap.sh [BUILD_DIR] [N] [OUTDIR]   (N: rows per file, 0 all; OUTDIR: keep the notes to read)
set -e
B=${1:-build}
N=${2:-0}
O=${3:-}
D=${MTS_DIALOG:-../shared/data/mts-dialog}
[ -d "$D" ] || D=../../shared/data/mts-dialog   # from a worktree one level deeper
[ -x "$B/bench/bench_soap_mts" ] || { echo "build first: cmake --build $B" >&2; exit 1; }
[ -z "$O" ] || mkdir -p "$O"
for f in "$D/MTS-Dialog-ValidationSet.csv" "$D/MTS-Dialog-TrainingSet.csv"; do
  [ -f "$f" ] || { echo "missing $f" >&2; exit 1; }
  echo "== $(basename "$f")"
  "$B/bench/bench_soap_mts" "$f" "$N" ${O:+"$O/$(basename "$f" .csv)"}
done
