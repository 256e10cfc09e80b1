# test_pg_replica.sh — reads through a streaming replica. The replica is
# made as a site makes one (pg_basebackup -R from the primary). Node R runs
# with `--store-read` on the replica, node P on the primary only.
#
# To show that R's searches really read the replica, the replica's replay
# is paused (pg_wal_replay_pause): a document then ingested through P is
# found by P at once and not by R; when replay resumes, R finds it too.
# Writes through R (ingest, and the audit of R's own searches) still go to
# the primary, and the replica refuses writes.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/server/server_lib.sh"
. "$WARD_TESTS/pg/pg_env.sh"
. "$WARD_TESTS/pg/nodes_lib.sh"

nodes_store || { fail "a Ward store on PostgreSQL"; finish; }
replica_start || { fail "replica made with pg_basebackup and started"; finish; }
check "the replica is in recovery (a standby)" [ "$(replica_sql 'SELECT pg_is_in_recovery()')" = t ]
node_start P --threads 2 || { fail "node P"; finish; }
node_start R --threads 2 --store-read "$REPLICA_URL" || { fail "node R with --store-read"; finish; }
patient_bundle pt-rep > "$T/p"
check "patient through P" [ "$(ingest "$P_URL" "$T/p")" = 200 ]
"$WARD" care-team add dr pt-rep >/dev/null || fail "care team"

# A document through P reaches the replica by streaming; R finds it.
doc_bundle rep-1 pt-rep "Narwhalazole 5 mg nightly for insomnia." > "$T/b1"
check "ingest through P" [ "$(ingest "$P_URL" "$T/b1")" = 200 ]
on_replica() { [ "$(replica_sql "SELECT count(*) > 0 FROM documents WHERE source_id = 'DocumentReference/$1'")" = t ]; }
check "the document streams to the replica" wait_for 30 on_replica rep-1
got=$(search "$R_URL" pt-rep narwhalazole bm25)
check "search on R (HTTP $got: $(head -c 200 "$T/sbody"))" [ "$got" = 200 ]
contains "$T/sbody" "arwhalazole" "R finds the document through the replica"

# Replay paused: the replica stands still, the primary moves on.
replica_sql "SELECT pg_wal_replay_pause()" >/dev/null
paused() { [ "$(replica_sql 'SELECT pg_get_wal_replay_pause_state()')" = paused ]; }
check "replay paused" wait_for 30 paused
doc_bundle rep-2 pt-rep "Pangolinide drops in both eyes." > "$T/b2"
check "ingest through R goes to the primary" [ "$(ingest "$R_URL" "$T/b2")" = 200 ]
check "the primary has it" [ "$(stored_docs rep-2)" = DocumentReference/rep-2 ]
check "the paused replica does not" [ "$(replica_sql "SELECT count(*) FROM documents WHERE source_id = 'DocumentReference/rep-2'")" = 0 ]
got=$(search "$P_URL" pt-rep pangolinide bm25)
contains "$T/sbody" "angolinide" "P (primary) finds the new document at once"
audits_before=$(pg_sql "SELECT count(*) FROM audit WHERE action = 'search'")
got=$(search "$R_URL" pt-rep pangolinide bm25)
check "search on R while replay is paused (HTTP $got: $(head -c 200 "$T/sbody"))" [ "$got" = 200 ]
check "R does not find it: its reads come from the paused replica" jq -e 'length == 0' "$T/sbody"
check "R's search was audited on the primary" \
  [ "$(pg_sql "SELECT count(*) FROM audit WHERE action = 'search'")" -gt "$audits_before" ]

# Replay resumes: R catches up.
replica_sql "SELECT pg_wal_replay_resume()" >/dev/null
found_on_r() { [ "$(search "$R_URL" pt-rep pangolinide bm25)" = 200 ] && grep -q angolinide "$T/sbody"; }
check "after replay resumes, R finds it" wait_for 30 found_on_r

# The replica refuses writes: nothing Ward does could have written there.
refuses_writes() { ! replica_sql "CREATE TABLE ward_probe(x int)" 2>/dev/null; }
check "the replica is read-only" refuses_writes
kill -TERM "$P_PID" "$R_PID"; wait "$P_PID"; wait "$R_PID"
check "audit chain verifies" "$WARD" audit verify
finish
