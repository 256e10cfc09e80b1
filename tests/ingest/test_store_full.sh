# test_store_full.sh — the store's files cannot grow (a file size limit)
# while notes go in. Notes are stored without a savepoint each (text.c), so
# a store failure under a note abandons the whole uncommitted group: the
# run stops with the store's error and exit 2, the store stays sound (no
# note half stored, FTS5 index whole), and a run without the limit
# completes it with the same content as one clean run. Without the
# caller's trap (a shell's default), Ward catches SIGXFSZ itself: the run
# fails the same way and its message names the limit.
. "$WARD_TESTS/lib.sh"

mkdir -p "$T/in"
for i in $(seq 1 300); do
  {
    printf -- '---\npatient: full-p%d\ndate: 2024-%02d-%02d\n---\n' $((i % 23)) $((i % 12 + 1)) $((i % 28 + 1))
    for j in $(seq 1 25); do printf 'Line %d of note %d: metformin continued, blood pressure %d/80, no chest pain.\n' "$j" "$i" $((110 + j)); done
  } > "$T/in/note$i.txt"
done
sig() { sqlite3 "$1/ward.db" "SELECT (SELECT count(*) FROM documents)||'/'||(SELECT count(*) FROM chunks)||'/'||(SELECT count(*) FROM concepts)||'/'||(SELECT count(*) FROM resources)||'/'||(SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'metformin')"; }

"$WARD" --data "$T/ref" ingest -q "$T/in" >/dev/null 2>&1
check "clean run succeeds" test $? = 0
want=$(sig "$T/ref")

"$WARD" --data "$T/full" init >/dev/null 2>&1
# SIGXFSZ ignored: a write past the limit fails with EFBIG instead.
( trap '' XFSZ; ulimit -f 1500; exec "$WARD" --data "$T/full" ingest -q --jobs 2 "$T/in" ) >"$T/out" 2>"$T/err"
st=$?
check "the run fails with exit 2 (got $st)" test "$st" = 2
contains "$T/err" "the store keeps every file committed before this" "the message says what is kept"
ok=$(sqlite3 "$T/full/ward.db" "PRAGMA integrity_check" 2>&1)
check "the store is sound: $ok" test "$ok" = ok
fts=$(sqlite3 "$T/full/ward.db" "INSERT INTO chunks_fts(chunks_fts) VALUES('integrity-check'); SELECT 'ok'" 2>&1)
check "the FTS5 index is whole: $fts" test "$fts" = ok
half=$(sqlite3 "$T/full/ward.db" "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id)")
check "no note without its chunks ($half)" test "$half" = 0
got=$(sig "$T/full")
check "not every note went in ($got of $want)" test "${got%%/*}" -lt 300

"$WARD" --data "$T/full" ingest -q "$T/in" >/dev/null 2>&1
check "a run without the limit succeeds" test $? = 0
got=$(sig "$T/full")
check "then the store holds what one clean run stores ($got, want $want)" test "$got" = "$want"

# A shell's default leaves SIGXFSZ to kill the writer: Ward catches it, so
# the run still fails with exit 2 and says which limit it met.
"$WARD" --data "$T/limit" init >/dev/null 2>&1
( ulimit -f 1500; exec "$WARD" --data "$T/limit" ingest -q "$T/in" ) >"$T/out" 2>"$T/err"
st=$?
check "without the caller's trap the run fails with exit 2, not by SIGXFSZ (got $st)" test "$st" = 2
contains "$T/err" "a file reached the size limit (ulimit -f)" "the message names the file size limit"
ok=$(sqlite3 "$T/limit/ward.db" "PRAGMA integrity_check" 2>&1)
check "the store is sound: $ok" test "$ok" = ok
finish
