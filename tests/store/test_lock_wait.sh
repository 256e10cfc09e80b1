# test_lock_wait.sh — while another process holds a long write transaction
# (the sqlite3 shell, BEGIN IMMEDIATE kept open), reads answer at once and
# ingest waits, then names the files it could not store and goes on
# (issue 15, finding 6):
#  - stats, search and ask answer within a few seconds: their audit events
#    go to DATA/audit.spool and join the chain once the lock is free; ask's
#    draft is not stored and the answer says so;
#  - `ingest --wait 2` reports each file by name, exits 2, and a run after
#    the lock is released stores them;
#  - the chain verifies with the spooled events in it; a spooled event that
#    was altered is found by `audit verify`.
. "$WARD_TESTS/lib.sh"
trap 'exec 9>&- 2>/dev/null; wait; rm -rf "$T"' EXIT
mkdir -p "$T/in"
for i in 1 2 3; do
  printf -- '---\npatient: p1\ndate: 2024-05-0%s\n---\nHPI: visit %s. Metformin continued; A1c 7.%s percent.\n' $i $i $i > "$T/in/n$i.txt"
done
expect_status 0 "init" "$WARD" init
expect_status 0 "first note" "$WARD" ingest -q "$T/in/n1.txt"
DB="$WARD_DATA/ward.db"

hold() {   # starts a sqlite3 shell that holds the write lock until release
  rm -f "$T/fifo" "$T/held"; mkfifo "$T/fifo"
  sqlite3 "$DB" < "$T/fifo" > "$T/held" 2>&1 &
  exec 9>"$T/fifo"
  echo "BEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES('lock-test', '1'); SELECT 'held';" >&9
  for _ in $(seq 100); do grep -q held "$T/held" 2>/dev/null && return; sleep 0.1; done
  fail "the sqlite3 shell did not take the lock"
}
release() { echo "ROLLBACK;" >&9; exec 9>&-; wait; }
now() { date +%s%N; }
# timed SECS DESCRIPTION COMMAND...: exit 0 within SECS seconds.
timed() {
  local max=$1 d=$2; shift 2
  local t0; t0=$(now)
  expect_status 0 "$d" "$@"
  local ms=$(( ($(now) - t0) / 1000000 ))
  check "$d answered in ${ms} ms (at most ${max} s)" [ "$ms" -le $((max * 1000)) ]
}

hold
timed 5 "stats while locked" "$WARD" stats
timed 5 "search while locked" "$WARD" search metformin
contains "$T/out" "Metformin" "search found the note"
timed 5 "ask while locked" "$WARD" ask --patient p1 "What is the A1c?"
contains "$T/out" "A1c 7.1" "ask answered"
contains "$T/out" "Not stored as a draft" "ask says its draft was not stored"
check "the reads' audit events are spooled" [ "$(grep -c '"action":' "$WARD_DATA/audit.spool")" = 2 ]

t0=$(now)
expect_status 2 "ingest while locked" "$WARD" ingest --wait 2 "$T/in/n2.txt" "$T/in/n3.txt"
ms=$(( ($(now) - t0) / 1000000 ))
check "ingest waited about 2 s per file ($ms ms)" [ "$ms" -ge 3500 -a "$ms" -le 15000 ]
contains "$T/err" "n2.txt: not stored: another process held the store's write lock" "n2 named"
contains "$T/err" "n3.txt: not stored" "n3 named (the run went on after n2)"
release

expect_status 0 "ingest after the lock is released" "$WARD" ingest -q "$T/in/n2.txt" "$T/in/n3.txt"
check "three notes" [ "$(sqlite3 "$DB" "SELECT count(*) FROM documents WHERE kind='note'")" = 3 ]
check "no draft stored while locked" [ "$(sqlite3 "$DB" "SELECT count(*) FROM drafts")" = 0 ]
expect_status 0 "audit verify" "$WARD" audit verify
check "spool drained" [ ! -s "$WARD_DATA/audit.spool" ]
check "spooled events chained in order" [ "$(sqlite3 "$DB" "SELECT group_concat(action, ',') FROM (SELECT action FROM audit ORDER BY id)")" = "ingest,search,ask,ingest,ingest" ]

# An altered spooled event is found, and nothing is chained from it.
hold
expect_status 0 "search while locked (2)" "$WARD" search metformin
sed -i 's/"outcome":"ok"/"outcome":"no"/' "$WARD_DATA/audit.spool"
expect_status 2 "verify finds the altered spool event" "$WARD" audit verify
contains "$T/err" "audit spool event 1" "the altered event is named"
release
expect_status 2 "verify still refuses after the lock is released" "$WARD" audit verify
check "the forged event was not chained" [ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE outcome='no'")" = 0 ]
finish
