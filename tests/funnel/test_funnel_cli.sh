# test_funnel_cli.sh — ward context, extract, vocab and concepts at ingest:
# bad lines are reported by number and the rest goes on; bad input gets a
# clear error; ingest stores concepts in their chunks and facts as derived
# FHIR resources whose spans lead back to the note.
. "$WARD_TESTS/lib.sh"
D="$WARD_TESTS/fixtures/funnel"
db() { sqlite3 "$WARD_DATA/ward.db" "$1"; }

# ---- ward context --jsonl ----
cat > "$T/ctx.jsonl" <<'J'
{"text": "The patient denies chest pain or dyspnea.", "target": "Chest Pain"}
{"text": "No increase in swelling.", "target": "swelling"}
not json at all
{"text": "Mother has diabetes."}
{"text": "Possible pneumonia.", "target": "sepsis"}
{"text": "Status post appendectomy.", "target": "appendectomy"}
J
expect_status 2 "bad lines make exit 2" "$WARD" context --jsonl "$T/ctx.jsonl"
check "one output line per input line" test "$(wc -l < "$T/out")" = 6
check "negated, case-insensitive target" test "$(sed -n 1p "$T/out")" = '{"negated":true,"assertion":"negated"}'
check "pseudo-trigger" test "$(sed -n 2p "$T/out")" = '{"negated":false,"assertion":"present"}'
contains "$T/out" '{"line":3,"error":"not a JSON object"}' "bad JSON line named"
contains "$T/out" '{"line":4,"error":"field '"'"'target'"'"' missing or not a string"}' "missing field named"
contains "$T/out" '{"line":5,' "absent target named"
check "the rest goes on" test "$(sed -n 6p "$T/out")" = '{"negated":false,"assertion":"historical"}'
contains "$T/err" "line 3" "stderr names the line"
if grep -q "pneumonia\|Mother" "$T/err"; then fail "errors quote the text"; else pass; fi
expect_status 0 "stdin works" "$WARD" context --jsonl < <(head -2 "$T/ctx.jsonl")
expect_status 1 "no mode is a usage error" "$WARD" context
expect_status 0 "one sentence" "$WARD" context --target fever "Return if fever develops."
contains "$T/out" hypothetical "one-sentence assertion"

# ---- ward extract ----
cat > "$T/note.txt" <<'N'
---
patient: p-9
date: 2024-05-01
kind: progress_note
---
HPI: 67 yo with hypertension, presents with cough. Denies fever.
MEDICATIONS:
Metformin 500 mg p.o. b.i.d.
ALLERGIES: Penicillin (hives).
VITALS: BP 148/92, HR 88, T 99.1 F.
LABS: Potassium 5.6 (H), creatinine 1.3 mg/dL.
FAMILY HISTORY: Mother with breast cancer.
N
expect_status 0 "extract --json" "$WARD" extract --json "$T/note.txt"
check "offsets count from the body" python3 - "$T/note.txt" "$T/out" <<'P'
import json, sys
raw = open(sys.argv[1], 'rb').read()
body = raw[raw.index(b'\n---\n', 3) + 5:]
out = json.load(open(sys.argv[2]))
assert out['concepts'], 'no concepts'
for c in out['concepts']:
    assert body[c['start']:c['end']].decode() == c['text'], c
kinds = {(c['type'], c['assertion']) for c in out['concepts']}
for want in [('problem', 'present'), ('problem', 'negated'), ('medication', 'present'), ('allergy', 'present'),
             ('vital', 'present'), ('lab', 'present'), ('problem', 'family')]:
    assert want in kinds, (want, kinds)
med = [c for c in out['concepts'] if c['type'] == 'medication'][0]['norm']
assert med == {"name": "metformin", "strength": 500, "unit": "mg", "dose": None, "route": "oral",
               "frequency": "BID", "prn": False, "duration": None}, med
bp = [c for c in out['concepts'] if c['type'] == 'vital'][0]['norm']
assert bp == {"name": "bp", "systolic": 148, "diastolic": 92, "unit": "mmHg"}, bp
P
expect_status 0 "extract --to-fhir" "$WARD" extract --to-fhir --patient p-9 "$T/note.txt"
check "a FHIR Bundle of the facts only" python3 - "$T/out" <<'P'
import json, sys
b = json.load(open(sys.argv[1]))
assert b['resourceType'] == 'Bundle' and b['type'] == 'collection'
types = sorted(e['resource']['resourceType'] for e in b['entry'])
assert 'Condition' in types and 'MedicationStatement' in types and 'AllergyIntolerance' in types, types
assert types.count('Observation') == 5, types
for e in b['entry']:
    r = e['resource']
    assert e['fullUrl'] == r['resourceType'] + '/' + r['id']
    text = json.dumps(r)
    assert 'fever' not in text and 'breast cancer' not in text, 'negated or family concept became a resource'
P
expect_status 0 "extract from stdin" "$WARD" extract < "$T/note.txt"
contains "$T/out" "metformin" "text output lists concepts"
printf 'Cough \xff\xfe bad\n' > "$T/bad.txt"
expect_status 2 "invalid UTF-8" "$WARD" extract "$T/bad.txt"
contains "$T/err" "invalid UTF-8 at byte 6" "bad byte offset named"
printf 'a\0b' > "$T/bin.txt"
expect_status 2 "binary input" "$WARD" extract "$T/bin.txt"
contains "$T/err" "binary" "binary named"
expect_status 2 "missing file" "$WARD" extract "$T/nope.txt"
expect_status 1 "two files is a usage error" "$WARD" extract "$T/note.txt" "$T/note.txt"
head -c 10000000 /dev/zero | tr '\0' 'a' > "$T/long.txt"
expect_status 0 "a 10 MB line is handled" "$WARD" extract "$T/long.txt"

# ---- ward vocab ----
expect_status 2 "vocab import with bad lines exits 2" "$WARD" vocab import "$D/vocab_fixture.tsv" --system ICD10CM
contains "$T/err" "vocab_fixture.tsv: line 4: expected code<TAB>description" "no-tab line named"
contains "$T/err" "line 5: the code is empty" "empty code named"
contains "$T/err" "line 6: the description is empty" "empty description named"
contains "$T/out" "3 ICD10CM entries imported, 3 bad lines" "the rest imported"
check "ICD-10-CM codes get their dot" test "$(db "SELECT code FROM vocab WHERE description LIKE 'Wegener%'")" = "M31.3"
expect_status 0 "vocab lookup by code" "$WARD" vocab lookup M313
contains "$T/out" "Wegener" "lookup by code without the dot"
expect_status 0 "vocab lookup by words" "$WARD" --json vocab lookup lupus
contains "$T/out" '"code": "L93.0"' "lookup by description"
expect_status 2 "RRF with a bad row" "$WARD" vocab import "$D/RXNCONSO_fixture.RRF"
contains "$T/err" "line 4: not an RXNCONSO.RRF row" "short RRF row named"
check "English ingredient and brand names only" test "$(db "SELECT group_concat(code||'='||description, ',') FROM (SELECT * FROM vocab WHERE system='RXNORM' ORDER BY code)")" = "1115005=zanubrutinib,1115008=Brukinsa"
expect_status 1 "unknown vocabulary needs --system" "$WARD" vocab import "$T/note.txt"
echo "Known Wegener's granulomatosis, started Brukinsa 160 mg twice daily." > "$T/v.txt"
expect_status 0 "extract uses imported vocabularies" "$WARD" --json extract "$T/v.txt"
contains "$T/out" '"code": "M31.3"' "ICD-10-CM code attached"
contains "$T/out" '"code": "1115008"' "RxNorm code attached"
expect_status 0 "--no-vocab leaves them out" "$WARD" --json extract --no-vocab "$T/v.txt"
if grep -q "M31.3" "$T/out"; then fail "--no-vocab still used the store"; else pass; fi

# ---- concepts at ingest ----
mkdir -p "$T/in" && cp "$T/note.txt" "$T/in/"
expect_status 0 "ingest a note" "$WARD" ingest "$T/in"
check "concepts stored" test "$(db "SELECT count(*) FROM concepts")" -ge 10
check "concept text is the document span" test "$(db "SELECT count(*) FROM concepts c JOIN documents d ON d.id=c.document_id WHERE substr(CAST(d.text AS BLOB), c.start+1, c.end-c.start) <> CAST(c.text AS BLOB)")" = 0
check "each concept lies in its chunk" test "$(db "SELECT count(*) FROM concepts c JOIN chunks k ON k.id=c.chunk_id WHERE c.start < k.start OR c.start >= k.end")" = 0
check "every concept has a chunk" test "$(db "SELECT count(*) FROM concepts WHERE chunk_id IS NULL")" = 0
check "negated concept stored negated" test "$(db "SELECT assertion FROM concepts WHERE text='fever'")" = negated
check "derived resources with provenance" test "$(db "SELECT count(*) FROM resources WHERE derived=1 AND source_doc IS NOT NULL AND span_end > span_start AND patient_id='p-9'")" -ge 8
check "no resource for a negated or family concept" test "$(db "SELECT count(*) FROM resources WHERE derived=1 AND (json LIKE '%fever%' OR json LIKE '%breast cancer%')")" = 0
check "derived Observation has its value" test "$(db "SELECT value_num||' '||unit FROM resources WHERE derived=1 AND code='2823-3'")" = "5.6 mmol/L"
n=$(db "SELECT count(*) FROM resources WHERE derived=1")
expect_status 0 "re-ingest" "$WARD" ingest "$T/in"
check "re-ingest adds nothing" test "$(db "SELECT count(*) FROM resources WHERE derived=1")" = "$n"
finish
