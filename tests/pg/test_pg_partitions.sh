# test_pg_partitions.sh — the per-patient tables on PostgreSQL are
# hash-partitioned by patient_id (schema_pg.sql, versions 11 and 15):
#  - a database made with ward.partitions = 8 has 8 partitions in each of
#    documents, chunks, concepts, embeddings and resources; every patient's
#    rows sit in one partition of each table, the same one in all five
#    (co-located);
#  - a patient-filtered BM25 search reads one partition of chunks and of
#    documents (the plans, logged by auto_explain, name no other);
#  - a read of resources by (type, fhir_id), which names no patient, reads
#    one partition (through the key map resource_keys), and a resource that
#    comes back under another patient keeps its id and leaves the old
#    patient's partition;
#  - a note's statements by source key (its version, the supersede check)
#    read one partition (through document_keys), and a note that comes back
#    under another patient still supersedes its version there;
#  - a database at version 10 (unpartitioned documents, concepts,
#    embeddings, resources) migrates: every row, id and key kept, the foreign keys and
#    cascades work on the new tables, ids go on from where they were, and
#    BM25's statistics still equal a recount;
#  - literature (no patient) keeps its foreign keys: a chunk naming a
#    missing document is refused, and deleting its document removes its chunks.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/pg/pg_env.sh"
PG_ENV_SETTINGS="-c shared_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 -c auto_explain.log_nested_statements=on"
pg_env_start || { fail "PostgreSQL did not start"; finish; }
unset WARD_DATA
q() { pg_sql "$DB" "$1"; }
TABLES="documents chunks concepts embeddings resources"

# Each table's partitions: how many, and their strategy and key.
parts_ok() {
  local t n
  for t in $TABLES; do
    n=$(q "SELECT count(*) FROM pg_inherits WHERE inhparent = '$t'::regclass")
    [ "$n" = "$1" ] || { echo "$t has $n partitions, not $1"; return 1; }
    [ "$(q "SELECT partstrat::text || ':' || pg_get_partkeydef('$t'::regclass) FROM pg_partitioned_table
            WHERE partrelid = '$t'::regclass")" = "h:HASH (patient_id)" ] || { echo "$t: not by hash of patient_id"; return 1; }
  done
}
# Rows of a patient in more than one partition of a table, or a patient
# whose partitions differ between tables (by their number): none.
colocated() {
  q "WITH p AS (SELECT 'documents' t, patient_id, tableoid FROM documents UNION ALL
                SELECT 'chunks', patient_id, tableoid FROM chunks UNION ALL
                SELECT 'concepts', patient_id, tableoid FROM concepts UNION ALL
                SELECT 'embeddings', patient_id, tableoid FROM embeddings UNION ALL
                SELECT 'resources', patient_id, tableoid FROM resources)
     SELECT count(*) FROM (SELECT patient_id FROM p GROUP BY patient_id
       HAVING count(DISTINCT substring(tableoid::regclass::text FROM '_p[0-9]+\$')) > 1) x"
}

# ---- a new database, 8 partitions ----
DB=parts
URL=$(pg_newdb "$DB")
q "ALTER DATABASE parts SET ward.partitions = 8"
w() { "$WARD" --data "$T/d" --store "$URL" "$@"; }
"$WARD" synth --patients 12 --seed 3 --format fhir,notes --out "$T/cohort" >/dev/null 2>"$T/err" || fail "synth: $(cat "$T/err")"
check "a cohort is ingested" w ingest -q "$T/cohort/notes"
check "and its FHIR records" w ingest -q "$T/cohort/fhir"
check "and the literature" w ingest -q "$WARD_SRC/examples/literature"
check "and indexed" w index -q
why=$(parts_ok 8) ; check "documents, chunks, concepts, embeddings, resources: 8 hash partitions by patient_id ($why)" test -z "$why"
check "every record's resource has its key in the map, with its id and patient" test "$(q "SELECT count(*) FROM
  (SELECT * FROM resources WHERE derived = 0) r FULL JOIN resource_keys k USING (type, fhir_id)
  WHERE r.id IS DISTINCT FROM k.id OR r.patient_id IS DISTINCT FROM k.patient_id")" = 0
check "the notes' facts are stored, their keys not mapped" test "$(q "SELECT count(*) > 0 AND count(k.id) = 0
  FROM resources r LEFT JOIN resource_keys k USING (type, fhir_id) WHERE r.derived = 1")" = t
fact=$(q "SELECT type || ',' || fhir_id || ',' || id FROM resources WHERE derived = 1 ORDER BY id LIMIT 1")
check "a fact is read by its key" test "$(q "SELECT id FROM ward_resource_by_key('${fact%%,*}', '$(echo "$fact" | cut -d, -f2)')")" = "${fact##*,}"
check "every table has rows" test "$(q "SELECT count(*) FROM concepts")" -gt 0 -a "$(q "SELECT count(*) FROM embeddings")" -gt 0
check "each patient's rows sit in one partition, the same in every table" test "$(colocated)" = 0
check "the rows spread over several partitions" test "$(q "SELECT count(DISTINCT tableoid) FROM chunks")" -gt 3
check "literature sits in one partition" test "$(q "SELECT count(DISTINCT tableoid) FROM chunks WHERE patient_id IS NULL")" = 1

# The plans of a patient-filtered search (auto_explain logs each statement's).
P=$(q "SELECT patient_id FROM documents WHERE patient_id IS NOT NULL ORDER BY patient_id LIMIT 1")
from=$(($(pg_env_as cat "$PG_DIR/log" | wc -l) + 1))
w search "blood pressure medication" --patient "$P" --mode bm25 --json > "$T/s.json" 2>"$T/err" || fail "search: $(cat "$T/err")"
check "the search finds the patient's chunks" test "$(jq length "$T/s.json")" -gt 0
check "only the patient's" test "$(jq -r '.[].patient_id' "$T/s.json" | sort -u)" = "$P"
# Log entries start with their time; keep the plans of the BM25 statement.
pg_env_as cat "$PG_DIR/log" | tail -n +"$from" |
  awk '/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-/ { if (e ~ /plan:/ && e ~ /ts_headline/) printf "%s", e; e = "" } { e = e $0 "\n" }
       END { if (e ~ /plan:/ && e ~ /ts_headline/) printf "%s", e }' > "$T/plan.txt"
check "the search's plan was logged" grep -q "chunks_p" "$T/plan.txt"
check "its plan reads one partition of chunks" test "$(grep -o 'chunks_p[0-9]*' "$T/plan.txt" | sort -u | wc -l)" = 1
check "and one of documents" test "$(grep -o 'documents_p[0-9]*' "$T/plan.txt" | sort -u | wc -l)" = 1

# Reads of resources by (type, fhir_id): ingesting the records again looks
# each one up before it writes. Every logged plan that reads resources
# names one partition of it.
from=$(($(pg_env_as cat "$PG_DIR/log" | wc -l) + 1))
check "the records are ingested again" w ingest -q "$T/cohort/fhir"
pg_env_as cat "$PG_DIR/log" | tail -n +"$from" |
  awk '/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-/ { if (e ~ /plan:/ && e ~ /resources_p/) printf "%s\f", e; e = "" } { e = e $0 "\n" }
       END { if (e ~ /plan:/ && e ~ /resources_p/) printf "%s\f", e }' > "$T/rplans.txt"
check "lookups of resources by key were logged" test "$(grep -c 'resource_keys\|r.fhir_id = ' "$T/rplans.txt")" -gt 10
check "each plan reading resources reads one partition" test "$(awk 'BEGIN { RS = "\f" } /resources_p/ {
  n = 0; delete seen; s = $0; while (match(s, /resources_p[0-9]+/)) { p = substr(s, RSTART, RLENGTH); if (!(p in seen)) { seen[p] = 1; n++ }
  s = substr(s, RSTART + RLENGTH) } if (n != 1) bad++ } END { print bad + 0 }' "$T/rplans.txt")" = 0

P2=$(q "SELECT patient_id FROM documents WHERE patient_id IS NOT NULL AND patient_id <> '$P' ORDER BY patient_id LIMIT 1")
# A note's statements by source key (its version, the supersede check)
# read one partition of documents: its patient's, through document_keys.
note() {  # note FILE PATIENT ID TEXT
  printf -- '---\npatient: %s\ndate: 2024-05-06\nkind: note\nid: %s\n---\n%s\n' "$2" "$3" "$4" > "$1"
}
note "$T/k1.txt" "$P" key-1 "Follow-up: cough resolved, lungs clear."
check "a note with a source key is ingested" w ingest -q "$T/k1.txt"
check "the map knows the key's patient" test "$(q "SELECT patient_id || moved FROM document_keys WHERE source_key = 'text-id:key-1'")" = "${P}false"
note "$T/k2.txt" "$P" key-1 "Follow-up: cough resolved, lungs clear, no fever."
from=$(($(pg_env_as cat "$PG_DIR/log" | wc -l) + 1))
check "its second version is ingested" w ingest -q "$T/k2.txt"
pg_env_as cat "$PG_DIR/log" | tail -n +"$from" |
  awk '/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-/ { if (e ~ /plan:/ && e ~ /d.source_key = key/) printf "%s\f", e; e = "" } { e = e $0 "\n" }
       END { if (e ~ /plan:/ && e ~ /d.source_key = key/) printf "%s\f", e }' > "$T/kplans.txt"
check "its reads by source key were logged" test "$(grep -c 'd.source_key = key' "$T/kplans.txt")" -ge 2
check "each plan reading documents by source key reads one partition" test "$(awk 'BEGIN { RS = "\f" } /documents_p/ {
  n = 0; delete seen; s = $0; while (match(s, /documents_p[0-9]+/)) { p = substr(s, RSTART, RLENGTH); if (!(p in seen)) { seen[p] = 1; n++ }
  s = substr(s, RSTART + RLENGTH) } if (n != 1) bad++ } END { print bad + 0 }' "$T/kplans.txt")" = 0
check "it is version 2 and supersedes the first" test "$(q "SELECT string_agg(version || (superseded_at IS NULL)::text, ',' ORDER BY version)
  FROM documents WHERE source_key = 'text-id:key-1'")" = "1false,2true"
note "$T/k3.txt" "$P2" key-1 "Follow-up (corrected patient): cough resolved, lungs clear, no fever."
check "a third version under another patient is ingested" w ingest -q "$T/k3.txt"
check "it is version 3, the only current one, under the new patient" test "$(q "SELECT string_agg(version || (superseded_at IS NULL)::text
  || patient_id, ',' ORDER BY version) FROM documents WHERE source_key = 'text-id:key-1'")" = "1false$P,2false$P,3true$P2"
check "the map marks the key as moved" test "$(q "SELECT patient_id || moved FROM document_keys WHERE source_key = 'text-id:key-1'")" = "${P2}true"
old=$(q "SELECT string_agg(id::text, ',') FROM documents WHERE source_key = 'text-id:key-1' AND superseded_at IS NOT NULL")
check "the old versions' chunks are gone" test "$(q "SELECT count(*) FROM chunks WHERE document_id IN ($old)")" = 0
check "the old patient's search no longer finds it" test "$(w search "fever" --patient "$P" --mode bm25 --json |
  jq "[.[] | select(.document_id | IN($old))] | length")" = 0
check "the new patient's finds it" test "$(w search "fever" --patient "$P2" --mode bm25 --json |
  jq "[.[] | select(.patient_id == \"$P2\")] | length")" -ge 1

# A resource that comes back under another patient (a corrected subject).
up() { q "INSERT INTO resources(type, fhir_id, patient_id, json, hash) VALUES ('Condition', 'moved-1', $1, '{}', $2)
          ON CONFLICT (type, fhir_id, patient_id) DO UPDATE SET json = excluded.json, hash = excluded.hash RETURNING id"; }
id1=$(up "'$P'" "'h1'")
check "a resource stored again under the same patient keeps its id" test "$(up "'$P'" "'h2'")" = "$id1"
check "and under another patient too" test "$(up "'$P2'" "'h3'")" = "$id1"
check "it is stored once, under the new patient, in its partition" test "$(q "SELECT count(*) || patient_id || hash
  FROM resources WHERE fhir_id = 'moved-1' GROUP BY patient_id, hash")" = "1${P2}h3"
check "the map follows it" test "$(q "SELECT id || patient_id FROM resource_keys WHERE fhir_id = 'moved-1'")" = "$id1$P2"
check "a read by key finds it" test "$(q "SELECT hash FROM ward_resource_by_key('Condition', 'moved-1')")" = h3
check "and without a patient" test "$(up NULL "'h4'")" = "$id1"
check "read by key again" test "$(q "SELECT hash || coalesce(patient_id, '-') FROM ward_resource_by_key('Condition', 'moved-1')")" = h4-
q "DELETE FROM resources WHERE fhir_id = 'moved-1'"
check "deleting a resource deletes its key" test "$(q "SELECT count(*) FROM resource_keys WHERE fhir_id = 'moved-1'")" = 0

# ---- a database at version 10 migrates ----
DB=old
URL=$(pg_newdb "$DB")
sed '/^-- version: 11/,$d' "$WARD_SRC/src/store/schema_pg.sql" > "$T/v10.sql"
pg_env_as "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d old -1 \
  -c "CREATE TABLE ward_schema (version integer NOT NULL); INSERT INTO ward_schema VALUES (10)" -f - <"$T/v10.sql" \
  >/dev/null 2>"$T/err" || fail "schema 10: $(cat "$T/err")"
q "INSERT INTO documents(patient_id, kind, text, hash) VALUES ('pa', 'note', 'Hypertension on lisinopril.', 'h1'),
     ('pb', 'note', 'Asthma with albuterol.', 'h2'), (NULL, 'article', 'Lisinopril lowers blood pressure.', 'h3');
   INSERT INTO chunks(document_id, seq, start, \"end\", text, patient_id, kind)
     SELECT id, 0, 0, length(text), text, patient_id, kind FROM documents;
   INSERT INTO concepts(chunk_id, document_id, start, \"end\", type, text)
     SELECT c.id, c.document_id, 0, 5, 'problem', 'x' FROM chunks c;
   INSERT INTO embeddings(chunk_id, model, dim, vec) SELECT id, 'm', 1, '\\x00000000' FROM chunks;
   INSERT INTO resources(type, fhir_id, patient_id, json, hash) VALUES ('Condition', 'c1', 'pa', '{}', 'r1'),
     ('Condition', 'c2', 'pb', '{}', 'r2'), ('Practitioner', 'pr1', NULL, '{}', 'r3');
   INSERT INTO documents(patient_id, kind, text, hash, source_key) VALUES ('pa', 'note', 'Old keyed note.', 'h4', 'text-id:old')"
rbefore=$(q "SELECT string_agg(id || type || fhir_id || coalesce(patient_id, '-') || hash, ',' ORDER BY id) FROM resources")
maxres=$(q "SELECT max(id) FROM resources")
before=$(q "SELECT string_agg(d.id || d.hash || c.id || k.id || e.chunk_id, ',' ORDER BY d.id)
            FROM documents d JOIN chunks c ON c.document_id = d.id JOIN concepts k ON k.chunk_id = c.id
            JOIN embeddings e ON e.chunk_id = c.id")
maxdoc=$(q "SELECT max(id) FROM documents")
w() { "$WARD" --data "$T/o" --store "$URL" "$@"; }
check "a version 10 database opens and migrates" w stats
check "it is at version 11 or later" test "$(q "SELECT version FROM ward_schema")" -ge 11
why=$(parts_ok 16) ; check "its tables are partitioned, 16 each ($why)" test -z "$why"
after=$(q "SELECT string_agg(d.id || d.hash || c.id || k.id || e.chunk_id, ',' ORDER BY d.id)
           FROM documents d JOIN chunks c ON c.document_id = d.id JOIN concepts k ON k.chunk_id = c.id
           JOIN embeddings e ON e.chunk_id = c.id")
check "every row and id moved" test -n "$before" -a "$before" = "$after"
check "concepts and embeddings got their patients" \
  test "$(q "SELECT count(*) FROM concepts k JOIN embeddings e USING (patient_id) WHERE patient_id = 'pa'")" = 1
check "each patient's rows sit in one partition" test "$(colocated)" = 0
check "every resource and id moved" test "$(q "SELECT string_agg(id || type || fhir_id || coalesce(patient_id, '-') || hash, ','
  ORDER BY id) FROM resources")" = "$rbefore"
check "the key map holds them" test "$(q "SELECT string_agg(id || type || fhir_id, ',' ORDER BY id) FROM resource_keys")" = \
  "$(q "SELECT string_agg(id || type || fhir_id, ',' ORDER BY id) FROM resources")"
check "a new resource's id goes on from the old ones" test "$(q "INSERT INTO resources(type, fhir_id, patient_id, json, hash)
  VALUES ('Condition', 'c3', 'pa', '{}', 'r4') RETURNING id")" -gt "$maxres"
check "the document key map holds the old keys" test "$(q "SELECT patient_id || moved FROM document_keys WHERE source_key = 'text-id:old'")" = pafalse
printf -- '---\npatient: pa\ndate: 2024-01-03\nkind: note\nid: old\n---\nOld keyed note, edited.\n' > "$T/old.txt"
check "a new version of an old keyed note is ingested" w ingest -q "$T/old.txt"
check "it is version 2 and supersedes the old one" test "$(q "SELECT string_agg(version || (superseded_at IS NULL)::text, ',' ORDER BY version)
  FROM documents WHERE source_key = 'text-id:old'")" = "1false,2true"
check "a practitioner (no patient) is read by key" test "$(q "SELECT hash FROM ward_resource_by_key('Practitioner', 'pr1')")" = r3
printf -- '---\npatient: pa\ndate: 2024-01-02\nkind: note\n---\nFollow-up: blood pressure controlled on lisinopril.\n' > "$T/new.txt"
check "a note is added after the migration" w ingest -q "$T/new.txt"
check "its id goes on from the old ones" test "$(q "SELECT max(id) FROM documents")" -gt "$maxdoc"
w search "lisinopril" --mode bm25 --json > "$T/o.json" 2>"$T/err" || fail "search: $(cat "$T/err")"
check "search finds old and new documents" test "$(jq '[.[].document_id] | unique | length' "$T/o.json")" = 3
check "BM25's statistics equal a recount" test "$(q "SELECT count(*) FROM (SELECT u.lexeme, count(*) AS df
  FROM chunks c, unnest(c.tsv) u GROUP BY u.lexeme) r FULL JOIN (SELECT * FROM search_terms WHERE df <> 0) s
  ON s.lexeme = r.lexeme WHERE r.df IS DISTINCT FROM s.df")" = 0

# Foreign keys: a patient's by the key, literature's by the trigger.
expect_fail() { ! q "$1" >/dev/null 2>"$T/err" && grep -q "foreign key" "$T/err"; }
check "a chunk of a missing document is refused" expect_fail \
  "INSERT INTO chunks(document_id, seq, start, \"end\", text, patient_id) VALUES (999999, 0, 0, 1, 'x', 'pa')"
check "a literature chunk of a missing document is refused" expect_fail \
  "INSERT INTO chunks(document_id, seq, start, \"end\", text) VALUES (999999, 0, 0, 1, 'x')"
check "a literature concept of a missing document is refused" expect_fail \
  "INSERT INTO concepts(document_id, start, \"end\", type, text) VALUES (999999, 0, 1, 'problem', 'x')"
q "DELETE FROM documents WHERE hash IN ('h1', 'h3')"
check "deleting documents removes their chunks, concepts and embeddings, literature's too" \
  test "$(q "SELECT (SELECT count(*) FROM chunks WHERE document_id IN (SELECT id FROM documents)) = (SELECT count(*) FROM chunks)
            AND (SELECT count(*) FROM concepts) = (SELECT count(*) FROM concepts WHERE document_id IN (SELECT id FROM documents))
            AND (SELECT count(*) FROM embeddings) = (SELECT count(*) FROM embeddings WHERE chunk_id IN (SELECT id FROM chunks))
            AND (SELECT count(*) FROM chunks WHERE patient_id IS NULL) = 0")" = t
finish
