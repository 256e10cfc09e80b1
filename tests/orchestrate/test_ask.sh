# test_ask.sh — `ward ask` end to end with the extractive backend: chart
# questions answered from structured records with dates and citations,
# "Not found in the record" when the chart does not say, literature
# questions quoted, every citation a real chunk of the right patient, a
# draft stored and the access audited.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/orchestrate/fixture.sh"
db() { sqlite3 "$WARD_DATA/ward.db" "$1"; }

ask() { "$WARD" ask --json "$@" > "$T/a.json" 2>"$T/err" || fail "ask $*: $(cat "$T/err")"; }
# answer_has TEXT DESCRIPTION
answer_has() { if jq -e --arg t "$1" '.answer | contains($t)' "$T/a.json" >/dev/null; then pass; else fail "$2: '$1' not in $(jq -r .answer "$T/a.json")"; fi; }
# Every citation is a chunk of patient $1 whose text holds its quote at its offsets.
citations_sound() {
  local n bad=0
  n=$(jq '.citations | length' "$T/a.json")
  [ "$n" -gt 0 ] || { fail "no citations for $(jq -r .answer "$T/a.json")"; return; }
  for i in $(seq 0 $((n - 1))); do
    cid=$(jq ".citations[$i].chunk_id" "$T/a.json"); s=$(jq ".citations[$i].start" "$T/a.json"); e=$(jq ".citations[$i].end" "$T/a.json")
    q=$(jq -r ".citations[$i].quote" "$T/a.json")
    want=$(db "SELECT substr(CAST(d.text AS BLOB), $s + 1, $e - $s) FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id = $cid AND coalesce(d.patient_id,'') = '$1'")
    [ "$want" = "$q" ] || bad=1
  done
  [ "$bad" = 0 ] && pass || fail "a citation does not match its document span or patient"
}

ask "What was the most recent hemoglobin A1c?" --patient p1
answer_has "8.1 %" "latest A1c value"; answer_has "2024-03-02" "latest A1c date"; answer_has "7.4" "previous A1c for the trend"
citations_sound p1
check "backend says extractive" test "$(jfield "$T/a.json" .backend)" = extractive
check "found is true" test "$(jfield "$T/a.json" .found)" = true
draft=$(jfield "$T/a.json" .draft_id)
check "draft stored with task, backend and citations" test "$(db "SELECT task||'|'||backend||'|'||status||'|'||(json_array_length(citations)>0) FROM drafts WHERE id=$draft")" = "ask|extractive|draft|1"
check "draft has a prompt hash and verification" test "$(db "SELECT length(prompt_hash)||'|'||json_extract(verification,'$.dropped') FROM drafts WHERE id=$draft")" = "64|0"
check "ask audited" test "$(db "SELECT count(*) FROM audit WHERE action='ask' AND patient_id='p1' AND outcome='ok'")" -ge 1

ask "Is she on an anticoagulant?" --patient p1; answer_has "Apixaban" "anticoagulant named"; citations_sound p1
ask "What are her current medications?" --patient p1
answer_has "Metformin" "metformin listed"; answer_has "Lisinopril" "lisinopril listed"
if jq -e '.answer | contains("Atorvastatin")' "$T/a.json" >/dev/null; then fail "stopped medication listed as current"; else pass; fi
ask "Is she taking atorvastatin?" --patient p1; answer_has "not current" "stopped drug reported as not current"
ask "Any allergies?" --patient p1; answer_has "Penicillin" "allergy listed"; citations_sound p1
ask "Does she have diabetes?" --patient p1; answer_has "Type 2 diabetes" "condition found"
ask "What was her last blood pressure?" --patient p1; answer_has "142" "systolic"; answer_has "88" "diastolic"
ask "latest creatinine" --patient p1; answer_has "1.1 mg/dL" "creatinine"
ask "What is her CHA2DS2-VASc score?" --patient p1
# p1: woman born 1952-05-10 with hypertension and diabetes: 3 points + 1 (65-74) or 2 (75+).
age=$(( $(date -u +%Y) - 1952 - ( $(date -u +%m%d | sed 's/^0//') < 510 ? 1 : 0 ) ))
answer_has "$([ "$age" -ge 75 ] && echo 5 || echo 4) points" "CHA2DS2-VASc from the chart (age $age)"
check "tool output recorded" test "$(jfield "$T/a.json" .tool.calculator)" = cha2ds2-vasc
citations_sound p1

for q in "What is her latest potassium?" "Does she have asthma?" "Has she had a heart attack?"; do
  ask "$q" --patient p1
  answer_has "Not found in the record" "not in the record: $q"
  check "found is false: $q" test "$(jfield "$T/a.json" .found)" = false
done
# p2's asthma is p2's: no answer for p1 cites p2's chunks, and p2 gets its own.
ask "Does the patient have asthma?" --patient p2; answer_has "Asthma" "p2 asthma"; citations_sound p2
ask "What was the most recent hemoglobin A1c?" --patient p2; answer_has "5.2" "p2's own A1c"; citations_sound p2

# Literature: no patient, quotes the guideline.
ask "Is apixaban preferred over warfarin?"
answer_has "apixaban are preferred over warfarin" "guideline quoted"; citations_sound ""
ask "What is the treatment for gout flares?"; answer_has "Not found in the record" "nothing in the literature"

# Researchers must not see PHI: the same answer, de-identified (dates are identifiers).
WARD_ROLE=researcher "$WARD" ask --json "What was the most recent hemoglobin A1c?" --patient p1 > "$T/a.json" || fail "researcher ask"
answer_has "8.1 %" "researcher still gets the value"
check "researcher answer has no dates" test "$(jq -r '.answer, .citations[].quote' "$T/a.json" | grep -c '2024-03-02')" = 0
check "de-identification recorded" test "$(jfield "$T/a.json" .verification.deidentified)" = true
check "stored draft de-identified too" test "$(db "SELECT instr(output, '2024-03-02') FROM drafts WHERE id=$(jfield "$T/a.json" .draft_id)")" = 0

# Text output: answer, sources, backend line.
"$WARD" ask "latest A1c" --patient p1 > "$T/out" || fail "text ask"
contains "$T/out" "Sources" "text output lists sources"
contains "$T/out" "backend extractive" "text output names the backend"

expect_status 1 "ask without a question" "$WARD" ask --patient p1
expect_status 2 "unknown patient" "$WARD" ask "anything" --patient nobody
contains "$T/err" "no patient" "unknown patient named as such"
check "not-found access audited" test "$(db "SELECT count(*) FROM audit WHERE action='ask' AND patient_id='nobody' AND outcome='not_found'")" = 1
expect_status 0 "help" "$WARD" ask --help
finish
