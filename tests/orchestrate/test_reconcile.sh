# test_reconcile.sh — one chart, one fact per real-world fact, in every
# consumer. data/reconcile holds one patient sent the way hospitals send
# her: a FHIR bundle, HL7 v2 (an ORU with the same INR result, an ADT with
# the same allergy) and a note that names her problems and allergy again.
#   - the same result from HL7 and FHIR is one fact with two sources, and
#     its trend compares it with the earlier result, not with its copy;
#   - problems by concept: the note's "Diabetes mellitus" is the coded
#     "Type 2 diabetes mellitus"; the note's "gout" is apart, mentioned in
#     notes; the negated "asthma" is nowhere;
#   - "anaphylaxis", the allergy's reaction, is never a problem;
#   - one allergy per substance ("Allergy to peanuts", "peanuts");
#   - medications by ingredient with the latest status (metformin 500 mg
#     stopped, then 1000 mg active: one row, active).
# show (= the API's chart), summarize, ask and instructions all agree.
. "$WARD_TESTS/lib.sh"
D="$WARD_TESTS/fixtures/orchestrate/reconcile"
"$WARD" init >/dev/null || fail "init"
"$WARD" ingest -q "$D" >/dev/null || fail "ingest"

# ward show --json (ward_chart_json: also GET /api/v1/patients/{id})
expect_status 0 "show" "$WARD" show p9 --json
C="$T/chart.json"
cp "$T/out" "$C"
check "one INR fact" jq -e '[.observations[] | select(.concept == "inr")] | length == 1' "$C"
check "INR from FHIR and HL7 v2" \
  jq -e '.observations[] | select(.concept == "inr") | [.sources[].origin] | sort == ["FHIR", "HL7 v2"]' "$C"
check "INR previous is the earlier result" \
  jq -e '.observations[] | select(.concept == "inr") | .previous.value == "1.2" and .previous.date == "2024-01-10"' "$C"
check "no problem twice (diabetes)" jq -e '[.problems[], .mentioned_in_notes[] | select(.text | test("diabetes"; "i"))] | length == 1' "$C"
check "the coded diabetes has the note as a source too" \
  jq -e '.problems[] | select(.text == "Type 2 diabetes mellitus") | .sources | map(.origin) == ["FHIR", "note"]' "$C"
check "gout mentioned in notes" jq -e '[.mentioned_in_notes[] | select(.text == "gout" and .status == "mentioned in notes")] | length == 1' "$C"
check "gout is not a coded problem" jq -e '[.problems[] | select(.text | test("gout"; "i"))] | length == 0' "$C"
check "negated asthma nowhere" jq -e '[.problems[], .mentioned_in_notes[] | select(.text | test("asthma"; "i"))] | length == 0' "$C"
check "the reaction is no problem" jq -e '[.problems[], .mentioned_in_notes[] | select(.text | test("anaphylaxis"; "i"))] | length == 0' "$C"
check "one allergy row" jq -e '.allergies | length == 1' "$C"
check "the allergy from FHIR, HL7 v2 and the note" \
  jq -e '.allergies[0].sources | map(.origin) | sort == ["FHIR", "HL7 v2", "note"]' "$C"
check "one metformin row, active, the 1000 mg" \
  jq -e '[.medications[] | select(.text | test("metformin"; "i"))] | length == 1 and .[0].status == "active" and (.[0].text | test("1000"))' "$C"
check "heart failure coded, not also from a display variant" jq -e '[.problems[] | select(.concept == "congestive heart failure")] | length == 1' "$C"
"$WARD" show p9 > "$T/show.txt"
contains "$T/show.txt" "(previous 1.2 on 2024-01-10)" "the readable chart shows the earlier INR"
contains "$T/show.txt" "[FHIR + HL7 v2]" "the readable chart shows both feeds"

# ward summarize
expect_status 0 "summarize" "$WARD" summarize --patient p9 --json --no-draft
S="$T/summary.json"
cp "$T/out" "$S"
lines() { jq -r --arg t "$1" '.sections[] | select(.title == $t) | .lines[] | select(.supported) | .text' "$S"; }
check "summary INR trend against 2024-01-10" test "$(lines 'Recent labs and vitals' | grep -c 'up from 1.2 {INR} on 2024-01-10')" = 1
check "summary never compares a result with itself" test "$(lines 'Recent labs and vitals' | grep -c 'unchanged')" = 0
check "summary: one allergy" test "$(lines Allergies | wc -l)" = 1
check "summary: problems by concept" test "$(lines 'Active problems' | grep -ci diabetes)" = 1
check "summary: gout apart" test "$(lines 'Mentioned in notes')" = "gout (mentioned in notes)"
check "summary: no reaction as a problem" test "$(jq -r '[.sections[].lines[].text] | map(select(test("^anaphylaxis"; "i"))) | length' "$S")" = 0
check "summary: one metformin" test "$(lines Medications | grep -ci metformin)" = 1

# ward ask: the previous value is the earlier result
expect_status 0 "ask INR" "$WARD" ask "What is the latest INR?" --patient p9 --no-draft
contains "$T/out" "The previous value was 1.2 {INR} on 2024-01-10" "ask compares with the earlier INR"
expect_status 0 "ask allergies" "$WARD" ask "What allergies does she have?" --patient p9 --no-draft --json
check "ask lists the allergy once" test "$(jq -r '.answer' "$T/out" | grep -o 'peanuts' | wc -l)" = 1

# ward instructions: the medicine list is the reconciled one
expect_status 0 "instructions" "$WARD" instructions --patient p9 --no-draft --json
check "instructions name metformin once" test "$(jq -r '[.sections[].lines[].text] | map(select(test("metformin"; "i"))) | length' "$T/out")" -le 1
finish
