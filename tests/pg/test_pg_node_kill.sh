# test_pg_node_kill.sh — a `ward serve` node on PostgreSQL killed with
# SIGKILL in the middle of ingest loses nothing it acknowledged: four
# clients post documents without pause, each noting the ones answered 200;
# the node is killed while they run; afterwards every acknowledged document
# is in the database, no document is there without its chunks (a record
# goes in whole or not at all), the audit chain verifies, and a second node
# on the same database takes ingest at once.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/server/server_lib.sh"
. "$WARD_TESTS/pg/pg_env.sh"
. "$WARD_TESTS/pg/nodes_lib.sh"

nodes_store || { fail "a Ward store on PostgreSQL"; finish; }
node_start A --threads 4 || { fail "node A"; finish; }

# client C: posts kill-C-0, kill-C-1, ... until a request gets no answer
# (the node is gone) or 300 are sent. Acknowledged ids go to acked.C.
TEXT="Follow-up visit. Blood pressure 132/84. Continue lisinopril 10 mg daily. $(printf 'Plan discussed at length. %.0s' $(seq 40))"
client() {
  local c=$1 n=0 st
  : > "$T/acked.$c"
  while [ $n -lt 300 ]; do
    doc_bundle "kill-$c-$n" "pt-kill-$c" "$TEXT Visit $c-$n." > "$T/req.$c"
    st=$(curl -s -m 30 -o "$T/resp.$c" -w '%{http_code}' -X POST "$A_URL/api/v1/ingest" \
      -H "Authorization: Bearer $ENG" -H 'Content-Type: application/fhir+json' --data-binary @"$T/req.$c")
    case $st in
      200) echo "DocumentReference/kill-$c-$n" >> "$T/acked.$c" ;;
      000) echo "$n" > "$T/cut.$c"; return ;;
      *) echo "$st $(head -c 200 "$T/resp.$c")" >> "$T/other.$c" ;;
    esac
    n=$((n + 1))
  done
}
for c in 1 2 3 4; do client $c & done
CLIENTS=$(jobs -p | tr '\n' ' ')

# Let ingest get going (a few acknowledged), then kill the node mid-flight.
acked_count() { cat "$T"/acked.* 2>/dev/null | wc -l; }
some_acked() { [ "$(acked_count)" -ge 12 ]; }
check "ingest is running before the kill" wait_for 60 some_acked
kill -KILL "$A_PID"
for p in $CLIENTS; do wait "$p"; done
wait "$A_PID" 2>/dev/null

sort "$T"/acked.* > "$T/acked"
stored_docs 'kill-%' > "$T/stored"
n_acked=$(wc -l < "$T/acked")
check "some ingests were acknowledged ($n_acked)" [ "$n_acked" -ge 12 ]
check "every client saw the node go (no client ran out of work first)" [ "$(ls "$T"/cut.* 2>/dev/null | wc -l)" = 4 ]
lost=$(comm -23 "$T/acked" "$T/stored")
check "nothing acknowledged is lost (missing: $(echo $lost | head -c 200))" [ -z "$lost" ]
others=$(cat "$T"/other.* 2>/dev/null | head -c 300)
check "no request got an error before the kill: $others" [ -z "$others" ]
check "no stored document is without its chunks" \
  [ "$(pg_sql "SELECT count(*) FROM documents d WHERE d.source_id LIKE 'DocumentReference/kill-%'
               AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id)")" = 0 ]

# The database is whole: the chain verifies and a new node ingests at once.
check "audit chain verifies after the kill" "$WARD" audit verify
node_start B --threads 2 || fail "node B after the kill"
doc_bundle kill-after pt-kill-after "Seen after the restart of the service." > "$T/after"
got=$(ingest "$B_URL" "$T/after")
check "node B ingests after A was killed (HTTP $got: $(head -c 200 "$T/ibody"))" [ "$got" = 200 ]
check "its document is stored" [ "$(stored_docs kill-after)" = DocumentReference/kill-after ]
finish
