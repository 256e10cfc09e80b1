# test_schema_image.sh — a new store's file is written from the schema's
# image (made at build time by applying schema.sql's blocks with the
# store's own code: cmake/schema_image_gen.c, src/store/lite_image.c) and
# is the store that running every migration makes: the same schema (each
# object's type, name, table, root page and SQL), version, pages and rows.
# A store whose file existed empty before its first open is still made by
# its migrations, and a store made from the image takes notes like any
# other. SQLite only.
. "$WARD_TESTS/lib.sh"
A="$T/image" B="$T/migrated"
mkdir -m 700 "$A" "$B"
: > "$B/ward.db"   # an empty file already there: the migrations make it
expect_status 0 "a new store from the image" "$WARD" --data "$A" init
expect_status 0 "a new store from its migrations" "$WARD" --data "$B" init
for q in "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master ORDER BY rowid" "PRAGMA user_version" \
         "PRAGMA page_count" "PRAGMA freelist_count" "PRAGMA journal_mode" "SELECT * FROM meta ORDER BY key"; do
  a=$(sqlite3 "$A/ward.db" "$q") b=$(sqlite3 "$B/ward.db" "$q")
  if [ -n "$a" ] && [ "$a" = "$b" ]; then pass; else fail "'$q': image '$a' against migrations '$b'"; fi
done
check "the same rows" test "$(sqlite3 "$A/ward.db" .dump)" = "$(sqlite3 "$B/ward.db" .dump)"
check "at the schema's last version" test "$(sqlite3 "$A/ward.db" 'PRAGMA user_version')" = \
  "$(grep -o '^-- version: [0-9]*' "$WARD_SRC/src/store/schema.sql" | tail -1 | grep -o '[0-9]*$')"
check "the image's store is whole" test "$(sqlite3 "$A/ward.db" 'PRAGMA integrity_check')" = ok
check "no file is left beside it" test -z "$(ls "$A" | grep -F '.new.')"
check "private" test "$(stat -c %a "$A/ward.db")" = 600
printf -- '---\npatient: p1\ndate: 2024-05-01\n---\nHistory of hypertension, on lisinopril 10 mg daily.\n' > "$T/n1.txt"
expect_status 0 "a note goes into it" "$WARD" --data "$A" ingest -q "$T/n1.txt"
check "and is found" test "$(sqlite3 "$A/ward.db" "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'lisinopril'")" = 1
finish
