# test_pg_failover.sh — what Patroni does on a failover, done by hand: the
# primary crashes (immediate stop), its synchronous standby is promoted,
# and a `ward serve` node whose store names both servers (a libpq
# multi-host URI with target_session_attrs=read-write, as docs/scale.md
# says to write it) finds the new primary by itself and takes ingest
# again, without a restart. With synchronous replication
# (synchronous_standby_names) every ingest the client saw acknowledged is
# on the promoted server, and its audit chain verifies there.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/server/server_lib.sh"
. "$WARD_TESTS/pg/pg_env.sh"
. "$WARD_TESTS/pg/nodes_lib.sh"

nodes_store || { fail "a Ward store on PostgreSQL"; finish; }
replica_start || { fail "standby made with pg_basebackup and started"; finish; }
# Synchronous: a commit returns once the standby has it.
pg_sql "ALTER SYSTEM SET synchronous_standby_names = '*'" >/dev/null
pg_sql "SELECT pg_reload_conf()" >/dev/null
is_sync() { [ "$(pg_sql "SELECT sync_state FROM pg_stat_replication")" = sync ]; }
check "the standby is synchronous" wait_for 30 is_sync

# Every Ward process names both servers; libpq connects to the one that
# takes writes.
MULTI="postgresql://postgres@127.0.0.1:$PG_PORT,127.0.0.1:$REPLICA_PORT/ward?target_session_attrs=read-write"
sed -i "s|^store = .*|store = $MULTI|" "$WARD_DATA/config"
node_start A --threads 2 || { fail "node A on the multi-host URI"; finish; }

: > "$T/acked"
ingester() {
  local n=0 st
  while [ ! -f "$T/stop" ] && [ $n -lt 2000 ]; do
    doc_bundle "fo-$n" pt-fo "Failover visit $n: blood pressure rechecked." > "$T/i.req"
    st=$(curl -s -m 20 -o "$T/i.body" -w '%{http_code}' -X POST "$A_URL/api/v1/ingest" \
      -H "Authorization: Bearer $ENG" -H 'Content-Type: application/fhir+json' --data-binary @"$T/i.req")
    case $st in
      200) echo "DocumentReference/fo-$n" >> "$T/acked" ;;
      503) ;;
      *) echo "$st $(head -c 200 "$T/i.body")" >> "$T/other" ;;
    esac
    n=$((n + 1))
  done
}
ingester & IPID=$!
acked_at_least() { [ "$(wc -l < "$T/acked")" -ge "$1" ]; }
check "ingest runs on the first primary" wait_for 60 acked_at_least 5

# The failover: the primary crashes, the standby is promoted.
pg_env_stop immediate
before=$(wc -l < "$T/acked")
pg_env_as "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -w -t 60 promote >/dev/null
check "the standby is now the primary" [ "$(replica_sql 'SELECT pg_is_in_recovery()')" = f ]
check "node A takes ingest again on the new primary" wait_for 60 acked_at_least $(( before + 5 ))
touch "$T/stop"; wait $IPID
check "node A is the same process" kill -0 "$A_PID"
others=$(head -c 300 "$T/other" 2>/dev/null)
check "only 200 or 503 were answered: $others" [ -z "$others" ]

sort "$T/acked" > "$T/acked.s"
replica_sql "SELECT DISTINCT source_id FROM documents WHERE source_id LIKE 'DocumentReference/fo-%' ORDER BY 1" > "$T/stored"
lost=$(comm -23 "$T/acked.s" "$T/stored")
check "every acknowledged ingest is on the promoted server (missing: $(echo $lost | head -c 200))" [ -z "$lost" ]
kill -TERM "$A_PID"; wait "$A_PID"
check "audit chain verifies on the promoted server" "$WARD" audit verify
finish
