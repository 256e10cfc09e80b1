# test_identity_cli.sh — the administration commands: users (roles,
# passwords from stdin, limits, disable), tokens (shown once, stored
# hashed, scopes, expiry, revoke), care teams and the break-the-glass list;
# every change audited.
. "$WARD_TESTS/lib.sh"
db() { store_sql "$1"; }
mkdir -p "$T/in"
printf -- '---\npatient: a-1\n---\nChest pain, resolved.\n' > "$T/in/n.txt"
"$WARD" ingest -q "$T/in"
expect_status 0 "add a clinician" "$WARD" users add drx --role clinician --rpm 30
printf 'a long password\n' > "$T/pw"
expect_status 0 "add a nurse with a password" sh -c "'$WARD' users add nina --role nurse --password-stdin < '$T/pw'"
expect_status 1 "unknown role" "$WARD" users add eve --role superuser
expect_status 1 "patient needs --patient" "$WARD" users add pat --role patient
expect_status 0 "a patient user" "$WARD" users add pat --role patient --patient a-1
expect_status 2 "duplicate user" "$WARD" users add drx --role nurse
expect_status 0 "limits change only what is given" "$WARD" users limits drx --concurrent 4
expect_status 0 "users list" "$WARD" users list --json
check "limits kept and set" test "$(jq -c '.[] | select(.name == "drx") | .limits' "$T/out")" = '{"rpm":30,"tokens_per_day":0,"concurrent":4}'
check "password flagged, not shown" test "$(jq -c '.[] | select(.name == "nina") | .password' "$T/out")" = true
if grep -q "a long password" "$WARD_DATA/ward.db"; then fail "password stored in the clear"; else pass; fi

expect_status 0 "token create" "$WARD" tokens create drx --expires 30d --scope "patient/*.read" --json
tok=$(jq -r .token "$T/out"); id=$(jq -r .id "$T/out")
case "$tok" in ward_*) pass ;; *) fail "token field: '$tok'" ;; esac
check "token is 69 characters" test "${#tok}" = 69
if db "SELECT hash FROM tokens" | grep -q "${tok#ward_}"; then fail "token stored in the clear"; else pass; fi
if "$WARD" tokens list --json | grep -q "$tok"; then fail "token shown again by list"; else pass; fi
expect_status 0 "tokens list" "$WARD" tokens list --json
check "scope and expiry listed" test "$(jq -r '.[0].scopes' "$T/out")" = "patient/*.read"
check "expires in 30 days" test "$(jq -r '.[0].expires_at[0:10]' "$T/out")" = "$(date -u -d '+30 days' +%F)"
expect_status 1 "bad duration" "$WARD" tokens create drx --expires soon
expect_status 1 "bad scope" "$WARD" tokens create drx --scope 'patient/*.read; DROP'
expect_status 2 "no such user" "$WARD" tokens create nobody
expect_status 0 "revoke" "$WARD" tokens revoke "$id"
expect_status 2 "revoke twice" "$WARD" tokens revoke "$id"
check "revoked listed" test "$("$WARD" tokens list --json | jq -r '.[0].revoked_at')" != "-"
expect_status 0 "disable" "$WARD" users disable nina
expect_status 2 "no token for a disabled user" "$WARD" tokens create nina

expect_status 0 "care team add" "$WARD" care-team add drx a-1
expect_status 2 "care team: unknown patient" "$WARD" care-team add drx nobody
expect_status 1 "care team: not for patients" "$WARD" care-team add pat a-1
expect_status 0 "care team list" "$WARD" care-team list drx --json
check "listed" test "$(jq -r '.[0].patient_id' "$T/out")" = a-1
expect_status 0 "care team remove" "$WARD" care-team remove drx a-1
expect_status 2 "remove twice" "$WARD" care-team remove drx a-1
expect_status 0 "btg list" "$WARD" btg list --json
check "no grants yet" test "$(cat "$T/out")" = "[]"
check "changes audited" test "$(db "SELECT count(*) FROM audit WHERE action IN ('users_add','tokens_create','tokens_revoke','care_team_add','care_team_remove','users_disable','users_limits')")" -ge 10
expect_status 2 "admin commands refused to a narrowed CLI" env WARD_ROLE=clinician "$WARD" users list
expect_status 0 "chain intact" "$WARD" audit verify
finish
