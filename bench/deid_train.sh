#!/bin/sh
# deid_train.sh — the de-identification tagger's training recipe: writes
# data/deid_model.tsv, or cross-validates it (docs/funnel.md, "The learned
# tagger").
#
#   bench/deid_train.sh [--cv] [bench_deid_train options...]
#
# Training notes: every tests/fixtures/funnel/deid_notes_dev*.txt, nothing
# else. Not the mtsamples reports of bench/deid_real.sh: their licence is
# research use only (../shared/data/mtsamples/SOURCE.txt) and training on
# them did not pay for it (docs/funnel.md, "The learned tagger"). The
# held-out sets are never read.
# --cv: 5 folds of consecutive dev notes, with the check files; options
# after it go to bench_deid_train and come last, so that thresholds are
# chosen on the folds with the recipe's own training ("--thresholds
# 225,250,275", "--sweep FACILITY=275,300"; DEID_TRAIN_FOLDS=DIR keeps the
# fold models for another run's scoring). Without
# it, the model written is scored on the check files (deid_tricky.txt,
# deid_classes/) and the exit status is 1 if it fails them.
set -eu
cd "$(dirname "$0")/.."
CV=
[ "${1:-}" = "--cv" ] && { CV=1; shift; }
B=${BUILD:-build}
F=tests/fixtures/funnel
[ -x "$B/bench/bench_deid_train" ] || { echo "deid_train: build first" >&2; exit 2; }
OPTS="--seed 3 --aug 6 --min-weight 8 --threshold 250 --type-threshold FACILITY=300 --type-threshold DATE=200 --type-threshold ADDRESS=300"
CHECKS=
for c in $F/deid_tricky.txt $F/deid_classes/*.txt; do CHECKS="$CHECKS --check $c"; done
if [ -n "$CV" ]; then
  # shellcheck disable=SC2086
  "$B/bench/bench_deid_train" --cv 5 --thresholds 250 $OPTS "$@" $CHECKS $F/deid_notes_dev*.txt
else
  # the check files: exit status 1 if the model finds less than the rules
  # there or redacts a token they keep
  # shellcheck disable=SC2086
  "$B/bench/bench_deid_train" $OPTS "$@" $CHECKS --out data/deid_model.tsv $F/deid_notes_dev*.txt
fi
