#!/usr/bin/env bash
# demo.sh — Ward's main job on its built-in default: generate a synthetic
# cohort (`ward synth`, a few hundred patients in seconds), load it with
# the example literature, show a chart, search, then draft summaries,
# answers, a SOAP note and patient instructions for review. In a terminal it
# ends by serving the web workspace on 127.0.0.1 (DEMO_PORT, default 8080;
# DEMO_SERVE=0 skips it) with one demo sign-in per role, until Ctrl-C. Uses
# fresh directories under build/. DEMO_PATIENTS and DEMO_YEARS change the
# cohort's size.
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

# In a terminal, the tour ends in the clinician workspace: demo users, one
# per role (fresh random passwords each run), and `ward serve` on loopback
# until Ctrl-C (SIGINT: requests finish, the WAL is checkpointed, exit 0).
# Without a terminal (CI, a pipe) the demo stops here, as before.
if [ -t 1 ] && [ "${DEMO_SERVE:-1}" != 0 ]; then
  step "ward serve: the clinician workspace"
  pw() { head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
  declare -A PW
  for u in clinician:drdemo nurse:nursedemo researcher:researchdemo patient:patientdemo admin:admindemo; do
    role=${u%%:*} name=${u#*:}
    PW[$name]=$(pw)
    extra=(); [ "$role" = patient ] && extra=(--patient "$pid")
    printf '%s\n' "${PW[$name]}" | $WARD users add "$name" --role "$role" "${extra[@]}" --password-stdin >/dev/null
  done
  # The clinician and the nurse care for the first 30 patients and the chart above.
  for p in "$pid" $($WARD patients --json | sed -n 's/.*"id": "\([^"]*\)".*/\1/p' | sed -n 1,30p); do
    $WARD care-team add drdemo "$p" >/dev/null
    $WARD care-team add nursedemo "$p" >/dev/null
  done
  port=${DEMO_PORT:-8080}
  cat <<MSG

  The workspace: http://127.0.0.1:$port/   (Ctrl-C stops it)

  Sign in as (role: user / password)
    clinician:  drdemo / ${PW[drdemo]}
    nurse:      nursedemo / ${PW[nursedemo]}
    researcher: researchdemo / ${PW[researchdemo]}
    patient:    patientdemo / ${PW[patientdemo]}   (the chart shown above)
    admin:      admindemo / ${PW[admindemo]}

MSG
  exec $WARD serve --listen "127.0.0.1:$port"
fi
