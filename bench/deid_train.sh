#!/bin/sh
# deid_train.sh — the de-identification tagger's training recipe: writes
# data/deid_model.tsv, or cross-validates it (docs/funnel.md, "The learned
# tagger").
#
#   bench/deid_train.sh [--cv] [DATA_DIR]          (default ../shared/data)
#
# Training notes: every tests/fixtures/funnel/deid_notes_dev*.txt, and the
# TRAIN half of bench/deid_real.sh's mtsamples sample as gold notes
# (bench/deid_real_train.py: the spans the build redacts there in either
# mode that bench/deid_real_labels.tsv labels PHI are identifiers, every
# other word is not), written to build/deid_real_train.txt, never into the
# repository. The held-out sets and the VALIDATION half are never read.
# --cv: 5 folds of consecutive dev notes (the real notes are trained on in
# every fold, never scored), with the check files.
set -eu
cd "$(dirname "$0")/.."
CV=
[ "${1:-}" = "--cv" ] && { CV=1; shift; }
DATA=${1:-../shared/data}
[ -n "${1:-}" ] || [ -d "$DATA" ] || DATA=../../shared/data
CSV=$DATA/mtsamples/mtsamples_reconstructed.csv
B=${BUILD:-build}
F=tests/fixtures/funnel
[ -x "$B/bench/bench_deid_train" ] && [ -x "$B/bench/bench_deid_real" ] || { echo "deid_train: build first" >&2; exit 2; }
(WARD_DEID_TAGGER=0 "$B/bench/bench_deid_real" "$CSV"; "$B/bench/bench_deid_real" "$CSV") >"$B/deid_real_spans.txt"
python3 bench/deid_real_train.py "$B/deid_real_spans.txt" "$CSV" bench/deid_real_labels.tsv >"$B/deid_real_train.txt"
OPTS="--seed 3 --aug 6 --min-weight 8 --threshold 250 --type-threshold FACILITY=300 --type-threshold DATE=200 --also $B/deid_real_train.txt"
if [ -n "$CV" ]; then
  CHECKS=
  for c in $F/deid_tricky.txt $F/deid_classes/*.txt; do CHECKS="$CHECKS --check $c"; done
  # shellcheck disable=SC2086
  "$B/bench/bench_deid_train" --cv 5 --thresholds 250 $OPTS $CHECKS $F/deid_notes_dev*.txt
else
  # shellcheck disable=SC2086
  "$B/bench/bench_deid_train" $OPTS --out data/deid_model.tsv $F/deid_notes_dev*.txt
fi
