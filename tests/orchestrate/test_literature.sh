# test_literature.sh — literature questions answered without a model.
# The guideline statements of data/literature.tsv (written for the tests;
# `ward synth` writes them into a cohort's literature/) and the example
# guidelines of examples/literature are ingested; questions use the
# lexicon's abbreviations and synonyms (CKD = chronic kidney disease =
# kidney function = eGFR, MI, AF, HFrEF), are answered from the
# guideline's own sentences in its order, cited; questions the guidelines
# cannot answer are "Not found".
. "$WARD_TESTS/lib.sh"
"$WARD" init >/dev/null || fail "init"
"$WARD" synth --patients 0 --out "$T/cohort" -q >/dev/null 2>&1 || fail "synth"
check "synth writes the literature set" test -s "$T/cohort/literature/metformin-ckd.md" -a -s "$T/cohort/literature_questions.jsonl"
"$WARD" ingest -q "$T/cohort/literature" "$WARD_TESTS/../examples/literature" >/dev/null || fail "ingest"

ask() { "$WARD" ask --json --no-draft "$1" > "$T/a.json" 2>"$T/err" || fail "ask $1: $(cat "$T/err")"; }
answer() { jq -r .answer "$T/a.json"; }
cited() { jq -r '[.citations[].title] | unique | join("|")' "$T/a.json"; }

ask "Should metformin be stopped in CKD?"
check "CKD: found" test "$(jq -r .found "$T/a.json")" = true
contains "$T/a.json" "contraindicated" "CKD: the guideline says contraindicated"
check "CKD: cites the guideline on metformin and the kidney" test "$(cited)" = "Metformin and kidney function"
check "CKD: a sentence stored in two guidelines is said once" jq -e '[.sections[].lines[].text] | length == (unique | length)' "$T/a.json"
ask "Should metformin be stopped in chronic kidney disease?"
check "the demo's question is answered" test "$(jq -r .found "$T/a.json")" = true
ask "Can metformin be continued when kidney function is reduced?"
check "kidney function = eGFR: the three sentences, in the guideline's order" \
  test "$(jq -r '[.citations[] | select(.title == "Metformin and kidney function") | .start] | . == sort and length == 3' "$T/a.json")" = true
ask "Should a statin be given after an MI?"
contains "$T/a.json" "high-intensity statin" "MI = myocardial infarction"
ask "How long is dual antiplatelet therapy continued after a heart attack?"
contains "$T/a.json" "12 months" "heart attack = myocardial infarction"
ask "When is anticoagulation recommended in AF?"
contains "$T/a.json" "CHA2DS2-VASc" "AF = atrial fibrillation"
ask "What is recommended for HFrEF?"
contains "$T/a.json" "SGLT2" "HFrEF = heart failure"
ask "What is the HbA1c goal in T2DM?"
contains "$T/a.json" "below 7" "T2DM = type 2 diabetes, HbA1c"
check "every answer sentence is a guideline sentence" jq -e '[.sections[].lines[] | .supported] | all' "$T/a.json"
for q in "Is metformin safe in pregnancy?" "Should warfarin be stopped before a dental extraction?" \
         "What is the target heart rate in atrial fibrillation?" "Is apixaban safe in dialysis?"; do
  ask "$q"
  check "not found: $q" test "$(jq -r .found "$T/a.json")" = false
done
# The words of a question only frame it: "stopped" need not be in the guideline,
# but a subject word must be ("pregnancy" above).
ask "mi af"
check "lowercase 'mi af' names no concept" test "$(jq -r .found "$T/a.json")" = false
finish
