# fixture.sh — the small chart the orchestrator tests share: two patients
# (p1: hypertension, diabetes, AF on apixaban, penicillin allergy, labs with
# a trend; p2: asthma), their notes (one carries a prompt-injection attack),
# and a guideline. Source after lib.sh; leaves the store in $WARD_DATA.
D="$WARD_TESTS/fixtures/orchestrate"
"$WARD" init >/dev/null || fail "init"
store_sql_file "$D/chart.sql" || fail "load chart.sql"
"$WARD" ingest -q "$D/notes" >/dev/null || fail "ingest notes"
# jfield FILE FILTER: a jq filter's raw value from a JSON output file.
jfield() { jq -r "$2" "$1"; }
