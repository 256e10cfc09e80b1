# test_file_modes.sh — under umask 000 the store's files are still
# owner-only: the directory 0700; ward.db, its -wal and -shm, the vector
# index, the keys and the audit head 0600. An existing directory that others
# can enter gets a warning.
. "$WARD_TESTS/lib.sh"
umask 000
"$WARD" init >/dev/null || fail "init"
"$WARD" ingest -q "$WARD_TESTS/fixtures/orchestrate/notes" || fail "ingest"
"$WARD" index -q >/dev/null || fail "index"
"$WARD" users add drx --role clinician >/dev/null && "$WARD" tokens create drx >/dev/null || fail "token"
# Hold a read transaction open so a write leaves -wal and -shm behind.
( sqlite3 "$WARD_DATA/ward.db" "BEGIN; SELECT count(*) FROM patients;" ".shell sleep 3" "COMMIT;" >/dev/null ) &
sleep 1
"$WARD" patients >/dev/null || fail "patients"
for f in ward.db ward.db-wal ward.db-shm audit.key audit.head auth.key; do
  if [ -e "$WARD_DATA/$f" ]; then check "$f is 0600" test "$(stat -c %a "$WARD_DATA/$f")" = 600
  else fail "$f missing"; fi
done
idx=$(find "$WARD_DATA" -name '*.hnsw' | head -1)
if [ -n "$idx" ]; then check "vector index is 0600" test "$(stat -c %a "$idx")" = 600; else fail "no vector index"; fi
check "directory is 0700" test "$(stat -c %a "$WARD_DATA")" = 700
check "nothing readable by others" test -z "$(find "$WARD_DATA" -perm /077)"
wait
chmod 755 "$WARD_DATA"
expect_status 0 "an open directory still works" "$WARD" patients
contains "$T/err" "open to other users" "open directory warned about"
# A store from before: files made 0644 are tightened when opened.
chmod 644 "$WARD_DATA/ward.db"
"$WARD" patients >/dev/null 2>&1
check "an old 0644 database is tightened" test "$(stat -c %a "$WARD_DATA/ward.db")" = 600
finish
