#!/usr/bin/env bash
# demo.sh — Ward's main job on its built-in default: load patient records,
# show a chart, search. Uses a fresh data directory under build/.
set -euo pipefail
cd "$(dirname "$0")/.."
WARD=build/ward
export WARD_DATA="${WARD_DATA:-build/demo-data}"
rm -rf "$WARD_DATA"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "ward init"
$WARD init
step "ward ingest examples/"
$WARD ingest examples
step "ward patients"
$WARD patients
for pid in $($WARD patients --json | sed -n 's/.*"id": "\([^"]*\)".*/\1/p'); do
  step "ward show $pid"
  $WARD show "$pid"
done
for q in "A1c" "chest pain" "anticoagulation atrial fibrillation"; do
  step "ward search \"$q\""
  $WARD search "$q" -k 3
done
step "ward stats"
$WARD stats
