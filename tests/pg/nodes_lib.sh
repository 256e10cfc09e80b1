# nodes_lib.sh — several `ward serve` nodes on one PostgreSQL database,
# for the multi-node tests. Source after lib.sh, server_lib.sh and
# pg_env.sh (in that order: pg_env_start chains the EXIT traps).
#
#   nodes_store         pg_env_start, then a Ward data directory in
#                       $WARD_DATA whose config says `store = $WARD_TEST_PG`,
#                       initialised, with the users eng (integration) and
#                       dr (clinician); their tokens in ENG and DR
#   node_start NAME [ARGS]  starts `ward serve ARGS` on its own copy of the
#                       data directory (as each machine of a site has its
#                       own); sets NAME_URL and NAME_PID
#   doc_bundle ID PATIENT TEXT   a FHIR Bundle: the Patient and one
#                       DocumentReference whose text is TEXT
#   patient_bundle ID   the Patient alone (a care team needs it first)
#   ingest URL FILE     POST /api/v1/ingest as eng; prints the status,
#                       the body goes to $T/ibody
#   search URL PATIENT QUERY [MODE]  GET /api/v1/search as dr; prints the
#                       status, the body goes to $T/sbody
#   stored_docs PATTERN DocumentReference ids in the database LIKE PATTERN,
#                       one a line, straight from PostgreSQL
#   replica_start       a streaming replica (pg_basebackup); REPLICA_URL
#
# Ideas a reader needs:
#  - Nodes share nothing but the database: each gets a copy of the data
#    directory (config and the keys that live outside the database), as a
#    site copies them to each machine. Users and tokens are in the database,
#    so a token made once works on every node.
#  - A node's stderr (the access log) is $T/NAME.log.
nodes_store() {
  unset WARD_STORE  # the config names the store (a node reads it as a site would)
  pg_env_start || return 1
  mkdir -p "$WARD_DATA"
  printf 'store = %s\n' "$WARD_TEST_PG" > "$WARD_DATA/config"
  "$WARD" init >/dev/null || { echo "ward init on PostgreSQL failed" >&2; return 1; }
  "$WARD" users add eng --role integration >/dev/null || return 1
  "$WARD" users add dr --role clinician >/dev/null || return 1
  ENG=$("$WARD" tokens create eng --json | jq -r .token) || return 1
  DR=$("$WARD" tokens create dr --json | jq -r .token) || return 1
  [ -n "$ENG" ] && [ -n "$DR" ]
}

node_start() {
  local name=$1; shift
  local dir="$T/node-$name"
  rm -rf "$dir"
  cp -a "$WARD_DATA" "$dir"
  local saved=$WARD_DATA
  WARD_DATA=$dir start_server "$@" || { WARD_DATA=$saved; return 1; }
  WARD_DATA=$saved
  cp /dev/null "$T/$name.log" 2>/dev/null
  # start_server's log file is the node's access log from here on.
  ln -sf "$SLOG" "$T/$name.log"
  printf -v "${name}_URL" '%s' "$URL"
  printf -v "${name}_PID" '%s' "$SPID"
}

patient_bundle() {
  printf '{"resourceType":"Patient","id":"%s","gender":"female","birthDate":"1970-01-01"}\n' "$1"
}

doc_bundle() {
  local id=$1 patient=$2 text=$3
  local data
  data=$(printf '%s' "$text" | base64 -w0)
  cat <<EOF
{"resourceType":"Bundle","type":"transaction","entry":[
 {"resource":{"resourceType":"Patient","id":"$patient","gender":"female","birthDate":"1970-01-01"}},
 {"resource":{"resourceType":"DocumentReference","id":"$id","status":"current",
   "subject":{"reference":"Patient/$patient"},"date":"2026-11-01T10:00:00Z","description":"Clinic note",
   "content":[{"attachment":{"contentType":"text/plain","data":"$data"}}]}}]}
EOF
}

ingest() {
  curl -s -m 60 -o "$T/ibody" -w '%{http_code}' -X POST "$1/api/v1/ingest" \
    -H "Authorization: Bearer $ENG" -H 'Content-Type: application/fhir+json' --data-binary @"$2"
}

search() {
  local mode=${4:-}
  curl -s -m 60 -o "$T/sbody" -w '%{http_code}' -G "$1/api/v1/search" -H "Authorization: Bearer $DR" \
    --data-urlencode "q=$3" --data-urlencode "patient=$2" ${mode:+--data-urlencode "mode=$mode"}
}

stored_docs() {
  pg_sql "SELECT DISTINCT source_id FROM documents WHERE source_id LIKE 'DocumentReference/$1' ORDER BY 1"
}

# nodes_on_exit CMD: runs CMD at exit, before the EXIT trap already set
# (which removes the cluster and the scratch dir).
nodes_on_exit() {
  local cmd=$1
  eval "set -- $(trap -p EXIT)"
  trap "$cmd; ${3:-}" EXIT
}

# replica_start: a streaming replica of the test's cluster, made as a site
# makes one (pg_basebackup -R: the copy, standby.signal and the
# primary_conninfo), started on its own loopback port. Sets REPLICA_URL and
# REPLICA_PORT; stopped at exit. replica_sql SQL runs SQL on it. (A hot
# standby needs max_connections at least the primary's.)
replica_start() {
  REPLICA_DIR=$PG_DIR/replica
  pg_env_as "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$REPLICA_DIR" -R -X stream \
    -c fast >"$PG_DIR/basebackup.log" 2>&1 || { echo "pg_basebackup: $(tail -3 "$PG_DIR/basebackup.log")" >&2; return 1; }
  nodes_on_exit 'pg_env_as "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -m immediate -w stop >/dev/null 2>&1'
  local try
  for try in 1 2 3 4 5; do
    REPLICA_PORT=$(pg_free_port) || return 1
    pg_env_as "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -l "$PG_DIR/replica.log" -w -t 60 \
      -o "-p $REPLICA_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
      start >/dev/null && break
    REPLICA_PORT=""
  done
  [ -n "$REPLICA_PORT" ] || { echo "replica did not start: $(tail -5 "$PG_DIR/replica.log")" >&2; return 1; }
  REPLICA_URL="postgresql://postgres@127.0.0.1:$REPLICA_PORT/ward"
}

replica_sql() {
  pg_env_as "$PG_BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d ward -c "$1"
}
