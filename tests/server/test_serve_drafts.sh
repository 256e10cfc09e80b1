# test_serve_drafts.sh — an edit keeps every version of a draft and the
# diff between them: over HTTP (POST /api/v1/drafts/{id}/edit with an
# optional base_version, GET /api/v1/drafts/{id}/versions) and with
# `ward drafts versions`. Edits conflict when someone else's came first,
# approved drafts may be amended, rejected ones not; the versions are
# visible only to who may see the draft, and every access is audited.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/server/server_lib.sh"
. "$WARD_TESTS/orchestrate/fixture.sh"
db() { store_sql "$1"; }
W() { "$WARD" "$@" >/dev/null || fail "ward $*"; }
W users add dr --role clinician;  W care-team add dr p1
W users add dr2 --role clinician; W care-team add dr2 p2
W users add nu --role nurse;      W care-team add nu p1
W users add pat --role patient --patient p1
declare -A TOK
for u in dr dr2 nu pat; do TOK[$u]=$("$WARD" tokens create $u --json | jq -r .token); done
start_server --threads 2 || exit 1
as() { local u=$1; shift; http "$1" "$2" -H "Authorization: Bearer ${TOK[$u]}" -H 'Content-Type: application/json' "${@:3}"; }
expect_as() { local want=$1 d=$2; shift 2; local got; got=$(as "$@")
  if [ "$got" = "$want" ]; then pass; else fail "$d: HTTP $got, want $want: $(head -c 300 "$T/body")"; fi; }

as dr POST /api/v1/summarize -d '{"patient":"p1"}' >/dev/null
D=$(jq -r .draft_id "$T/body")
check "a summary draft" test "$D" -gt 0
as dr GET "/api/v1/drafts/$D" >/dev/null; cp "$T/body" "$T/draft"

expect_as 200 "versions of a fresh draft" dr GET "/api/v1/drafts/$D/versions"
check "one generated version, no diff" jq -e --slurpfile d "$T/draft" \
  '.draft_id > 0 and .status == "draft" and (.versions | length) == 1 and .versions[0].version == 1 and
   .versions[0].kind == "generated" and .versions[0].text == $d[0].output and (.versions[0].author | startswith("extractive")) and
   (.versions[0] | has("diff") | not)' "$T/body"
expect_as 200 "draft carries its version" dr GET "/api/v1/drafts/$D"
check "version 1" jq -e '.version == 1' "$T/body"

# Two edits, the second naming the version it was made from.
V2=$(printf 'Summary line a\nline b\nline c\nline d\nline e\nline f\nline g\nline h\nline i\nline j')
V3=$(printf 'Summary line a\nline B\nline c\nline d\nline e\nline f\nline g\nline h\nline i\nline j\nline k')
expect_as 200 "edit" dr POST "/api/v1/drafts/$D/edit" -d "$(jq -nc --arg t "$V2" '{text:$t}')"
check "edited, version 2" jq -e --arg t "$V2" '.status == "edited" and .version == 2 and .final_text == $t and .reviewer == "dr"' "$T/body"
expect_as 200 "edit from version 2" dr POST "/api/v1/drafts/$D/edit" -d "$(jq -nc --arg t "$V3" '{text:$t, base_version:2}')"
check "version 3" jq -e --arg t "$V3" '.version == 3 and .final_text == $t' "$T/body"
expect_as 409 "an edit from a stale version conflicts" dr POST "/api/v1/drafts/$D/edit" -d '{"text":"late","base_version":2}'
check "edit-conflict problem" jq -e '.type == "urn:ward:problem:edit-conflict" and .status == 409' "$T/body"
contains "$T/body" "version 3" "the conflict names the latest version"
expect_as 400 "base_version must be a positive integer" dr POST "/api/v1/drafts/$D/edit" -d '{"text":"x","base_version":"2"}'
expect_as 400 "an edit needs text" dr POST "/api/v1/drafts/$D/edit" -d '{"text":""}'
check "nothing stored by refused edits" test "$(db "SELECT count(*) FROM draft_versions WHERE draft_id=$D")" = 3

expect_as 200 "versions after two edits" dr GET "/api/v1/drafts/$D/versions"
check "three versions, editors recorded" jq -e '[.versions[].version] == [1,2,3] and [.versions[].kind] == ["generated","edit","edit"] and
   .versions[1].author == "dr" and .versions[2].author == "dr" and .status == "edited"' "$T/body"
jq -r '.versions[2].diff' "$T/body" > "$T/diff3"
contains "$T/diff3" "--- version 2" "diff header old"
contains "$T/diff3" "+++ version 3" "diff header new"
contains "$T/diff3" "@@ -1,5 +1,5 @@" "first hunk, as diff -u numbers it"
contains "$T/diff3" "@@ -8,3 +8,4 @@" "second hunk (the changes are more than two contexts apart)"
check "deletion before insertion" sh -c "grep -A1 -e '^-line b' '$T/diff3' | grep -q '^+line B'"
contains "$T/diff3" "-line b" "removed line"
contains "$T/diff3" "+line B" "added line"
contains "$T/diff3" "+line k" "appended line"
if grep -q '^[-+]line c' "$T/diff3"; then fail "an unchanged line is marked changed"; else pass; fi
# The diff is a real patch: applying it to version 2 gives version 3.
printf '%s\n' "$V2" > "$T/v2"; printf '%s\n' "$V3" > "$T/v3"
if patch -s -o "$T/v3p" "$T/v2" "$T/diff3" && cmp -s "$T/v3" "$T/v3p"; then pass; else fail "the diff does not apply as a patch"; fi
check "version 2's diff replaces the generated text" jq -e '.versions[1].diff | startswith("--- version 1\n+++ version 2\n@@ ")' "$T/body"

# Review rules: an edited draft is not approved again; an approved one may be
# amended; a rejected one is not edited.
expect_as 409 "approve after an edit" dr POST "/api/v1/drafts/$D/approve"
as dr POST /api/v1/summarize -d '{"patient":"p1"}' >/dev/null; A=$(jq -r .draft_id "$T/body")
expect_as 200 "approve" dr POST "/api/v1/drafts/$A/approve"
expect_as 200 "amend an approved draft" dr POST "/api/v1/drafts/$A/edit" -d '{"text":"Amended.","base_version":1}'
check "amended: edited, version 2" jq -e '.status == "edited" and .version == 2' "$T/body"
as dr POST /api/v1/summarize -d '{"patient":"p1"}' >/dev/null; R=$(jq -r .draft_id "$T/body")
expect_as 200 "reject" dr POST "/api/v1/drafts/$R/reject" -d '{"reason":"wrong focus"}'
expect_as 409 "a rejected draft is not edited" dr POST "/api/v1/drafts/$R/edit" -d '{"text":"x"}'
check "already-reviewed problem" jq -e '.type == "urn:ward:problem:already-reviewed"' "$T/body"

# Who sees versions: the care team; not another clinician (404, as if the
# draft did not exist), not a patient for a summary; nurses read, not edit.
expect_as 200 "nurse on the care team reads versions" nu GET "/api/v1/drafts/$D/versions"
expect_as 403 "nurse may not edit" nu POST "/api/v1/drafts/$D/edit" -d '{"text":"x"}'
expect_as 404 "other clinician: versions not found" dr2 GET "/api/v1/drafts/$D/versions"
cp "$T/body" "$T/scope404"
expect_as 404 "a missing draft" dr2 GET "/api/v1/drafts/999999/versions"
if cmp -s "$T/body" "$T/scope404"; then pass; else fail "out-of-scope 404 differs from a missing draft's"; fi
expect_as 404 "other clinician: edit not found" dr2 POST "/api/v1/drafts/$D/edit" -d '{"text":"x"}'
expect_as 404 "patient: no versions of a summary" pat GET "/api/v1/drafts/$D/versions"
check "no stray versions" test "$(db "SELECT count(*) FROM draft_versions WHERE draft_id=$D")" = 3
check "edits and version reads audited" test \
  "$(db "SELECT count(*) FROM audit WHERE action='draft_edit' AND actor='dr' AND outcome='ok'")" = 3
check "version reads audited" test "$(db "SELECT count(*) FROM audit WHERE action='draft_versions' AND outcome='ok'")" -ge 3
# A scope that cannot be read (the care-team table is gone for a moment)
# is the server's failure, answered as one: never "no such draft", never a
# list with the drafts quietly left out. (SQLite: a renamed table breaks
# its statements; PostgreSQL's follow the table.)
if [ -z "${WARD_STORE:-}" ]; then
  db "ALTER TABLE care_team RENAME TO care_team_gone"
  got=$(as dr GET "/api/v1/drafts/$D")
  check "a failed scope read is no 404 (HTTP $got)" test "$got" -ge 500
  got=$(as dr GET "/api/v1/drafts")
  check "nor a short list (HTTP $got)" test "$got" -ge 500
  db "ALTER TABLE care_team_gone RENAME TO care_team"
  expect_as 200 "the draft again once the scope reads" dr GET "/api/v1/drafts/$D"
fi
check "SIGTERM exits 0" stop_server

# The CLI shows the same versions and diffs.
expect_status 0 "ward drafts versions" "$WARD" drafts versions "$D"
contains "$T/out" "Version 1  generated by extractive" "generated version"
contains "$T/out" "Version 3  edit by dr" "edit version"
contains "$T/out" "+line B" "diff in the CLI"
expect_status 0 "ward drafts versions --json" "$WARD" drafts versions "$D" --json
check "JSON versions with diffs" jq -e 'length == 3 and (.[2].diff | contains("+line k"))' "$T/out"
expect_status 0 "show names the version" "$WARD" drafts show "$D"
contains "$T/out" "Version 3: edited" "show says it was edited"
expect_status 2 "versions of a missing draft" "$WARD" drafts versions 999999
expect_status 1 "versions needs an id" "$WARD" drafts versions
printf 'CLI edit.\n' > "$T/e.txt"
expect_status 0 "ward review --edit adds a version" "$WARD" review "$D" --edit "$T/e.txt"
check "version 4 by the OS user" test "$(db "SELECT author FROM draft_versions WHERE draft_id=$D AND version=4")" = "$(id -un)"
expect_status 0 "audit chain intact" "$WARD" audit verify
finish
