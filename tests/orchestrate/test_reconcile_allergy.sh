# test_reconcile_allergy.sh — allergies by substance, with the notes' words.
# data/reconcile_allergy holds one patient whose record codes "Allergy to
# sulfonamide" (SNOMED 91939003), "Allergy to contrast media" (no code) and
# "Allergy to peanuts", and whose notes say "sulfa" (and earlier "sulfa
# drugs"), "iodinated contrast" and "peanut". Each is one allergy row with
# the record and the notes as sources; where the notes word the substance
# otherwise, their fullest words stand beside the record's ("Allergy to
# sulfonamide (notes: sulfa drugs)"), cited to the note, so an answer
# carries the words clinicians use. show (= the
# API's chart), summarize and ask agree.
. "$WARD_TESTS/lib.sh"
D="$WARD_TESTS/fixtures/orchestrate/reconcile_allergy"
"$WARD" init >/dev/null || fail "init"
"$WARD" ingest -q "$D" >/dev/null || fail "ingest"

expect_status 0 "show" "$WARD" show p10 --json
C="$T/chart.json"
cp "$T/out" "$C"
row() { jq -e --arg t "$1" "[.allergies[] | select(.text | test(\$t; \"i\"))] | $2" "$C" >/dev/null; }
check "three allergy rows" jq -e '.allergies | length == 3' "$C"
check "one sulfa row" row 'sulf' 'length == 1'
check "sulfonamide: the record and the note" row 'sulfonamide' '.[0].sources | map(.origin) | sort == ["FHIR", "note", "note"]'
check "sulfonamide: the notes' fuller words beside" row '^Allergy to sulfonamide \(notes: sulfa drugs\)' 'length == 1'
check "contrast media is the note's iodinated contrast" row 'contrast' 'length == 1'
check "contrast: the note's words beside" row '^Allergy to contrast media \(notes: iodinated contrast\)' 'length == 1'
check "contrast: the record and the note" row 'contrast' '.[0].sources | map(.origin) | sort == ["FHIR", "note"]'
check "peanuts: the record says the note's word" row 'peanut' 'length == 1 and (.[0].text | test("notes") | not)'
check "nothing only mentioned in notes" jq -e '[.allergies[] | select(.status == "mentioned in notes")] | length == 0' "$C"
"$WARD" show p10 > "$T/show.txt"
contains "$T/show.txt" "Allergy to sulfonamide (notes: sulfa drugs)" "the readable chart gives the note's words"

expect_status 0 "summarize" "$WARD" summarize --patient p10 --json --no-draft
S="$T/summary.json"
cp "$T/out" "$S"
lines() { jq -r --arg t "$1" '.sections[] | select(.title == $t) | .lines[] | select(.supported) | .text' "$S"; }
check "summary: three allergies" test "$(lines Allergies | wc -l)" = 3
check "summary: sulfonamide with the note's words, supported" test "$(lines Allergies | grep -c 'Allergy to sulfonamide (.*notes: sulfa drugs)')" = 1
check "summary: no allergy mentioned in notes apart" test "$(lines Allergies | grep -c 'mentioned in notes')" = 0

expect_status 0 "ask allergies" "$WARD" ask "What allergies does he have?" --patient p10 --no-draft --json
A="$T/ask.json"
cp "$T/out" "$A"
check "ask says each allergy once" test "$(jq -r '.answer' "$A" | grep -o 'Allergy to' | wc -l)" = 3
check "ask carries the note's words" test "$(jq -r '.answer' "$A" | grep -c 'notes: iodinated contrast')" = 1
check "ask cites the note for its words" \
  jq -e '[.sections[].lines[] | select(.text | test("iodinated")) | .supported] == [true]' "$A"
expect_status 0 "ask sulfa" "$WARD" ask "Is he allergic to sulfa drugs?" --patient p10 --no-draft
contains "$T/out" "Yes, an allergy is recorded" "a question in the note's words finds the coded allergy"
finish
