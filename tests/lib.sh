# lib.sh — helpers for shell tests. Source it first: it makes a scratch dir
# ($T) removed at exit, and gives check/fail that count and report.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/ward-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export WARD_DATA="$T/data"
: "${WARD:?WARD must point at the ward binary}"
FAILS=0 PASSES=0

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { PASSES=$((PASSES + 1)); }
# check DESCRIPTION COMMAND...: the command must succeed.
check() { local d=$1; shift; if "$@"; then pass; else fail "$d"; fi; }
# expect_status N DESCRIPTION COMMAND...: the command must exit with N.
expect_status() {
  local want=$1 d=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; local got=$?
  if [ "$got" = "$want" ]; then pass; else fail "$d (exit $got, want $want): $(head -c 400 "$T/err")"; fi
}
# contains FILE TEXT DESCRIPTION
contains() { if grep -qF -- "$2" "$1"; then pass; else fail "$3: '$2' not in $(head -c 400 "$1")"; fi; }
# at_least DESCRIPTION VALUE FLOOR: the number VALUE must be FLOOR or more
# (decimals compared as numbers, for scores and their floors).
at_least() { if awk -v v="$2" -v f="$3" 'BEGIN { exit !(v >= f) }'; then pass; else fail "$1 $2 < $3"; fi; }
# deid_gold FILE NOTES TYPES RECALL PRECISION NAME DATE KEEP: the gold notes
# file FILE scores with `ward eval funnel --gold`: all NOTES notes read, gold
# tokens of TYPES PHI types, every span matching its text, token recall,
# token precision, NAME and DATE recall at or above their floors, and at most
# KEEP clinical tokens redacted; with FACILITY and ENGLISH too, FACILITY
# recall and the recall of names of english origin at or above those floors.
# The scores stay in $T/deid.json.
deid_gold() {
  expect_status 0 "eval funnel --gold $(basename "$1")" "$WARD" eval funnel --gold "$1" --json
  cp "$T/out" "$T/deid.json"
  local j="$T/deid.json"
  check "$2 notes scored" test "$(jq .deid.notes "$j")" = "$2"
  check "$3 PHI types have gold tokens" test "$(jq '.deid.per_type | length' "$j")" = "$3"
  check "every gold span matches its text" test "$(jq .truth_mismatches "$j")" = 0
  at_least "token recall" "$(jq .deid.token_recall "$j")" "$4"
  at_least "token precision" "$(jq .deid.token_precision "$j")" "$5"
  at_least "name recall" "$(jq .deid.per_type.NAME.recall "$j")" "$6"
  at_least "date recall" "$(jq .deid.per_type.DATE.recall "$j")" "$7"
  check "at most $8 clinical tokens redacted" test "$(jq .deid.keep_redacted "$j")" -le "$8"
  if [ $# -ge 10 ]; then
    at_least "facility recall" "$(jq .deid.per_type.FACILITY.recall "$j")" "$9"
    at_least "english names" "$(jq .deid.per_origin.english.recall "$j")" "${10}"
  fi
}
# store_sql SQL / store_sql_file FILE: SQL on the test's store, printed as
# sqlite3 prints it (columns joined by |): SQLite in $WARD_DATA/ward.db, or
# the PostgreSQL database of $WARD_STORE when a test runs on PostgreSQL
# (tests/pg/pg_run.sh). Rows written with explicit ids move the id
# sequences past them, as SQLite's rowids move.
store_sql() {
  if [ -n "${WARD_STORE:-}" ]; then psql -X -q -t -A -v ON_ERROR_STOP=1 "$WARD_STORE" -c "$1"
  else sqlite3 "$WARD_DATA/ward.db" "$1"; fi
}
store_sql_file() {
  if [ -n "${WARD_STORE:-}" ]; then
    psql -X -q -t -A -v ON_ERROR_STOP=1 "$WARD_STORE" -f "$1" && psql -X -q -t -A "$WARD_STORE" -c "
      DO \$\$ DECLARE t text; BEGIN
        FOR t IN SELECT unnest(ARRAY['resources','documents','chunks','concepts','drafts','users','tokens','btg','eval_runs']) LOOP
          EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''), greatest((SELECT max(id) FROM %I), 1))', t, t);
        END LOOP; END \$\$;" >/dev/null
  else sqlite3 "$WARD_DATA/ward.db" < "$1"; fi
}
# store_sound: prints ok when the store's structures check out: SQLite's
# integrity_check, or on PostgreSQL amcheck over every B-tree index.
store_sound() {
  if [ -n "${WARD_STORE:-}" ]; then
    psql -X -q -t -A -v ON_ERROR_STOP=1 "$WARD_STORE" -c "CREATE EXTENSION IF NOT EXISTS amcheck" \
      -c "SELECT count(bt_index_check(c.oid)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' AND c.relkind = 'i'" >/dev/null && echo ok
  else sqlite3 "$WARD_DATA/ward.db" "PRAGMA integrity_check"; fi
}
finish() { echo "$PASSES passed, $FAILS failed"; [ "$FAILS" = 0 ]; exit $?; }
