# test_fts_mark.sh — the full-text index holds exactly the chunks up to
# chunks_fts_mark (schema.sql, version 18): new chunks are indexed when
# their transaction commits; a chunk deleted or changed before that gets no
# FTS5 'delete' (which would corrupt FTS5's totals); when deletes leave no
# chunk at the mark it comes down, so the ids SQLite gives again are
# indexed; chunks another tool added are indexed by the next Ward process
# that writes; and a store of version 17 is migrated with the chunks that
# waited in chunks_fts_pending indexed. SQLite only (PostgreSQL has its own
# index).
. "$WARD_TESTS/lib.sh"
DB="$WARD_DATA/ward.db"
q() { sqlite3 "$DB" "$1"; }
note() { printf -- '---\npatient: p1\ndate: 2024-05-01\n---\n%s\n' "$1" > "$2"; }
hits() { q "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH '$1'"; }
# FTS5's own check against the chunks table (rank 1: every row of the
# content table must be indexed as it is, and nothing else).
in_step() { q "INSERT INTO chunks_fts(chunks_fts, rank) VALUES('integrity-check', 1); SELECT 'ok'" 2>&1; }
mark_at_top() { [ "$(q "SELECT mark = (SELECT coalesce(max(id), 0) FROM chunks) FROM chunks_fts_mark")" = 1 ]; }

# ---- a store of version 17, with chunks waiting in chunks_fts_pending ----
mkdir -p "$WARD_DATA"
awk '/^-- version: 18$/ {exit} {print}' "$WARD_SRC/src/store/schema.sql" > "$T/v17.sql"
{
  cat "$T/v17.sql"
  echo "PRAGMA user_version = 17;"
  echo "INSERT INTO documents(id, patient_id, kind, text, hash) VALUES (1, 'p0', 'note', 'x', 'h1');"
  echo "INSERT INTO chunks(document_id, seq, start, end, text) VALUES (1, 0, 0, 1, 'zebra crossing'), (1, 1, 0, 1, 'okapi herd');"
  echo "INSERT INTO chunks_fts(rowid, text) SELECT c.id, c.text FROM chunks_fts_pending p JOIN chunks c ON c.id = p.id;"
  echo "DELETE FROM chunks_fts_pending;"
  echo "INSERT INTO chunks(document_id, seq, start, end, text) VALUES (1, 2, 0, 1, 'quokka smile');"
} | sqlite3 "$DB"
check "v17 store: one chunk waits" [ "$(q "SELECT count(*) FROM chunks_fts_pending")" = 1 ]
mkdir -p "$T/in"
note "Assessment: asthma, stable on albuterol." "$T/in/a.txt"
expect_status 0 "ingest on the v17 store" "$WARD" ingest -q "$T/in"
check "migrated to 18 or later" [ "$(q "PRAGMA user_version")" -ge 18 ]
check "the waiting list is gone" [ -z "$(q "SELECT name FROM sqlite_master WHERE name = 'chunks_fts_pending'")" ]
check "the chunk that waited is indexed" [ "$(hits quokka)" = 1 ]
check "the chunks indexed before stay indexed once" [ "$(hits 'zebra OR okapi')" = 2 ]
check "the new note is indexed" [ "$(hits albuterol)" = 1 ]
check "the mark is the last chunk" mark_at_top
check "index in step after the migration" [ "$(in_step)" = ok ]

# ---- an edit of the last note: its old chunks were the last ids, which
# SQLite gives again to the new version's chunks ----
note "Assessment: asthma, worse; started montelukast." "$T/in/a.txt"
expect_status 0 "ingest the edited note" "$WARD" ingest -q "$T/in"
check "the old version's words are gone" [ "$(hits albuterol)" = 0 ]
check "the new version's chunk is indexed (a reused id)" [ "$(hits montelukast)" = 1 ]
check "index in step after the edit" [ "$(in_step)" = ok ]
check "the mark is the last chunk" mark_at_top

# ---- another tool's writes: triggers keep the index in step ----
q "INSERT INTO chunks(document_id, seq, start, end, text) VALUES (1, 3, 0, 1, 'wombat burrow');"
check "a chunk another tool added waits above the mark" [ "$(hits wombat)" = 0 ]
q "BEGIN; INSERT INTO chunks(document_id, seq, start, end, text) VALUES (1, 4, 0, 1, 'never indexed');
   DELETE FROM chunks WHERE text = 'never indexed'; COMMIT;"
q "UPDATE chunks SET text = 'zebra stripes' WHERE text = 'zebra crossing'"
check "an indexed chunk's new text is indexed at once" [ "$(hits stripes)" = 1 ]
check "and its old text is not" [ "$(hits crossing)" = 0 ]
q "UPDATE chunks SET id = (SELECT max(id) + 10 FROM chunks) WHERE text = 'okapi herd'"
check "a chunk given a new id above the mark waits" [ "$(hits okapi)" = 0 ]
expect_status 0 "a Ward process that writes" "$WARD" ingest -q "$T/in"
check "it indexed what waited" [ "$(hits 'wombat OR okapi')" = 2 ]
check "index in step after the other tool's writes" [ "$(in_step)" = ok ]
check "the mark is the last chunk" mark_at_top

# ---- deletes at the top bring the mark down ----
top=$(q "SELECT max(id) FROM chunks")
q "DELETE FROM chunks WHERE id >= $top - 1"
check "the mark came down to the last chunk" mark_at_top
q "INSERT INTO chunks(document_id, seq, start, end, text) VALUES (1, 5, 0, 1, 'capybara pool');"
check "the new chunk takes an id given before" [ "$(q "SELECT max(id) FROM chunks")" -le "$top" ]
expect_status 0 "a Ward process that writes" "$WARD" ingest -q "$T/in"
check "the chunk with a reused id is indexed" [ "$(hits capybara)" = 1 ]
check "index in step after deletes at the top" [ "$(in_step)" = ok ]
check "sound" [ "$(q "PRAGMA integrity_check")" = ok ]
finish
