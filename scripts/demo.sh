#!/usr/bin/env bash
# demo.sh — Ward's main job on its built-in default: generate a synthetic
# cohort (`ward synth`, a few hundred patients in seconds), load it with
# the example literature, show a chart, search, then draft summaries,
# answers, a SOAP note and patient instructions for review. Uses fresh directories
# under build/. DEMO_PATIENTS and DEMO_YEARS change the cohort's size.
set -euo pipefail
cd "$(dirname "$0")/.."
WARD=build/ward
export WARD_DATA="${WARD_DATA:-build/demo-data}"
COHORT=build/demo-cohort
rm -rf "$WARD_DATA" "$COHORT"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "ward init"
$WARD init
step "ward synth --patients ${DEMO_PATIENTS:-200} --seed 42 --out $COHORT"
$WARD synth --patients "${DEMO_PATIENTS:-200}" --seed 42 --years "${DEMO_YEARS:-5}" --out "$COHORT"
step "ward ingest $COHORT examples/literature"
$WARD ingest "$COHORT" examples/literature
step "ward patients (first 10)"
$WARD patients | sed -n 1,11p
# A patient with atrial fibrillation and diabetes makes the richest chart.
pid=$(grep '"type 2 diabetes"' "$COHORT/patients.jsonl" | grep '"atrial fibrillation"' | grep '"deceased_date":null' |
      sed -n 1p | sed -n 's/.*"patient":"\([^"]*\)".*/\1/p')
[ -n "$pid" ] || pid=$($WARD patients --json | sed -n 's/.*"id": "\([^"]*\)".*/\1/p' | sed -n 1p)
step "ward show $pid"
$WARD show "$pid" | sed -n 1,60p
for q in "A1c" "chest pain" "anticoagulation atrial fibrillation"; do
  step "ward search \"$q\" --patient $pid"
  $WARD search "$q" --patient "$pid" -k 3
done
step "ward search \"metformin kidney\" (whole store)"
$WARD search "metformin kidney" -k 3
# Ward's main job: drafts for a clinician's review, each line cited. With no
# model configured they are extractive (assembled from cited records and
# sentences); `--model FILE.gguf` or `--llm-url URL` makes them generative.
step "ward summarize --patient $pid"
$WARD summarize --patient "$pid" | sed -n 1,40p
for q in "What is the latest hemoglobin A1c?" "Is she on an anticoagulant?" "Does the patient have chronic kidney disease?"; do
  step "ward ask \"$q\" --patient $pid"
  $WARD ask "$q" --patient "$pid"
done
step "ward ask \"Should metformin be stopped in CKD?\" (literature)"
$WARD ask "Should metformin be stopped in chronic kidney disease?"
transcript=$(grep -l '^kind: transcript' "$COHORT"/notes/*.txt | sed -n 1p)
if [ -n "$transcript" ]; then
  step "ward note --transcript $transcript"
  $WARD note --transcript "$transcript"
fi
step "ward instructions --patient $pid"
$WARD instructions --patient "$pid" | sed -n 1,30p
step "ward drafts (all drafts wait for a clinician's review)"
$WARD drafts | sed -n 1,12p
step "ward synth --stats $COHORT"
$WARD synth --stats "$COHORT"
step "ward stats"
$WARD stats
