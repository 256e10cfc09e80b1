# test_fhir_input.sh — FHIR R4 JSON: a Bundle with urn:uuid references and
# entries out of order, NDJSON whose Patient comes in a later file, blood
# pressure components, report and note text in base64, readable records,
# `ward stats --json` counts; then the bad inputs: truncated JSON, a Bundle
# with a wrong resourceType, invalid UTF-8, a 50 MB value, unknown
# references, broken base64, an empty file, an unreadable entry in a
# directory. Each bad input is named in the message, never quoted, and
# leaves the store unchanged for that record.
. "$WARD_TESTS/lib.sh"
q() { sqlite3 "$WARD_DATA/ward.db" "$1"; }
b64() { printf '%s' "$1" | base64 -w0; }

mkdir -p "$T/good/ndjson"
REPORT=$(b64 "Lipid panel: LDL 138 mg/dL, above goal. Fasting sample.")
NOTE=$(b64 "HPI: Zebulon reports fatigue. PLAN: recheck thyroid function in six weeks.")
# The Patient entry comes after what refers to it; references are urn:uuid;
# a DELETE entry carries no resource and is not a record.
cat > "$T/good/bundle.json" <<EOF
{"resourceType": "Bundle", "type": "transaction", "entry": [
 {"request": {"method": "DELETE", "url": "Observation/obsolete"}},
 {"fullUrl": "urn:uuid:c0000000-0000-4000-8000-000000000001", "resource": {"resourceType": "Condition", "id": "cond-1",
   "clinicalStatus": {"coding": [{"code": "active"}]},
   "code": {"coding": [{"system": "http://snomed.info/sct", "code": "44054006", "display": "Type 2 diabetes mellitus"}]},
   "subject": {"reference": "urn:uuid:a0000000-0000-4000-8000-000000000001"}, "onsetDateTime": "2019-04-01"}},
 {"fullUrl": "urn:uuid:c0000000-0000-4000-8000-000000000002", "resource": {"resourceType": "Observation", "id": "obs-a1c",
   "status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "4548-4", "display": "Hemoglobin A1c"}]},
   "subject": {"reference": "urn:uuid:a0000000-0000-4000-8000-000000000001"}, "effectiveDateTime": "2024-03-02T09:30:00Z",
   "valueQuantity": {"value": 8.1, "unit": "%"}}},
 {"fullUrl": "urn:uuid:c0000000-0000-4000-8000-000000000003", "resource": {"resourceType": "Observation", "id": "obs-bp",
   "status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9", "display": "Blood pressure"}]},
   "subject": {"reference": "urn:uuid:a0000000-0000-4000-8000-000000000001"}, "effectiveDateTime": "2024-03-02",
   "component": [
     {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4", "display": "Diastolic"}]}, "valueQuantity": {"value": 82, "unit": "mm[Hg]"}},
     {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6", "display": "Systolic"}]}, "valueQuantity": {"value": 128, "unit": "mm[Hg]"}}]}},
 {"fullUrl": "urn:uuid:c0000000-0000-4000-8000-000000000004", "resource": {"resourceType": "MedicationRequest", "id": "med-1",
   "status": "active", "intent": "order",
   "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "860975", "display": "metformin 500 mg oral tablet"}]},
   "subject": {"reference": "urn:uuid:a0000000-0000-4000-8000-000000000001"}, "authoredOn": "2019-04-01",
   "dosageInstruction": [{"timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}},
     "doseAndRate": [{"doseQuantity": {"value": 1, "unit": "tablet"}}]}]}},
 {"fullUrl": "urn:uuid:c0000000-0000-4000-8000-000000000005", "resource": {"resourceType": "DiagnosticReport", "id": "rep-1",
   "status": "final", "category": [{"coding": [{"code": "LAB"}]}],
   "code": {"coding": [{"system": "http://loinc.org", "code": "24331-1", "display": "Lipid panel"}]},
   "subject": {"reference": "urn:uuid:a0000000-0000-4000-8000-000000000001"}, "effectiveDateTime": "2024-03-02",
   "resultsInterpreter": [{"reference": "urn:uuid:d0000000-0000-4000-8000-000000000001"}],
   "presentedForm": [{"contentType": "text/plain", "data": "$REPORT"}]}},
 {"fullUrl": "urn:uuid:c0000000-0000-4000-8000-000000000006", "resource": {"resourceType": "DocumentReference", "id": "doc-1",
   "status": "current", "type": {"coding": [{"system": "http://loinc.org", "code": "11506-3", "display": "Progress note"}]},
   "subject": {"reference": "urn:uuid:a0000000-0000-4000-8000-000000000001"}, "date": "2024-03-05T10:00:00Z",
   "author": [{"reference": "urn:uuid:d0000000-0000-4000-8000-000000000001"}],
   "content": [{"attachment": {"contentType": "text/plain", "data": "$NOTE"}}]}},
 {"fullUrl": "urn:uuid:c0000000-0000-4000-8000-000000000007", "resource": {"resourceType": "Goal", "id": "goal-1",
   "lifecycleStatus": "active", "description": {"text": "A1c below 7"},
   "subject": {"reference": "urn:uuid:a0000000-0000-4000-8000-000000000001"}}},
 {"fullUrl": "urn:uuid:d0000000-0000-4000-8000-000000000001", "resource": {"resourceType": "Practitioner", "id": "pr-1",
   "name": [{"family": "Keller", "given": ["Anna"], "prefix": ["Dr."]}]}},
 {"fullUrl": "urn:uuid:a0000000-0000-4000-8000-000000000001", "resource": {"resourceType": "Patient", "id": "p1",
   "identifier": [{"type": {"coding": [{"code": "MR"}]}, "value": "MRN-001"}],
   "name": [{"family": "Quixote", "given": ["Zebulon"]}], "gender": "male", "birthDate": "1950-02-03"}}
]}
EOF
# NDJSON export: the Condition file sorts before the Patient file.
printf '%s\n' '{"resourceType":"Condition","id":"cond-2","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"text":"Hypertension"},"subject":{"reference":"Patient/p2"},"onsetDateTime":"2005-06-01"}' \
  '' '{"resourceType":"AllergyIntolerance","id":"al-1","criticality":"high","code":{"text":"Penicillin"},"patient":{"reference":"Patient/p2"}}' \
  > "$T/good/ndjson/Condition.ndjson"
printf '%s\n' '{"resourceType":"Patient","id":"p2","gender":"female","birthDate":"1948-11-02"}' > "$T/good/ndjson/Patient.ndjson"

expect_status 0 "good FHIR ingests" "$WARD" ingest "$T/good"
check "nothing reported" test ! -s "$T/err"
"$WARD" stats --json > "$T/stats"
for kv in '"Patient": 2' '"Condition": 2' '"Observation": 2' '"MedicationRequest": 1' '"DiagnosticReport": 1' \
          '"DocumentReference": 1' '"Goal": 1' '"Practitioner": 1' '"AllergyIntolerance": 1'; do
  contains "$T/stats" "$kv" "stats --json counts $kv"
done
check "urn:uuid subject resolved to the patient" test "$(q "SELECT patient_id FROM resources WHERE fhir_id='cond-1'")" = p1
check "stored JSON has the reference rewritten" test "$(q "SELECT json_extract(json,'\$.subject.reference') FROM resources WHERE fhir_id='obs-a1c'")" = Patient/p1
check "A1c lifted into columns" test "$(q "SELECT code||'|'||value_num||'|'||unit FROM resources WHERE fhir_id='obs-a1c'")" = "4548-4|8.1|%"
check "stored JSON keeps 8.1 as written" test "$(q "SELECT json_extract(json,'\$.valueQuantity.value') FROM resources WHERE fhir_id='obs-a1c'")" = 8.1
check "MRN lifted from the identifier" test "$(q "SELECT mrn FROM patients WHERE id='p1'")" = MRN-001
records=$(q "SELECT text FROM documents WHERE kind='record'")
for want in "2024-03-02 Hemoglobin A1c 8.1 %" "2024-03-02 Blood pressure 128/82 mm[Hg]" \
            "Condition: Type 2 diabetes mellitus (active, onset 2019-04-01)" \
            "Medication: metformin 500 mg oral tablet, 1 tablet twice daily (active, ordered 2019-04-01)" \
            "Allergy: Penicillin (high criticality)" "Condition: Hypertension (active, onset 2005-06-01)"; do
  if printf '%s\n' "$records" | grep -qxF -- "$want"; then pass; else fail "readable record '$want' missing"; fi
done
check "report text is a lab_report document with the interpreter as author" \
  test "$(q "SELECT kind||'|'||author||'|'||date FROM documents WHERE source_format='fhir' AND source_id='DiagnosticReport/rep-1'")" = "lab_report|Dr. Anna Keller|2024-03-02"
check "note attachment is a progress note" \
  test "$(q "SELECT kind||'|'||patient_id FROM documents WHERE source_format='fhir' AND source_id='DocumentReference/doc-1'")" = "progress_note|p1"
"$WARD" search "thyroid" --patient p1 > "$T/hits"
contains "$T/hits" "thyroid" "note text is searchable"
"$WARD" search "A1c" --patient p1 > "$T/hits"
contains "$T/hits" "8.1" "the A1c record is searchable"
check "NDJSON condition found its patient from a later file" test "$(q "SELECT patient_id FROM resources WHERE fhir_id='cond-2'")" = p2
"$WARD" show p1 > "$T/chart"
contains "$T/chart" "Blood pressure 128/82 mm[Hg]" "chart shows the blood pressure"
contains "$T/chart" "Type 2 diabetes mellitus" "chart shows the problem"
contains "$T/chart" "metformin" "chart shows the medication"
before=$(q "SELECT (SELECT count(*) FROM resources)||'/'||(SELECT count(*) FROM documents)||'/'||(SELECT count(*) FROM chunks)")
expect_status 0 "re-ingest succeeds" "$WARD" ingest "$T/good"
check "re-ingest changes nothing" test "$(q "SELECT (SELECT count(*) FROM resources)||'/'||(SELECT count(*) FROM documents)||'/'||(SELECT count(*) FROM chunks)")" = "$before"

# ---- bad inputs ----
mkdir -p "$T/bad"
head -c 700 "$T/good/bundle.json" > "$T/bad/truncated.json"
sed 's/"resourceType": "Bundle"/"resourceType": "Bundel"/; s/"id": "p1"/"id": "p-wrong"/' "$T/good/bundle.json" > "$T/bad/wrongtype.json"
printf '{"resourceType":"Patient","id":"p-latin","name":[{"family":"M\xfcller"}]}\n' > "$T/bad/latin1.json"
: > "$T/bad/empty.json"
{
  printf '{"resourceType":"Observation","id":"obs-huge","status":"final","code":{"text":"Comment"},"subject":{"reference":"Patient/p1"},"valueString":"'
  head -c 50000000 /dev/zero | tr '\0' 'x'
  printf '"}\n'
  printf '%s\n' '{"resourceType":"Observation","id":"obs-small","status":"final","code":{"text":"Heart rate"},"subject":{"reference":"Patient/p1"},"valueQuantity":{"value":71,"unit":"/min"}}'
} > "$T/bad/huge.ndjson"
printf '%s\n' '{"resourceType":"Observation","id":"obs-orphan","status":"final","code":{"text":"Glucose"},"subject":{"reference":"Patient/nobody-here"},"valueQuantity":{"value":99,"unit":"mg/dL"}}' \
  '{"resourceType":"Condition","id":"cond-orphan","code":{"text":"Asthma"},"subject":{"reference":"urn:uuid:f0000000-0000-4000-8000-00000000dead"}}' \
  '{"resourceType":"Condition","id":"cond-kept","code":{"text":"Gout"},"subject":{"reference":"Patient/p1"}}' > "$T/bad/unknownref.ndjson"
printf '%s\n' '{"resourceType":"DiagnosticReport","id":"rep-bad","status":"final","code":{"text":"CT head"},"subject":{"reference":"Patient/p1"},"presentedForm":[{"contentType":"text/plain","data":"@@not base64@@"}]}' > "$T/bad/badbase64.json"
printf '%s\n' '{"resourceType":"Observation","id":"obs-notype","status":"final"}' | sed 's/"resourceType":"Observation",//' > "$T/bad/notype.json"
ln -s "$T/does-not-exist.json" "$T/bad/dangling.json"
printf '{"resourceType":"Patient","id":"p-secret"}\n' > "$T/bad/secret.json"; chmod 000 "$T/bad/secret.json"
res_before=$(q "SELECT count(*) FROM resources")
expect_status 2 "bad FHIR batch exits 2" "$WARD" ingest "$T/bad"
contains "$T/err" "truncated.json: JSON ends too early" "truncated JSON named"
contains "$T/err" "wrongtype.json: record 1: has 'entry' like a Bundle but field 'resourceType' is not \"Bundle\"" "wrong Bundle resourceType named"
contains "$T/err" "latin1.json: invalid UTF-8 at byte" "invalid UTF-8 named"
contains "$T/err" "empty.json: empty file" "empty file named"
contains "$T/err" "huge.ndjson: record 1: field 'valueString' holds 50.0 MB" "50 MB value named with its field"
contains "$T/err" "unknownref.ndjson: record 1: field 'subject' refers to a Patient that is neither in this file nor in the store" "unknown patient reference named"
contains "$T/err" "unknownref.ndjson: record 2: field 'subject' refers to a Patient" "unknown urn:uuid reference named"
contains "$T/err" "badbase64.json: record 1: presentedForm[0].data is not valid base64" "broken base64 named"
contains "$T/err" "notype.json: record 1: field 'resourceType' is missing" "missing resourceType named"
contains "$T/err" "dangling.json: cannot access" "dangling entry in a directory named"
if [ "$(id -u)" != 0 ]; then contains "$T/err" "secret.json: cannot open" "unreadable file named"; else pass; fi
for id in obs-huge obs-orphan cond-orphan rep-bad p-wrong p-latin; do
  check "bad record $id left nothing" test "$(q "SELECT count(*) FROM resources WHERE fhir_id='$id'")" = 0
done
check "no patient from the wrong Bundle" test "$(q "SELECT count(*) FROM patients WHERE id IN ('p-wrong','p-latin','nobody-here')")" = 0
check "good lines beside bad ones went in" test "$(q "SELECT count(*) FROM resources WHERE fhir_id IN ('obs-small','cond-kept')")" = 2
check "bad records left no documents" test "$(q "SELECT count(*) FROM documents WHERE source_id LIKE '%rep-bad%' OR source_id LIKE '%orphan%'")" = 0
# (root reads secret.json anyway: it is not counted)
check "exactly the two good records were added" test "$(q "SELECT count(*) FROM resources WHERE fhir_id <> 'p-secret'")" = $((res_before + 2))
if grep -q "Zebulon\|Quixote\|xxxxxxxxxx\|Asthma\|Glucose\|M.ller" "$T/err"; then fail "error messages quote record values"; else pass; fi
check "store sound" test "$(q "PRAGMA integrity_check")" = ok
finish
