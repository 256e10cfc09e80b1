# test_store_failure.sh — a store that fails in the middle of a task makes
# the task fail (exit 2, an error naming the cause), never answer. The
# dangerous wrong answer is "Not found in the record." (or "None
# recorded.") when the truth is that the chart could not be read.
#
# The damage is real SQLite damage: the root page of one table is zeroed in
# the database file, so the schema still loads and statements prepare, and
# SQLite reports "database disk image is malformed" when a task's query
# steps into that table. Each case starts from a fresh copy of the chart.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/orchestrate/fixture.sh"
GOOD="$T/good"
sqlite3 "$WARD_DATA/ward.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null || fail "checkpoint"
cp -r "$WARD_DATA" "$GOOD"

# damage TABLE: a fresh copy of the chart with TABLE's root page zeroed.
damage() {
  rm -rf "$WARD_DATA" && cp -r "$GOOD" "$WARD_DATA"
  local db="$WARD_DATA/ward.db" ps root
  ps=$(sqlite3 "$db" "PRAGMA page_size")
  root=$(sqlite3 "$db" "SELECT rootpage FROM sqlite_schema WHERE name='$1'")
  [ -n "$root" ] && [ "$root" -gt 1 ] || { fail "no root page for $1"; return; }
  dd if=/dev/zero of="$db" bs="$ps" seek=$((root - 1)) count=1 conv=notrunc status=none
}

# fails_closed TABLE DESCRIPTION ward-args...: exit 2 with an error that
# says what could not be read ($WHAT) and why; nothing on stdout that reads
# as an answer.
WHAT="cannot read the chart" CAUSE="malformed"
fails_closed() {
  local table=$1 d=$2; shift 2
  damage "$table"
  expect_status 2 "$d with $table damaged" "$WARD" "$@"
  contains "$T/err" "$WHAT" "$d with $table damaged: the error says what failed"
  contains "$T/err" "$CAUSE" "$d with $table damaged: the error keeps SQLite's cause"
  for neg in "Not found in the record" "None recorded" "No notes on file" "No allergies"; do
    if grep -qF "$neg" "$T/out"; then fail "$d with $table damaged answered '$neg'"; else pass; fi
  done
}

# Sanity: undamaged, the same commands answer.
"$WARD" ask "What was the most recent hemoglobin A1c?" --patient p1 > "$T/out" 2>&1 || fail "ask on a sound store"
contains "$T/out" "8.1 %" "ask on a sound store answers"

for table in resources chunks documents; do
  fails_closed "$table" "ask A1c" ask "What was the most recent hemoglobin A1c?" --patient p1
  fails_closed "$table" "ask allergies" ask "Any allergies?" --patient p1
  fails_closed "$table" "summarize" summarize --patient p1
  fails_closed "$table" "instructions" instructions --patient p1
  fails_closed "$table" "priorauth" priorauth --patient p1 --request "MRI knee"
done
# Questions answered by quoting notes or the literature search the full-text
# index; damaged, SQLite cannot open it.
CAUSE="vtable constructor failed"
fails_closed chunks_fts_data "ask from the notes" ask "What did the patient say about dizziness?" --patient p1
WHAT="cannot search the literature"
fails_closed chunks_fts_data "ask the literature" ask "Is apixaban preferred over warfarin?"
finish
