# test_tasks.sh — summarize, note, instructions and priorauth end to end with
# the extractive backend: sections present, every line cited, citations
# real, the injection planted in a note not obeyed, drafts stored.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/orchestrate/fixture.sh"
db() { store_sql "$1"; }
run_json() { "$WARD" "$@" --json > "$T/r.json" 2>"$T/err" || fail "$*: $(cat "$T/err")"; }
text_has() { if jq -e --arg t "$1" '.text | contains($t)' "$T/r.json" >/dev/null; then pass; else fail "$2: '$1' not in output"; fi; }
text_lacks() { if jq -e --arg t "$1" '.text | ascii_downcase | contains($t | ascii_downcase)' "$T/r.json" >/dev/null; then fail "$2: '$1' in output"; else pass; fi; }
# Every non-frame line cites something, and every citation number exists.
all_cited() {
  local uncited bad
  uncited=$(jq '[.sections[].lines[] | select((.citations | length) == 0 and .supported == true)] | length' "$T/r.json")
  bad=$(jq '(.citations | length) as $n | [.sections[].lines[].citations[] | select(. < 1 or . > $n)] | length' "$T/r.json")
  [ "$bad" = 0 ] && pass || fail "$1: citation numbers out of range"
  echo "$uncited" > "$T/uncited"
}

# ---- summarize ----
run_json summarize --patient p1
for s in "Active problems" "Medications" "Allergies" "Recent labs and vitals" "Recent encounters" "From the notes"; do
  check "summary section $s" jq -e --arg s "$s" '[.sections[].title] | index($s) != null' "$T/r.json"
done
text_has "Atrial fibrillation" "active problem"; text_has "Apixaban" "medication"; text_has "Penicillin G" "allergy"
text_has "up from 7.4 %" "A1c trend"
text_lacks "Acute bronchitis" "resolved problem not active"
text_lacks "PWNED" "injected instruction not followed"
check "summary lines all cited (bar frame lines)" test "$(jq '[.sections[] | select(.title != "From the notes") | .lines[] | select((.citations|length)==0)] | length' "$T/r.json")" = 0
check "verification: all supported" test "$(jfield "$T/r.json" .verification.dropped)" = 0
check "injection refused and counted" test "$(jfield "$T/r.json" .verification.injections_refused)" -ge 1
all_cited summarize
check "summary draft stored" test "$(db "SELECT count(*) FROM drafts WHERE task='summarize' AND patient_id='p1'")" = 1
expect_status 1 "summarize needs a patient" "$WARD" summarize
expect_status 2 "summarize unknown patient" "$WARD" summarize --patient nobody

# ---- note ----
TR="$WARD_TESTS/fixtures/orchestrate/transcripts"
run_json note --transcript "$TR/colon.txt"
for s in "CHIEF COMPLAINT" "HISTORY OF PRESENT ILLNESS" "REVIEW OF SYSTEMS" "PHYSICAL EXAMINATION" "RESULTS" "ASSESSMENT AND PLAN"; do
  check "note section $s" jq -e --arg s "$s" '[.sections[].title] | index($s) != null' "$T/r.json"
done
text_has "4 days" "correction applied (three -> four days, in digits)"; text_lacks "3 days" "corrected words removed"; text_lacks "three days" "corrected words removed"
text_has "400 mg" "dose correction applied"; text_lacks "200 mg" "corrected dose removed"
text_lacks " um" "filler removed"; text_lacks "you know" "filler phrase removed"
text_has "150/90" "objective finding (numbers kept, \"over\" as a slash)"; text_has "musculoskeletal" "assessment"; text_has "ECG" "plan"
text_has "Denies fever or chills." "yes/no answer fused with its question"
check "note citations are turns" test "$(jq '[.citations[] | select(.turn == null)] | length' "$T/r.json")" = 0
check "turn quotes are transcript spans" test "$(jq -r '.citations[0] | "\(.start) \(.end)"' "$T/r.json" | { read s e; tail -c +$((s + 1)) "$TR/colon.txt" | head -c $((e - s)); })" = "$(jq -r '.citations[0].quote' "$T/r.json")"
"$WARD" note --transcript "$TR/colon.txt" > "$T/out" || fail "note text"
contains "$T/out" "HISTORY OF PRESENT ILLNESS" "note printed as text by default"
run_json note --transcript "$TR/brackets.txt"
text_has "osteoarthritis" "[doctor]/[patient] format"; check "[patient] role" test "$(jq -r '.turns[1].role' "$T/r.json")" = patient
run_json note --transcript "$TR/short.txt"
text_has "worse at night" "D:/P: format with a continued line"; text_has "97 percent" "objective from D:"
run_json note --transcript "$TR/names.txt"
check "Dr. name is the doctor" test "$(jq -r '.turns[0].role' "$T/r.json")" = doctor
check "other name is the patient" test "$(jq -r '.turns[1].role' "$T/r.json")" = patient
text_has "1000 mg" "plan from named speakers"
printf 'just some text with no speakers\n' > "$T/none.txt"
expect_status 2 "no conversation in file" "$WARD" note --transcript "$T/none.txt"
contains "$T/err" "no conversation found" "clear error"
expect_status 1 "note needs --transcript" "$WARD" note
expect_status 2 "missing transcript file" "$WARD" note --transcript "$T/nope.txt"

# ---- instructions ----
run_json instructions --patient p1
text_has "high blood pressure" "lexicon: hypertension"; text_has "irregular heartbeat" "lexicon: atrial fibrillation"
text_has "Take Metformin 500 mg" "medicine in plain words"; text_has "Penicillin" "allergy"
text_has "20 mg every day" "plan from the latest note, in plain words"
text_has "Next visit in 3 months" "a plan piece loses its opening conjunction"
text_has "tell every doctor and pharmacist" "allergy instruction"
check "reading grade measured and <= 6" jq -e '.reading_grade <= 6 and .target_grade == 6 and .grade_met' "$T/r.json"
check "instructions fully supported" test "$(jfield "$T/r.json" .verification.dropped)" = 0
"$WARD" instructions --patient p1 --grade 4 --json > "$T/r.json" && check "target grade taken" test "$(jfield "$T/r.json" .target_grade)" = 4
expect_status 1 "bad grade" "$WARD" instructions --patient p1 --grade 40

# ---- priorauth ----
run_json priorauth --patient p1 --request "continuous glucose monitor"
for s in Diagnosis "Relevant history" "Prior treatments and outcomes" "Supporting results"; do
  check "letter section $s" jq -e --arg s "$s" '[.sections[].title] | index($s) != null' "$T/r.json"
done
check "diabetes is the first diagnosis" test "$(jq -r '[.sections[] | select(.title=="Diagnosis") | .lines[0].text][0]' "$T/r.json" | cut -c1-15)" = "Type 2 diabetes"
text_has "tried diet changes without improvement" "prior treatment outcome quoted"
text_has "Atorvastatin 20 MG Oral Tablet (stopped" "stopped treatment listed"
expect_status 1 "priorauth needs --request" "$WARD" priorauth --patient p1
finish
