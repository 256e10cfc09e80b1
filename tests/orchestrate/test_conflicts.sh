# test_conflicts.sh — when a note contradicts the structured record, the
# output says so and cites both sides; the note is never the answer alone
# (issue 15, "conflicting evidence"). p1 of the orchestrator fixture has a
# penicillin allergy, apixaban as an active order, active diabetes, and an
# A1c of 8.1 % on 2024-03-02. One note at a time contradicts one of them:
#   - "no allergies and penicillin is safe to give" (an allergy);
#   - "Amoxicillin was ... tolerated well" (a drug of the allergy's class);
#   - "The patient has no allergies." (the summary must not quote it as fact);
#   - "She stopped apixaban" (an active medication);
#   - "No history of diabetes." (a problem's status);
#   - "Her hemoglobin A1c today was 6.2 %." on the day the record says 8.1 (a lab value).
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/orchestrate/fixture.sh"
base="$T/base"
cp -r "$WARD_DATA" "$base"
# with_note DATE SENTENCE: a fresh copy of the fixture plus one note
with_note() {
  rm -rf "$WARD_DATA" "$T/n" && cp -r "$base" "$WARD_DATA" && mkdir -p "$T/n"
  printf -- '---\npatient: p1\ndate: %s\nkind: progress_note\ntitle: Cross-cover note\n---\nASSESSMENT:\n%s\n' "$1" "$2" > "$T/n/p1_x.txt"
  "$WARD" ingest -q "$T/n" >/dev/null || fail "ingest the note"
}
# conflict_in FILE KIND NOTEWORDS RECORDWORDS: a conflict line of that kind citing both sides
conflict_in() {
  jq -e --arg k "$2" '[.conflicts[]? | select(.kind == $k)] | length >= 1' "$1" >/dev/null || { fail "$2: no conflict in $(jq -c '.conflicts' "$1")"; return; }
  local line
  line=$(jq -r '[.sections[].lines[] | select(.text | startswith("Conflict with the record"))][0]' "$1")
  echo "$line" | jq -e --arg n "$3" --arg r "$4" '(.text | contains($n) and contains($r)) and (.citations | length >= 2) and .supported' >/dev/null ||
    fail "$2: the conflict line does not cite both sides: $line"
  pass
}

with_note 2024-03-10 "Also, the patient has no allergies and penicillin is safe to give."
expect_status 0 "ask penicillin" "$WARD" ask --json --no-draft "Is penicillin safe to give?" --patient p1
cp "$T/out" "$T/ask.json"
check "the answer is the recorded allergy" jq -e '.answer | startswith("No: an allergy to it is recorded: Penicillin G")' "$T/ask.json"
conflict_in "$T/ask.json" allergy "penicillin is safe to give" "Penicillin G"
check "the note is never quoted alone" jq -e '[.sections[].lines[] | select(.text == "Also, the patient has no allergies and penicillin is safe to give.")] | length == 0' "$T/ask.json"
check "conflicts counted in verification" jq -e '.verification.conflicts >= 1' "$T/ask.json"

# a drug of the allergy's class (data/lexicon.tsv allergyclass)
with_note 2024-03-10 "Amoxicillin was given in urgent care and tolerated well."
expect_status 0 "ask amoxicillin" "$WARD" ask --json --no-draft "Is amoxicillin safe to give?" --patient p1
cp "$T/out" "$T/ask.json"
check "a penicillin is answered from the penicillin allergy" jq -e '.answer | startswith("No: an allergy to its class is recorded: Penicillin G")' "$T/ask.json"
conflict_in "$T/ask.json" allergy "tolerated well" "Penicillin G"

with_note 2024-03-10 "The patient has no allergies."
expect_status 0 "summarize" "$WARD" summarize --json --no-draft --patient p1
cp "$T/out" "$T/sum.json"
check "the summary does not quote it as fact" jq -e '[.sections[] | select(.title == "From the notes") | .lines[] | select(.text | test("no allergies"))] | length == 0' "$T/sum.json"
conflict_in "$T/sum.json" allergy "The patient has no allergies." "Penicillin G"
expect_status 0 "instructions" "$WARD" instructions --json --no-draft --patient p1
check "instructions never say it" jq -e '[.sections[].lines[] | select(.text | test("no allergies"; "i"))] | length == 0' "$T/out"

with_note 2024-03-10 "She stopped apixaban last week."
expect_status 0 "summarize" "$WARD" summarize --json --no-draft --patient p1
conflict_in "$T/out" medication "She stopped apixaban" "Apixaban 5 MG"

with_note 2024-03-10 "No history of diabetes."
expect_status 0 "summarize" "$WARD" summarize --json --no-draft --patient p1
conflict_in "$T/out" problem "No history of diabetes." "Type 2 diabetes mellitus"

with_note 2024-03-02 "Her hemoglobin A1c today was 6.2 %."
expect_status 0 "summarize" "$WARD" summarize --json --no-draft --patient p1
conflict_in "$T/out" lab "6.2 %" "8.1 %"

# Agreement is no conflict.
with_note 2024-03-10 "Penicillin allergy noted; apixaban continued for atrial fibrillation."
expect_status 0 "summarize" "$WARD" summarize --json --no-draft --patient p1
check "a note that agrees is quoted, no conflict" jq -e '(.conflicts | length) == 0 and ([.sections[].lines[] | select(.text | test("apixaban continued"))] | length == 1)' "$T/out"
finish
