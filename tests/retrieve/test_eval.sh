# test_eval.sh — `ward eval retrieval` on a small judged file and on a
# cohort-style questions file: metrics in [0, 1], a query whose relevant note
# is an exact match scores recall@10 = 1 in every mode, unresolved items and
# not_in_record questions are counted apart, and bad lines are named.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/embed/corpus.sh"
q() { sqlite3 "$WARD_DATA/ward.db" "$1"; }

write_corpus "$T/in"
expect_status 0 "ingest" "$WARD" ingest -q "$T/in"
doc() { q "SELECT id FROM documents WHERE source_id = '$1'"; }
cat > "$T/q.jsonl" <<JSON
{"query": "wrist fracture cast orthopedics", "patient": "p-1", "relevant": [$(doc p-1-9.txt), "doc:$(doc p-1-10.txt)"]}
{"query": "asthma albuterol", "patient": "p-2", "relevant": ["p-2-17.txt", "chunk:$(q "SELECT c.id FROM chunks c WHERE c.document_id = $(doc p-2-18.txt)")"]}

{"query": "metformin", "relevant": ["no-such-source", 999999]}
JSON
expect_status 0 "eval bm25 only (no vectors yet)" "$WARD" eval retrieval --queries "$T/q.jsonl"
contains "$T/out" "2 queries (1 skipped, 2 relevant items not in the store)" "counts"
contains "$T/out" "bm25" "bm25 row"
expect_status 1 "hybrid without vectors" "$WARD" eval retrieval --queries "$T/q.jsonl" --modes hybrid
expect_status 0 "index" "$WARD" index -q
expect_status 0 "eval all modes" "$WARD" eval retrieval --queries "$T/q.jsonl" --json
for m in bm25 vector hybrid; do
  check "$m has metrics" grep -q "\"$m\"" "$T/out"
done
check "bm25 finds both exact matches" \
  test "$(tr -d ' \n' < "$T/out" | grep -o '"bm25":{[^}]*}' | grep -o '"recall@10":[0-9.]*')" = '"recall@10":1.0'
if tr -d ' \n' < "$T/out" | grep -o '"\(recall@[0-9]*\|mrr\|ndcg@10\)":[0-9.e+-]*' | cut -d: -f2 |
   awk '$1 > 1.0 || $1 < 0 {bad=1} END {exit !bad}'; then
  fail "a metric above 1"; else pass; fi

# Cohort questions: evidence resources resolve to their readable record documents.
q "INSERT INTO documents(patient_id,kind,title,date,source_format,source_id,text,hash)
   VALUES('p-1','record','Hemoglobin A1c','2024-03-02','fhir','Observation/obs-a1c','2024-03-02 Hemoglobin A1c 8.1 %','h1');
   INSERT INTO chunks(document_id,seq,start,end,text,patient_id,kind,date)
   SELECT id,0,0,length(text),text,patient_id,kind,date FROM documents WHERE hash='h1';"
mkdir -p "$T/cohort"
cat > "$T/cohort/questions.jsonl" <<'JSON'
{"patient": "p-1", "question": "What was the last hemoglobin A1c?", "kind": "lab", "answer": "8.1 %", "not_in_record": false, "evidence": [{"resourceType": "Observation", "id": "obs-a1c"}]}
{"patient": "p-1", "question": "Any penicillin allergy?", "kind": "allergy", "answer": "", "not_in_record": true, "evidence": []}
JSON
expect_status 0 "eval cohort" "$WARD" eval retrieval --cohort "$T/cohort" --modes bm25 --json
contains "$T/out" '"queries": 1' "one answerable question"
contains "$T/out" '"skipped": 1' "not_in_record skipped"
check "the record is found" test "$(tr -d ' \n' < "$T/out" | grep -o '"recall@10":[0-9.]*')" = '"recall@10":1.0'

printf '{"query": "x", "relevant": [1]}\nnot json\n' > "$T/bad.jsonl"
expect_status 2 "bad line" "$WARD" eval retrieval --queries "$T/bad.jsonl"
contains "$T/err" "bad.jsonl: line 2" "bad line named"
expect_status 1 "needs a source" "$WARD" eval retrieval
expect_status 1 "unknown evaluation" "$WARD" eval nonsense
expect_status 1 "bad modes" "$WARD" eval retrieval --queries "$T/q.jsonl" --modes bm25,magic
finish
