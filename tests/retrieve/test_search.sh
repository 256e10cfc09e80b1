# test_search.sh — BM25 search: ranking, filters (patient, kind, dates,
# literature), -k, --json fields, offsets that lead back to the document,
# and user text that looks like FTS5 syntax.
. "$WARD_TESTS/lib.sh"
q() { sqlite3 "$WARD_DATA/ward.db" "$1"; }
mkdir -p "$T/in"
note() { printf -- '---\npatient: %s\ndate: %s\nkind: %s\ntitle: %s\n---\n%s\n' "$@" > "$T/in/$4.txt"; }
note s-1 2023-01-10 progress_note old-visit "HPI: Chest pain on exertion. Metformin continued."
note s-1 2024-05-02 progress_note new-visit "HPI: Chest pain resolved. Atrial fibrillation, started apixaban."
note s-2 2024-06-01 discharge_summary discharge "Admitted for chest pain; troponin negative; chest pain resolved."
printf 'Anticoagulation in atrial fibrillation: apixaban is preferred.\n' > "$T/in/guideline.md"
printf '{"resourceType":"Patient","id":"s-3"}\n{"resourceType":"Observation","id":"o-1","status":"final","code":{"text":"Hemoglobin A1c"},"subject":{"reference":"Patient/s-3"},"effectiveDateTime":"2024-03-02","valueQuantity":{"value":8.1,"unit":"%%"}}\n' > "$T/in/obs.ndjson"
expect_status 0 "ingest" "$WARD" ingest "$T/in"

"$WARD" search "chest pain" --json > "$T/all"
check "unfiltered search finds the three notes" test "$(grep -o '"chunk_id"' "$T/all" | wc -l)" = 3
check "the note saying chest pain twice ranks first" test "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["title"])' "$T/all")" = discharge
for f in chunk_id document_id score title kind date patient_id snippet text start end; do contains "$T/all" "\"$f\"" "hit has $f"; done
contains "$T/all" "[chest]" "snippet marks the matched terms"
check "every hit's offsets lead back to its text" python3 - "$T/all" "$WARD_DATA/ward.db" <<'EOF'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[2])
for h in json.load(open(sys.argv[1])):
    doc = db.execute("SELECT text FROM documents WHERE id=?", (h["document_id"],)).fetchone()[0].encode()
    assert doc[h["start"]:h["end"]].decode() == h["text"], h
EOF
"$WARD" search "chest pain" --patient s-1 --json > "$T/p"
check "--patient keeps that patient's chunks" test "$(grep -o '"patient_id": "s-1"' "$T/p" | wc -l)/$(grep -o '"chunk_id"' "$T/p" | wc -l)" = 2/2
"$WARD" search "chest pain" --kind discharge_summary --json > "$T/k"
check "--kind filters by document kind" test "$(grep -o '"chunk_id"' "$T/k" | wc -l)" = 1
"$WARD" search "chest pain" --patient s-1 --since 2024-01-01 --json > "$T/d"
check "--since filters by date" test "$(python3 -c 'import json,sys; print([h["title"] for h in json.load(open(sys.argv[1]))])' "$T/d")" = "['new-visit']"
"$WARD" search "chest pain" --until 2023-12-31 --json > "$T/u"
check "--until filters by date" test "$(grep -o '"chunk_id"' "$T/u" | wc -l)" = 1
"$WARD" search "apixaban" --patient '' --json > "$T/lit"
check "--patient '' searches the literature only" test "$(python3 -c 'import json,sys; print([h["kind"] for h in json.load(open(sys.argv[1]))])' "$T/lit")" = "['article']"
"$WARD" search "chest" -k 1 --json > "$T/k1"
check "-k limits the hits" test "$(grep -o '"chunk_id"' "$T/k1" | wc -l)" = 1
"$WARD" search "a1c" --kind record > "$T/rec"
contains "$T/rec" "2024-03-02 Hemoglobin [A1c] 8.1 %" "structured records are searchable"
expect_status 0 "FTS5 syntax in the query is taken as words" "$WARD" search 'NEAR( "chest* OR pain) AND -^' 
contains "$T/out" "chest" "syntax characters ignored, words still matched"
expect_status 0 "no matches is not an error" "$WARD" search "zyxxyq"
contains "$T/out" "No matches." "no matches said"
expect_status 1 "a query of punctuation only is a usage error" "$WARD" search '?!'
expect_status 1 "a bad date is a usage error" "$WARD" search chest --since yesterday
finish
