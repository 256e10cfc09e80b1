# test_store_full.sh — the store's files cannot grow (a file size limit)
# while notes go in. Notes are stored without a savepoint each (text.c), so
# a store failure under a note abandons the whole uncommitted group: the
# run stops with the store's error and exit 2, the store stays sound (no
# note half stored, FTS5 index whole), and a run without the limit
# completes it with the same content as one clean run.
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
finish
