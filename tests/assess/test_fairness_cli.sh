# test_fairness_cli.sh — the oversight commands end to end on a small
# generated cohort: `ward eval fairness` writes JSON, Markdown and HTML with
# SVG charts and a counterfactual flip rate of 0 in extractive mode; every
# eval run is in `ward eval history`; `ward eval compare --gate` exits 2 on a
# planted regression and 0 otherwise; `ward monitor` reports review rates
# and drift; `ward feedback export` carries no PHI of the patients; `ward
# card` states the latest metrics and the evaluations behind them.
. "$WARD_TESTS/lib.sh"
"$WARD" synth --patients 16 --seed 3 --out "$T/c" -q >/dev/null 2>&1 || fail "synth"

expect_status 0 "eval fairness" "$WARD" eval fairness --cohort "$T/c" --out "$T/r" --counterfactual 4 --min-n 5 --json
R="$T/out"
check "report files" test -s "$T/r.json" -a -s "$T/r.md" -a -s "$T/r.html"
check "metrics broken down by sex, race, ethnicity, age band, language" \
  jq -e '[.metrics[] | select(.name == "answer_accuracy") | .by | keys[]] as $k
         | ["sex", "race", "ethnicity", "age_band", "language", "sex+race"] | all(. as $a | $k | index($a))' "$R"
check "every group has n, an interval and a difference to the best" \
  jq -e '[.metrics[].by[].groups[]] | length > 20 and all(.n > 0 and .lo <= .value and .value <= .hi and (.diff | type) == "number")' "$R"
check "de-identification recall by name origin" \
  jq -e '.metrics[] | select(.name == "deid_name_recall_by_origin") | .by.token_origin.groups | length >= 3' "$R"
check "counterfactual: extractive output never changes ($(jq -c .counterfactual "$R"))" \
  jq -e '.counterfactual.outputs >= 20 and .counterfactual.changed == 0 and .counterfactual.flip_rate == 0' "$R"
contains "$T/r.html" "<svg" "html has charts"
contains "$T/r.md" "## Flags" "markdown has the flags"
check "no patient id in the report" sh -c "! grep -q \"$(jq -r .patient "$T/c/patients.jsonl" | head -1)\" '$T/r.json' '$T/r.md' '$T/r.html'"

# History: every eval run is recorded, with the seed of its cohort.
expect_status 0 "eval tasks" "$WARD" eval tasks --cohort "$T/c" --patients 4 --json
expect_status 0 "eval tasks again" "$WARD" eval tasks --cohort "$T/c" --patients 4 --json
expect_status 0 "eval tasks, a third time" "$WARD" eval tasks --cohort "$T/c" --patients 4 --json
expect_status 0 "history" "$WARD" eval history --json
check "four runs, seed 3" jq -e 'length == 4 and all(.cohort_seed == 3) and .[3].command == "eval fairness"' "$T/out"
expect_status 0 "history of one metric" "$WARD" eval history --metric questions.accuracy --json
check "metric history" jq -e 'length == 3 and all(.value > 0.8)' "$T/out"
expect_status 0 "same results pass the gate" "$WARD" eval compare 2 3 --gate 0
# A planted regression: a baseline run whose accuracy is made 0.2 higher.
sqlite3 "$WARD_DATA/ward.db" "UPDATE eval_metrics SET value = value + 0.2 WHERE run_id = 4 AND name = 'questions.accuracy'" \
  || fail "plant the regression"
expect_status 2 "a regression fails the gate" "$WARD" eval compare 4 3 --gate 0.05
contains "$T/out" "REGRESSED" "the regressed metric is named"
expect_status 0 "within tolerance passes" "$WARD" eval compare 4 3 --gate 0.5
expect_status 1 "compare needs two runs" "$WARD" eval compare 4

# Monitoring and feedback from reviewed drafts.
P=$(jq -r .patient "$T/c/patients.jsonl" | head -1)
"$WARD" summarize --patient "$P" >/dev/null 2>&1 || fail "summarize"
"$WARD" ask "What is the latest hemoglobin A1c?" --patient "$P" >/dev/null 2>&1 || fail "ask"
"$WARD" instructions --patient "$P" >/dev/null 2>&1 || fail "instructions"
NAME=$("$WARD" patients --json | jq -r --arg p "$P" '.[] | select(.id == $p) | .name')
printf 'Reviewed for %s: chart summary confirmed.\n' "$NAME" > "$T/edit.txt"
"$WARD" review 1 --approve >/dev/null 2>&1 || fail "approve"
"$WARD" review 2 --edit "$T/edit.txt" >/dev/null 2>&1 || fail "edit"
"$WARD" review 3 --reject >/dev/null 2>&1 || fail "reject"
expect_status 0 "monitor" "$WARD" monitor --json
check "review rates ($(jq -c .drafts "$T/out"))" \
  jq -e '.drafts.reviewed == 3 and .drafts.approval_rate > 0.33 and .drafts.approval_rate < 0.34
         and .drafts.edit_rate > 0.33 and .drafts.edit_distance > 0 and (.input.missing_unit_share | type) == "number"' "$T/out"
expect_status 0 "monitor metrics" "$WARD" monitor --metrics
contains "$T/out" "ward_monitor_approval_rate{task=\"summarize\"" "prometheus lines"
expect_status 0 "feedback export" "$WARD" feedback export --out "$T/fb.jsonl"
check "two supervised examples, one preference pair" \
  jq -se '[.[] | select(.type == "supervised")] | length == 2' "$T/fb.jsonl"
check "preference pair" jq -se '[.[] | select(.type == "preference")] | length == 1' "$T/fb.jsonl"
# No PHI: none of the patient's identifiers (name words, MRN, birth date, id)
# nor any identifier the truth of their notes marks.
[ -n "$NAME" ] || fail "patient name"
for w in $NAME "$P" $(jq -r --arg p "$P" 'select(.patient == $p) | .birth_date' "$T/c/patients.jsonl") \
         $(cat "$T"/c/notes/"$P"-*.truth.json | jq -r '.phi[] | select((.text | length) >= 4 and .type != "AGE") | .text' | sort -u | tr ' ' '_'); do
  w=${w//_/ }
  if grep -qiwF -- "$w" "$T/fb.jsonl"; then fail "PHI in the feedback export: a ${#w}-character identifier"; fi
done
pass

expect_status 0 "card" "$WARD" card --out "$T/card.md"
contains "$T/card.md" "## Intended use" "card: intended use"
contains "$T/card.md" "| answer_accuracy |" "card: latest metrics"
contains "$T/card.md" "- by sex:" "card: metrics by group"
contains "$T/card.md" "ward eval fairness | 0.1.0" "card: evaluations with their version"
finish
