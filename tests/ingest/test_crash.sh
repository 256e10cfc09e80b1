# test_crash.sh — `ward ingest` killed with SIGKILL at several moments leaves
# a store that opens and passes integrity_check; re-running completes the
# job with no duplicates (same counts as one uninterrupted run).
. "$WARD_TESTS/lib.sh"

mkdir -p "$T/in/notes" "$T/in/lit"
for i in $(seq 1 400); do
  {
    printf -- '---\npatient: crash-p%d\ndate: 2024-%02d-%02d\nkind: progress_note\ntitle: Visit %d\n---\n' \
      $((i % 37)) $((i % 12 + 1)) $((i % 28 + 1)) "$i"
    printf 'HPI: Follow-up visit number %d for hypertension and type 2 diabetes.\n' "$i"
    for j in $(seq 1 30); do printf 'Line %d of note %d: blood pressure reviewed, metformin continued, no chest pain.\n' "$j" "$i"; done
    printf '\nASSESSMENT AND PLAN:\n1. Hypertension, controlled.\n2. Diabetes: A1c pending.\n'
  } > "$T/in/notes/note$i.txt"
done
for i in $(seq 1 50); do printf 'Guideline %d: statins for secondary prevention.\n' "$i" > "$T/in/lit/g$i.md"; done

# Reference: one clean run.
"$WARD" --data "$T/ref" ingest -q "$T/in" >/dev/null 2>&1
check "clean run succeeds" test $? = 0
sig() { sqlite3 "$1/ward.db" "SELECT (SELECT count(*) FROM documents)||'/'||(SELECT count(*) FROM chunks)||'/'||(SELECT count(*) FROM patients)||'/'||(SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'metformin')"; }
want=$(sig "$T/ref")
case "$want" in 450/*) pass ;; *) fail "reference run stored $want";; esac

# Kills alternate between one thread and two (workers, and the background
# checkpointer copying the log while the writer commits).
jobs=1
for delay in 0.02 0.08 0.15 0.3 0.5 0.8 1.2 1.6; do
  jobs=$((3 - jobs))
  "$WARD" --data "$T/crash" ingest -q --jobs "$jobs" "$T/in" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if [ -f "$T/crash/ward.db" ]; then
    ok=$(sqlite3 "$T/crash/ward.db" "PRAGMA integrity_check" 2>&1)
    [ "$ok" = "ok" ] && pass || fail "integrity_check after kill at ${delay}s (--jobs $jobs): $ok"
    # Killed before the schema's first migration committed, the store is
    # empty (and sound): the next open migrates it.
    fts=ok
    if [ "$(sqlite3 "$T/crash/ward.db" "PRAGMA user_version")" != 0 ]; then
      fts=$(sqlite3 "$T/crash/ward.db" "INSERT INTO chunks_fts(chunks_fts) VALUES('integrity-check'); SELECT 'ok'" 2>&1)
    fi
    [ "$fts" = "ok" ] && pass || fail "FTS index inconsistent after kill at ${delay}s (--jobs $jobs): $fts"
  fi
done
"$WARD" --data "$T/crash" ingest -q "$T/in" >/dev/null 2>&1
check "re-run after kills succeeds" test $? = 0
got=$(sig "$T/crash")
[ "$got" = "$want" ] && pass || fail "after kills and re-run: $got, clean run: $want"
dups=$(sqlite3 "$T/crash/ward.db" "SELECT count(*) FROM (SELECT hash FROM documents GROUP BY hash HAVING count(*)>1)")
[ "$dups" = 0 ] && pass || fail "$dups duplicated documents"
finish
