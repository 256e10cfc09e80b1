# test_hostile_cli.sh — the CLI against mistakes and hostile input (issue
# 15): a mistyped --data is refused by read commands instead of answered
# from a new empty store; a store that cannot be written still opens for
# reading, and a refusal gives the operating system's reason; a question
# with invalid UTF-8 is kept, escaped, in its draft's inputs.
. "$WARD_TESTS/lib.sh"
"$WARD" init >/dev/null
"$WARD" ingest "$WARD_SRC/examples" >/dev/null 2>&1

# --data naming nothing: read commands refuse, and create nothing.
for cmd in stats "search a1c" patients; do
  expect_status 2 "$cmd on a missing store" "$WARD" --data "$T/typo" $cmd
  contains "$T/err" "no Ward store in $T/typo" "$cmd names the missing store"
done
check "no directory was created" [ ! -e "$T/typo" ]
mkdir "$T/empty"
expect_status 2 "stats on a directory with no store" "$WARD" --data "$T/empty" stats
check "no store was created in it" [ ! -e "$T/empty/ward.db" ]
expect_status 0 "init still creates a store" "$WARD" --data "$T/new" init

# A store that cannot be written: stats reads it. As root, permissions do
# not bind, so the check runs as nobody; as anyone else, it drops write.
cp -r "$WARD_DATA" "$T/ro"
rm -f "$T/ro"/ward.db-wal "$T/ro"/ward.db-shm
chmod 755 "$T"
chmod a+r "$T/ro"/* && chmod a+rx "$T/ro"
chmod a-w "$T/ro" "$T/ro/ward.db"
as_reader() {
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi
}
expect_status 0 "stats on a read-only store" as_reader "$WARD" --data "$T/ro" stats
contains "$T/out" "documents" "stats printed the counts"
if grep -q "usable Ward database" "$T/err"; then fail "read-only store refused: $(cat "$T/err")"; else pass; fi
chmod u+w "$T/ro" "$T/ro/ward.db"

# The operating system's reason when the data directory cannot be made.
touch "$T/file"
expect_status 2 "a data directory under a file" "$WARD" --data "$T/file/sub" init
contains "$T/err" "Not a directory" "the reason is the system's"

# A question with invalid UTF-8: kept, escaped, in the draft's inputs.
P=$("$WARD" --json patients | jq -r '.[0].id // .patients[0].id')
"$WARD" ask --patient "$P" "$(printf 'Is penicillin \xff safe?')" >/dev/null 2>&1
got=$(sqlite3 "$WARD_DATA/ward.db" "SELECT json_extract(inputs, '\$.question') FROM drafts ORDER BY id DESC LIMIT 1")
check "the question is stored as given, escaped ($got)" [ "$got" = 'Is penicillin \xFF safe?' ]
finish
