# test_pg_vectors.sh — vectors in PostgreSQL, an index per node: two data
# directories (two nodes) on one database. Node A ingests and indexes;
# node B, which never ran `ward index`, builds its own HNSW index from the
# embeddings table; after A indexes more, B's index catches up from the
# table (the generation counter moved) and finds the new chunks. Then the
# ways to select the store: --store, WARD_STORE, `store =` in DATA/config.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/pg/pg_env.sh"
pg_env_start || { fail "PostgreSQL did not start"; finish; }
unset WARD_DATA
A="$T/a" B="$T/b"
a() { "$WARD" --data "$A" --store "$WARD_TEST_PG" "$@"; }
b() { "$WARD" --data "$B" --store "$WARD_TEST_PG" "$@"; }
hits() { jq -r '.[].document_id' "$1" | sort -u | tr '\n' ' '; }

check "A ingests the notes" a ingest -q "$WARD_SRC/examples/notes"
check "A indexes" a index -q
mkdir -p "$B" && chmod 700 "$B" && cp "$A/auth.key" "$A/audit.key" "$B/" 2>/dev/null
b search "atrial fibrillation apixaban" --mode vector --json > "$T/b1.json" 2>"$T/err" || fail "B vector search: $(cat "$T/err")"
check "B finds vectors it never indexed" test "$(jq length "$T/b1.json")" -gt 0
check "B built its own index from the table" test -s "$B/vectors.hnsw"
a search "atrial fibrillation apixaban" --mode vector --json > "$T/a1.json"
check "both nodes rank the same" test "$(hits "$T/a1.json")" = "$(hits "$T/b1.json")"

check "A ingests the literature" a ingest -q "$WARD_SRC/examples/literature"
check "A indexes the new chunks" a index -q
b search "metformin kidney eGFR" --mode vector --json > "$T/b2.json" 2>"$T/err" || fail "B search after A indexed: $(cat "$T/err")"
new=$(WARD_STORE=$WARD_TEST_PG store_sql "SELECT id FROM documents WHERE title ILIKE '%metformin%'")
check "the new document is stored" test -n "$new"
check "B's index caught up: the new document is found" grep -qw -- "$new" <<<"$(hits "$T/b2.json")"

# The ways to select the store: DATA/config, the environment, and a bad one.
C="$T/c"; mkdir -p "$C" && chmod 700 "$C"
echo "store = $WARD_TEST_PG" > "$C/config"
"$WARD" --data "$C" stats --json > "$T/c.json" 2>"$T/err" || fail "store = in DATA/config: $(cat "$T/err")"
check "DATA/config selects the PostgreSQL store" test "$(jq .documents "$T/c.json")" -ge 4
WARD_STORE="$WARD_TEST_PG" "$WARD" --data "$T/e" stats --json > "$T/e.json" 2>"$T/err" || fail "WARD_STORE: $(cat "$T/err")"
check "WARD_STORE selects it" test "$(jq .documents "$T/e.json")" -ge 4
check "DATA still gets no ward.db" test ! -e "$T/e/ward.db"
expect_status 2 "an unreachable store" "$WARD" --data "$T/x" --store "postgresql://postgres@127.0.0.1:1/none" stats
contains "$T/err" "cannot connect to the PostgreSQL store" "the reason is given"
finish
