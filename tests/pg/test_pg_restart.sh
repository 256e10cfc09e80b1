# test_pg_restart.sh — PostgreSQL restarts under a running `ward serve`:
# two clients search and ingest without pause while the database is
# stopped (fast shutdown, as `pg_ctl restart` does; then an immediate one,
# as a crash), kept down a moment, and started again. Every answer is
# either a success or 503 with a problem+json body whose code is
# `unavailable` (never `busy`: a lost connection is not contention) and
# which carries no patient data
# (never a 500, never a hang); the node recovers by itself (same process) once the database is
# back; every acknowledged ingest is in the database afterwards, no
# document lacks its chunks, and the audit chain verifies.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/server/server_lib.sh"
. "$WARD_TESTS/pg/pg_env.sh"
. "$WARD_TESTS/pg/nodes_lib.sh"

nodes_store || { fail "a Ward store on PostgreSQL"; finish; }
node_start A --threads 4 || { fail "node A"; finish; }
PHI='Wilhelmina Quarterfield|okapimycin'
cat > "$T/seed" <<EOF
{"resourceType":"Bundle","type":"transaction","entry":[
 {"resource":{"resourceType":"Patient","id":"pt-rs","name":[{"family":"Quarterfield","given":["Wilhelmina"]}],"gender":"female"}}]}
EOF
check "seed patient (HTTP $(ingest "$A_URL" "$T/seed"))" grep -q '"failed":0' "$T/ibody"
"$WARD" care-team add dr pt-rs >/dev/null || fail "care team"
doc_bundle rs-seed pt-rs "Wilhelmina Quarterfield started okapimycin for cellulitis." > "$T/b0"
check "seed document" [ "$(ingest "$A_URL" "$T/b0")" = 200 ]

# Each answer is logged as "STATUS CONTENT-TYPE CODE"; acknowledged ingests
# go to acked.C. A client runs until $T/stop appears.
answer() {   # FILE-WITH-BODY STATUS CTYPE -> one log line
  local code
  code=$(jq -r '.code // empty' "$1" 2>/dev/null)
  echo "$2 $3 ${code:--}"
  # A problem must carry no patient data.
  if [ "$2" != 200 ] && grep -Eq "$PHI" "$1"; then echo "PHI-IN-ERROR $2"; fi
}
searcher() {
  while [ ! -f "$T/stop" ]; do
    r=$(curl -s -m 20 -o "$T/s.body" -w '%{http_code} %{content_type}' -G "$A_URL/api/v1/search" \
        -H "Authorization: Bearer $DR" --data-urlencode "q=okapimycin" --data-urlencode "patient=pt-rs" \
        --data-urlencode "mode=bm25")
    answer "$T/s.body" $r >> "$T/answers"
  done
}
ingester() {
  local n=0 r
  : > "$T/acked"
  while [ ! -f "$T/stop" ]; do
    doc_bundle "rs-$n" pt-rs "Okapimycin course day $n, wound improving." > "$T/i.req"
    r=$(curl -s -m 20 -o "$T/i.body" -w '%{http_code} %{content_type}' -X POST "$A_URL/api/v1/ingest" \
        -H "Authorization: Bearer $ENG" -H 'Content-Type: application/fhir+json' --data-binary @"$T/i.req")
    answer "$T/i.body" $r >> "$T/answers"
    [ "${r%% *}" = 200 ] && echo "DocumentReference/rs-$n" >> "$T/acked"
    n=$((n + 1))
  done
}
: > "$T/answers"
searcher & S1=$!
ingester & S2=$!

answers() { wc -l < "$T/answers"; }
more_answers() { [ "$(answers)" -ge $(( $1 + 5 )) ]; }
unavail() { grep -c ' unavailable$' "$T/answers" 2>/dev/null || true; }
recovered() { [ "$(search "$A_URL" pt-rs okapimycin bm25)" = 200 ] && grep -q okapimycin "$T/sbody"; }
# /readyz from several workers at once: each keeps its own connection, and
# one idle through the restart must still say ready (it asks again on a new
# connection), or a balancer takes a recovered node out.
all_ready() {
  local i
  for i in 1 2 3 4 5 6 7 8; do curl -s -m 20 -o /dev/null -w '%{http_code}\n' "$A_URL/readyz" & done | sort | uniq -c | tr -s ' '
  wait
}

for mode in fast immediate; do
  before=$(answers)
  check "requests run before the $mode stop" wait_for 30 more_answers "$before"
  u0=$(unavail)
  pg_env_stop $mode
  # Down for a moment: the clients keep asking meanwhile.
  down=$(answers)
  check "requests are answered while the database is down ($mode)" wait_for 30 more_answers "$down"
  check "503 unavailable while the database is down ($mode)" [ "$(unavail)" -gt "$u0" ]
  check "database starts again" pg_ctl_start
  check "the node recovers by itself after the $mode restart" wait_for 30 recovered
  check "the node is the same process" kill -0 "$A_PID"
done
touch "$T/stop"
wait $S1 $S2

# Every answer: 200, or 503 problem+json `unavailable`, also when the
# engine had already reconnected by the time the server asked (a statement
# failed on the old connection: the store says it was lost).
bad=$(grep -v -E '^200 |^503 application/problem\+json unavailable$' "$T/answers" | sort | uniq -c | head -5)
check "only 200 or 503 unavailable (problem+json) were answered: $bad" [ -z "$bad" ]
check "no 503 carried patient data" [ "$(grep -c PHI-IN-ERROR "$T/answers")" = 0 ]
check "some ingests were acknowledged" [ -s "$T/acked" ]

# Nothing acknowledged lost, nothing half-written, the chain whole.
sort "$T/acked" > "$T/acked.s"
stored_docs 'rs-%' > "$T/stored"
lost=$(comm -23 "$T/acked.s" "$T/stored")
check "every acknowledged ingest is stored (missing: $(echo $lost | head -c 200))" [ -z "$lost" ]
check "no stored document is without its chunks" \
  [ "$(pg_sql "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id)")" = 0 ]
check "/readyz is ready again" [ "$(curl -s -o /dev/null -w '%{http_code}' "$A_URL/readyz")" = 200 ]
# Workers idle through a restart: every one holds a connection (the
# requests at once open them), the database restarts while no request
# runs, and each worker's first /readyz afterwards must still say ready.
r=$(all_ready)
check "/readyz on every worker ($r)" [ "$r" = " 8 200" ]
pg_env_restart fast
r=$(all_ready)
check "/readyz on workers idle through a restart ($r)" [ "$r" = " 8 200" ]
kill -TERM "$A_PID"; wait "$A_PID"
check "audit chain verifies after the restarts" "$WARD" audit verify
finish
