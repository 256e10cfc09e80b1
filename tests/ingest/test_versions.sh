# test_versions.sh — a document that comes back edited from the same source
# supersedes its earlier version (issue 15, finding 7a): the old text stays
# in history (`ward show --history`) but is no longer searched (BM25 or
# vectors), quoted by ask, nor a source of derived facts. The same source
# is the note file's real path or its front matter id, a FHIR
# DocumentReference's id, an HL7 MDM's document number (TXA-12). Two notes
# with the same file name in different folders stay two notes.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/embed/corpus.sh"
mkdir -p "$T/in/a" "$T/in/b"
write_corpus "$T/corpus"   # enough text to train the lexical vectors
expect_status 0 "ingest the corpus" "$WARD" ingest -q "$T/corpus"
DB="$WARD_DATA/ward.db"
q() { sqlite3 "$DB" "$1"; }
note() { printf -- '---\npatient: p1\ndate: 2024-05-01\n---\n%s\n' "$1" > "$2"; }

note "Assessment: no known drug allergies. Penicillin is safe to give. Started lisinopril 10 mg daily." "$T/in/a/visit.txt"
note "Assessment: asthma, stable on albuterol." "$T/in/b/visit.txt"
expect_status 0 "ingest two notes named visit.txt" "$WARD" ingest -q "$T/in"
check "two notes" [ "$(q "SELECT count(*) FROM documents WHERE patient_id='p1' AND superseded_at IS NULL")" = 2 ]
expect_status 0 "index" "$WARD" index -q
old=$(q "SELECT id FROM documents WHERE text LIKE '%safe to give%'")

note "Assessment: penicillin allergy with anaphylaxis in 2019. Do not give penicillin." "$T/in/a/visit.txt"
expect_status 0 "ingest the edited note" "$WARD" ingest "$T/in"
contains "$T/out" "1 earlier document version(s) superseded" "the run says so"
check "the old version is history" [ "$(q "SELECT superseded_at IS NOT NULL FROM documents WHERE id=$old")" = 1 ]
check "its text is kept" [ "$(q "SELECT count(*) FROM documents WHERE id=$old AND text LIKE '%safe to give%'")" = 1 ]
check "nothing retrieval reads is left of it" [ "$(q "SELECT (SELECT count(*) FROM chunks WHERE document_id=$old) + (SELECT count(*) FROM concepts WHERE document_id=$old) + (SELECT count(*) FROM resources WHERE derived=1 AND source_doc=$old)")" = 0 ]
check "the other visit.txt is untouched" [ "$(q "SELECT count(*) FROM documents WHERE patient_id='p1' AND text LIKE '%albuterol%' AND superseded_at IS NULL")" = 1 ]
check "two current notes, versions 2 and 1" [ "$(q "SELECT group_concat(version, ',') FROM (SELECT version FROM documents WHERE patient_id='p1' AND superseded_at IS NULL ORDER BY version DESC)")" = "2,1" ]
expect_status 0 "BM25 search for the old words" "$WARD" search "safe" --mode bm25 --json
if grep -q "safe to give" "$T/out"; then fail "the superseded text is searchable"; else pass; fi
expect_status 0 "BM25 search for the new words" "$WARD" search anaphylaxis --mode bm25
contains "$T/out" "anaphylaxis" "the new version is searchable"
expect_status 0 "vector search for the old words" "$WARD" search "safe to give penicillin" --mode vector -k 20 --json
if grep -q "\"document_id\": $old," "$T/out"; then fail "vector search returned the superseded version"; else pass; fi
expect_status 0 "ask" "$WARD" ask --patient p1 "Is penicillin safe to give?"
if grep -q "safe to give" "$T/out"; then fail "ask quoted the superseded version"; else pass; fi
check "the old version's lisinopril fact is gone" [ "$(q "SELECT count(*) FROM resources WHERE derived=1 AND display LIKE '%lisinopril%'")" = 0 ]

expect_status 0 "show --history" "$WARD" show p1 --history
contains "$T/out" "Document versions" "history section"
contains "$T/out" "v1  doc $old" "v1 listed"
contains "$T/out" "superseded" "v1 marked superseded"
contains "$T/out" "current" "v2 marked current"
expect_status 0 "show --history --json" "$WARD" show p1 --history --json
check "two versions in JSON" [ "$(grep -c '"version":' "$T/out")" = 2 ]

expect_status 0 "the same edit again" "$WARD" ingest --json "$T/in/a/visit.txt"
contains "$T/out" '"superseded": 0' "changes nothing"
note "Assessment: no known drug allergies. Penicillin is safe to give. Started lisinopril 10 mg daily." "$T/in/a/visit.txt"
expect_status 0 "the edit undone" "$WARD" ingest -q "$T/in/a/visit.txt"
check "version 3 is the first text again" [ "$(q "SELECT version FROM documents WHERE superseded_at IS NULL AND text LIKE '%safe to give%'")" = 3 ]
expect_status 0 "and it is searchable again" "$WARD" search "safe" --mode bm25
contains "$T/out" "safe" "found"

# Front matter id: the identity whatever the file's path.
printf -- '---\npatient: p2\nid: DOC-9\n---\nPlan: metformin 500 mg.\n' > "$T/in/x.txt"
printf -- '---\npatient: p2\nid: DOC-9\n---\nPlan: metformin 1000 mg.\n' > "$T/in/y.txt"
expect_status 0 "id: first file" "$WARD" ingest -q "$T/in/x.txt"
expect_status 0 "id: second file" "$WARD" ingest -q "$T/in/y.txt"
check "the same id supersedes" [ "$(q "SELECT group_concat(superseded_at IS NULL, ',') FROM (SELECT * FROM documents WHERE patient_id='p2' ORDER BY id)")" = "0,1" ]

# FHIR: a DocumentReference sent again with the same id and new text.
docref() {
  printf '{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p3"}},{"resource":{"resourceType":"DocumentReference","id":"dr-1","status":"current","subject":{"reference":"Patient/p3"},"date":"2024-03-05","content":[{"attachment":{"contentType":"text/plain","data":"%s"}}]}}]}\n' "$(printf '%s' "$1" | base64 -w0)" > "$2"
}
docref "Cardiology note: ejection fraction 55 percent, no edema." "$T/in/dr1.json"
docref "Cardiology note: ejection fraction 35 percent, new bilateral edema." "$T/in/dr2.json"
expect_status 0 "DocumentReference v1" "$WARD" ingest -q "$T/in/dr1.json"
expect_status 0 "DocumentReference v2" "$WARD" ingest -q "$T/in/dr2.json"
check "one current DocumentReference text, v2" [ "$(q "SELECT group_concat(version || ':' || (superseded_at IS NULL), ',') FROM (SELECT * FROM documents WHERE source_key='fhir:DocumentReference/dr-1' ORDER BY version)")" = "1:0,2:1" ]
expect_status 0 "search the old FHIR text" "$WARD" search "55 percent" --mode bm25 --json
if grep -q "55 percent" "$T/out"; then fail "the superseded DocumentReference text is searchable"; else pass; fi

# HL7: MDM^T08 (an edit) with the document number of the T02 before it.
mdm() {
  printf 'MSH|^~\\&|DOC|GH|WARD|WARD|20240615090000||MDM^%s|%s|P|2.5\rPID|1||MRN-7^^^GH^MR||Doe^Jo\rTXA|1|PN|TX|20240615083000||||||||DOC-77||||AU\rOBX|1|TX|||%s\r' "$1" "$2" "$3" > "$4"
}
mdm T02 C1 "Progress note: wound healing well, sutures intact." "$T/in/m1.hl7"
mdm T08 C2 "Progress note: wound dehiscence, sutures removed, packing placed." "$T/in/m2.hl7"
expect_status 0 "MDM T02" "$WARD" ingest -q "$T/in/m1.hl7"
expect_status 0 "MDM T08" "$WARD" ingest -q "$T/in/m2.hl7"
check "the T08 supersedes the T02" [ "$(q "SELECT count(*) FROM documents WHERE source_key='hl7v2:DOC-77' AND superseded_at IS NULL AND text LIKE '%dehiscence%'")" = 1 ]
expect_status 0 "search the old HL7 text" "$WARD" search "healing well" --mode bm25 --json
if grep -q "healing well" "$T/out"; then fail "the superseded MDM text is searchable"; else pass; fi
check "integrity" [ "$(q "PRAGMA integrity_check")" = ok ]
check "FTS index in step" q "INSERT INTO chunks_fts(chunks_fts, rank) VALUES('integrity-check', 1)"
finish
