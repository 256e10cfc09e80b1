# test_pg_two_nodes.sh — two `ward serve` nodes on one PostgreSQL
# database (a real PostgreSQL 15 started by pg_env.sh, the real server over
# loopback): a document ingested through node A is found by search on node
# B, lexically at once, and by the default (hybrid) search too; the token
# made once works on both nodes; both nodes' audit events land in one chain
# that `ward audit verify` accepts.
#
# Node B's vector index is its own, in memory, refreshed from the database's
# change sequence: the lexical search does not depend on it, so the BM25
# check is the one that must pass at once; the vector search is polled
# after `ward index` embeds the new chunk (the refresh may take a moment).
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/server/server_lib.sh"
. "$WARD_TESTS/pg/pg_env.sh"
. "$WARD_TESTS/pg/nodes_lib.sh"

nodes_store || { fail "a Ward store on PostgreSQL"; finish; }
# Some notes and their vectors before the nodes start (the lexical
# embedder learns its words from the store's own chunks).
"$WARD" ingest -q "$WARD_TESTS/fixtures/orchestrate/notes" >/dev/null || fail "ingest the fixture notes"
"$WARD" index -q >/dev/null 2>&1 || fail "ward index"
node_start A --threads 2 || { fail "node A"; finish; }
node_start B --threads 2 || { fail "node B"; finish; }
# The patient first (through A), then dr's care team.
patient_bundle pt-two > "$T/p"
got=$(ingest "$A_URL" "$T/p")
check "patient through A (HTTP $got: $(head -c 200 "$T/ibody"))" [ "$got" = 200 ]
"$WARD" care-team add dr pt-two >/dev/null || fail "care team"

# Before: node B knows nothing of the word.
got=$(search "$B_URL" pt-two "zebracillin" bm25)
check "search on B before the ingest (HTTP $got)" [ "$got" = 200 ]
check "nothing found before the ingest" jq -e 'length == 0' "$T/sbody"

doc_bundle doc-two-1 pt-two "Started zebracillin 250 mg twice daily for the wound infection." > "$T/b1"
got=$(ingest "$A_URL" "$T/b1")
check "ingest through A (HTTP $got: $(head -c 200 "$T/ibody"))" [ "$got" = 200 ]
check "A stored the document: $(head -c 200 "$T/ibody")" jq -e '.documents >= 1 and .failed == 0' "$T/ibody"

# Lexical search on B finds it at once: the row is committed before A answers.
got=$(search "$B_URL" pt-two "zebracillin" bm25)
check "BM25 search on B (HTTP $got)" [ "$got" = 200 ]
contains "$T/sbody" "zebracillin" "B's BM25 search finds the document A ingested"

# Vectors: the CLI embeds the new chunk into the shared table (`ward
# index`); node B's in-memory index follows the change, so a vector search
# on B (the patient's chunks, by meaning: words the model knows) returns it.
"$WARD" index -q >/dev/null 2>&1 || fail "ward index after the ingest"
found_vector() { [ "$(search "$B_URL" pt-two "wound infection twice daily" vector)" = 200 ] && grep -q zebracillin "$T/sbody"; }
check "B's vector search finds the document A ingested" wait_for 20 found_vector
found_default() { [ "$(search "$B_URL" pt-two "zebracillin")" = 200 ] && grep -q zebracillin "$T/sbody"; }
check "B's default (hybrid) search finds it" found_default

# The other way round: B ingests, A finds.
doc_bundle doc-two-2 pt-two "Quokkamycin ointment applied to the left forearm." > "$T/b2"
got=$(ingest "$B_URL" "$T/b2")
check "ingest through B (HTTP $got)" [ "$got" = 200 ]
got=$(search "$A_URL" pt-two "quokkamycin" bm25)
contains "$T/sbody" "uokkamycin" "A's BM25 search finds the document B ingested"

# One database: both documents once, whichever node took them.
check "both documents stored once" [ "$(stored_docs 'doc-two-%' | tr '\n' ' ')" = "DocumentReference/doc-two-1 DocumentReference/doc-two-2 " ]

# Both nodes appended to one audit chain, and it verifies.
stop_server_pid() { kill -TERM "$1" 2>/dev/null; wait "$1"; }
check "node A stops cleanly" stop_server_pid "$A_PID"
check "node B stops cleanly" stop_server_pid "$B_PID"
check "audit chain verifies after two nodes wrote it" "$WARD" audit verify
check "the chain holds both nodes' ingests" \
  [ "$(pg_sql "SELECT count(*) FROM audit WHERE action = 'ingest'")" -ge 2 ]
finish
