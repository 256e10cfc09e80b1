# test_reconcile_allergy_class.sh — a drug beside an allergy to its class is
# that one allergy (data/lexicon.tsv `allergyclass` lines). The record of
# data/reconcile_allergy_class codes "Allergy to angiotensin-converting
# enzyme inhibitor" (SNOMED 293500009), "Allergy to penicillin", the drug
# "Amoxicillin" (RxNorm 723) and "Allergy to contrast media"; its notes say
# "lisinopril", "cefazolin" and "gadolinium contrast" under ALLERGIES, and
# later "allergic to ibuprofen ... and to all NSAIDs". Lisinopril joins the
# ACE-inhibitor allergy (the record and the note as sources, the note's word
# beside), amoxicillin the penicillin one (the class's record speaks);
# different classes stay apart: cefazolin (a cephalosporin) is no penicillin
# allergy, gadolinium no iodinated contrast. show (= the API's chart),
# summarize and ask agree; ask answers a drug of a class from the class's
# allergy, and never from another class's.
. "$WARD_TESTS/lib.sh"
D="$WARD_TESTS/fixtures/orchestrate/reconcile_allergy_class"
"$WARD" init >/dev/null || fail "init"
"$WARD" ingest -q "$D" >/dev/null || fail "ingest"

expect_status 0 "show" "$WARD" show p11 --json
C="$T/chart.json"
cp "$T/out" "$C"
row() { jq -e --arg t "$1" "[.allergies[] | select(.text | test(\$t; \"i\"))] | $2" "$C" >/dev/null; }
check "six allergy rows" jq -e '.allergies | length == 6' "$C"
check "lisinopril is the ACE-inhibitor allergy" row 'lisinopril' 'length == 1 and (.[0].text | test("^Allergy to angiotensin-converting enzyme inhibitor \\(notes: lisinopril\\)"))'
check "ACE inhibitor: the record and the note" row 'angiotensin' '.[0].sources | map(.origin) | sort == ["FHIR", "note"]'
check "ACE inhibitor: active, as recorded" row 'angiotensin' '.[0].status == "active"'
check "amoxicillin is the penicillin allergy, the class's record speaking" row 'cillin' 'length == 1 and .[0].text == "Allergy to penicillin (reaction: hives)"'
check "penicillin: both records as sources" row 'penicillin' '.[0].sources | map(.origin) == ["FHIR", "FHIR"]'
check "cefazolin stays apart (a cephalosporin)" row '^cefazolin$' 'length == 1 and .[0].status == "mentioned in notes"'
check "gadolinium stays apart from iodinated contrast" row 'gadolinium' 'length == 1 and (.[0].text | test("contrast media") | not)'
check "contrast media: the record alone" row 'contrast media' '.[0].sources | map(.origin) == ["FHIR"]'
check "ibuprofen is the notes' NSAID allergy" row 'nsaid|ibuprofen' 'length == 1 and (.[0].sources | length == 2)'
"$WARD" show p11 > "$T/show.txt"
contains "$T/show.txt" "Allergy to angiotensin-converting enzyme inhibitor (notes: lisinopril)" "the readable chart gives the note's drug"
check "the readable chart lists lisinopril once" test "$(grep -c lisinopril "$T/show.txt")" = 1

expect_status 0 "summarize" "$WARD" summarize --patient p11 --json --no-draft
S="$T/summary.json"
cp "$T/out" "$S"
lines() { jq -r --arg t "$1" '.sections[] | select(.title == $t) | .lines[] | select(.supported) | .text' "$S"; }
check "summary: lisinopril once, with its class" test "$(lines Allergies | grep -ci 'lisinopril')" = 1
check "summary: no lisinopril apart" test "$(lines Allergies | grep -ci '^lisinopril')" = 0

expect_status 0 "ask: a penicillin by brand" "$WARD" ask "Is Zosyn safe to give?" --patient p11 --no-draft
contains "$T/out" "No: an allergy to its class is recorded: Allergy to penicillin" "a penicillin is not safe with a penicillin allergy"
expect_status 0 "ask: the recorded member" "$WARD" ask "Is amoxicillin safe to give?" --patient p11 --no-draft
contains "$T/out" "Allergy to penicillin" "amoxicillin is answered from the penicillin allergy"
expect_status 0 "ask: another ACE inhibitor" "$WARD" ask "Is she allergic to enalapril?" --patient p11 --no-draft
contains "$T/out" "Yes, an allergy to its class is recorded: Allergy to angiotensin-converting enzyme inhibitor" "enalapril from the ACE-inhibitor allergy"
expect_status 0 "ask: the note's drug" "$WARD" ask "Is she allergic to lisinopril?" --patient p11 --no-draft
contains "$T/out" "Yes, an allergy is recorded: Allergy to angiotensin-converting enzyme inhibitor (active; notes: lisinopril)" "lisinopril in the note's words"
expect_status 0 "ask: a cephalosporin" "$WARD" ask "Is ceftriaxone safe to give?" --patient p11 --no-draft
check "a cephalosporin is not answered from the penicillin allergy" sh -c "! grep -qi penicillin '$T/out'"
expect_status 0 "ask: an ARB" "$WARD" ask "Is she allergic to losartan?" --patient p11 --no-draft
contains "$T/out" "No matching allergy is recorded." "an ARB is no ACE inhibitor"
finish
