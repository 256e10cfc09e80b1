# test_ask_chart.sh — `ward ask` chart questions that need more than a
# record's name: what a patient takes for a condition (what each drug
# treats, data/ask_words.tsv class treats, beside the reason a record
# gives), on p1 of the shared fixture (no reasons recorded) and p3 of
# ask_chart.sql (reasons recorded, some naming another condition); and
# "the latest" result when the text of the times misleads (time zones, a
# result dated to the day beside one dated to the minute, two values at
# one minute, two tests that both answer the question), always with the
# date; and problems whose records disagree on status.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/orchestrate/fixture.sh"
store_sql_file "$WARD_TESTS/fixtures/orchestrate/ask_chart.sql" || fail "load ask_chart.sql"
mkdir -p "$T/notes"
cat > "$T/notes/p3_2024-06-03_visit.txt" <<'NOTE'
---
patient: p3
date: 2024-06-03
kind: progress_note
title: Diabetes visit
---
ASSESSMENT:
Type 2 diabetes mellitus. Hemoglobin A1c 7.9 percent today, drawn at the clinic.
NOTE
"$WARD" ingest -q "$T/notes" >/dev/null || fail "ingest p3's note"

ask() { "$WARD" ask --json "$@" > "$T/a.json" 2>"$T/err" || fail "ask $*: $(cat "$T/err")"; }
answer() { jq -r .answer "$T/a.json"; }
# has TEXT / lacks TEXT: the answer holds (or not) TEXT, for question $Q
has() { if answer | grep -qF -- "$1"; then pass; else fail "$Q: '$1' not in: $(answer)"; fi; }
lacks() { if answer | grep -qF -- "$1"; then fail "$Q: '$1' in: $(answer)"; else pass; fi; }
found() { check "$Q: found is $1" test "$(jq -r .found "$T/a.json")" = "$1"; }
q() { Q="$1"; ask "$1" --patient "$2"; }

# p1: hypertension, diabetes, AF; apixaban, metformin, lisinopril current, atorvastatin stopped; no reasons.
q "What is she taking for diabetes?" p1; has "Metformin"; lacks "Lisinopril"; lacks "Apixaban"; found true
q "What does she take for her sugar?" p1; has "Metformin"; lacks "Glucose"; found true
q "What is she on for afib?" p1; has "Apixaban"; lacks "Atrial fibrillation (active"; found true
q "Which meds treat her blood pressure?" p1; has "Lisinopril"; lacks "Metformin"
q "What are her blood pressure pills?" p1; has "Lisinopril"; lacks "Metformin"
q "What is she taking for high blood pressure?" p1; has "Lisinopril"
q "What is she taking for cholesterol?" p1; has "Not found"; lacks "Atorvastatin"; found false
q "Is she on metformin for diabetes?" p1; has "Yes, this medication is current"; has "Metformin"
q "Is she on anticoagulation for afib?" p1; has "an anticoagulant"; has "Apixaban"
q "What medication allergies does she have?" p1; has "Penicillin"

# p3: diabetes, AF, CKD (no hypertension, no hyperlipidemia); metformin and rosuvastatin
# ordered for diabetes, metoprolol for AF, empagliflozin for CKD, aliskiren (a drug
# the treats data does not name) for "Essential hypertension".
q "What is she taking for diabetes?" p3
has "Current medications for diabetes: Metformin"
has "Ordered for another condition, these treat it too: Empagliflozin"   # she has diabetes
has "Also ordered with diabetes as the reason, though it treats something else: Rosuvastatin"
lacks "Metoprolol"; found true
q "What is she taking for blood pressure?" p3
has "Aliskiren"            # the record's reason names it
lacks "Metoprolol"         # ordered for AF, and she has no hypertension
q "What is she taking for cholesterol?" p3
has "Not found"; has "would treat it too: Rosuvastatin"; found false
q "What is she on for atrial fibrillation?" p3; has "Metoprolol"; lacks "Empagliflozin"
q "What is she taking for her kidneys?" p3; has "Empagliflozin"; lacks "Metformin"
q "What meds is she on for her heart?" p3; has "Metoprolol"; lacks "Heart rate"; lacks "Metformin"
# a drug that treats a condition is no answer to whether she has it
q "Does she have high cholesterol?" p3; lacks "Rosuvastatin"; lacks "Yes"
q "Does the patient have asthma?" p2; has "Asthma (active"

# The latest, newest first by the instant, with its date.
q "What is the latest potassium?" p3
has "5.9 mmol/L on 2024-06-01"                 # 08:00 at -07:00 is after 14:00 UTC
has "An earlier result that day: 4.1 mmol/L on 2024-06-01"
has "The previous value was 4.4 mmol/L on 2024-05-01"
check "$Q: 5.9 said first" test "$(answer | grep -o '5.9\|4.1' | head -1)" = 5.9
q "What is the most recent sodium?" p3
has "131 mmol/L on 2024-06-01"; has "(the record does not say which came first): 135 mmol/L on 2024-06-01"
q "What is the latest creatinine?" p3
has "1.4 mg/dL on 2024-06-01"                  # the value recorded last at that minute
has "Another result at the same time: 1.9 mg/dL"
q "What is the latest glucose?" p3
has "The most recent Glucose [Mass/volume] in Capillary blood by Glucometer was 187 mg/dL on 2024-06-02"
has "The most recent Glucose [Mass/volume] in Serum or Plasma was 99 mg/dL on 2023-01-10"
check "$Q: the newer test first" test "$(answer | grep -o '187\|99 mg' | head -1)" = 187
q "What is the latest hemoglobin A1c?" p1; has "8.1 % on 2024-03-02"; lacks "earlier result"
q "What was her last blood pressure?" p3; has "162"; lacks "118"   # 20:00 at -07:00 is after 01:00 UTC the next day
# p3 has no hemoglobin result: her note's "Hemoglobin A1c 7.9" is another test
q "What is the latest hemoglobin?" p3; has "Not found"; lacks "7.9"; found false
q "What was her latest hemoglobin A1c?" p3; has "Hemoglobin A1c 7.9 percent"

# Problems: a resolved exacerbation (its own code) leaves the chronic disease active;
# a problem resolved under its own code is resolved.
q "Does she have COPD?" p3; has "recorded as active: Chronic obstructive lung disease (active, 2018-08-04)"
q "When was COPD diagnosed?" p3; has "2018-08-04"; lacks "not active"
q "Does she have pneumonia?" p3; has "recorded but not active: Pneumonia (resolved"
q "What are her active problems?" p3; has "Chronic obstructive lung disease"; lacks "Pneumonia"
finish
