# test_drafts.sh — every output is a draft; ward drafts lists and shows
# them; ward review approves, rejects or edits once, recording the reviewer
# and the final text; every step is audited.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/orchestrate/fixture.sh"
db() { store_sql "$1"; }
export WARD_USER=dr.keller   # not an identity: the reviewer is the OS user
me=$(id -un)
"$WARD" ask "latest A1c" --patient p1 --json > "$T/a.json"; a=$(jq .draft_id "$T/a.json")
"$WARD" summarize --patient p1 --json > "$T/s.json"; s=$(jq .draft_id "$T/s.json")
"$WARD" note --transcript "$WARD_TESTS/fixtures/orchestrate/transcripts/short.txt" --patient p2 --json > "$T/n.json"; n=$(jq .draft_id "$T/n.json")
"$WARD" ask "latest A1c" --patient p1 --no-draft --json > "$T/x.json"
check "--no-draft stores nothing" test "$(jq .draft_id "$T/x.json")" = 0
check "three drafts" test "$(db "SELECT count(*) FROM drafts")" = 3

expect_status 0 "list drafts" "$WARD" drafts --json
check "listed newest first" test "$(jq -r '[.[].id] | join(",")' "$T/out")" = "$n,$s,$a"
expect_status 0 "list one patient's" "$WARD" drafts --patient p1 --json
check "p1 has two" test "$(jq length "$T/out")" = 2
expect_status 0 "show a draft" "$WARD" drafts show "$s"
contains "$T/out" "task summarize" "show names the task"
contains "$T/out" "Backend extractive" "show names the backend"
contains "$T/out" "Verification:" "show gives the verification"
expect_status 0 "show as JSON" "$WARD" drafts show "$a" --json
check "stored inputs, citations, model, prompt hash" \
  jq -e '.inputs.question == "latest A1c" and (.citations | length) > 0 and .model == "none" and (.prompt_hash | length) == 64 and .status == "draft"' "$T/out"
"$WARD" drafts show "$n" --json > "$T/nd.json"
check "note draft keeps the transcript hash" jq -e '.inputs.transcript_hash | length == 64' "$T/nd.json"

expect_status 0 "approve" "$WARD" review "$a" --approve
check "approved with reviewer and final text" test "$(db "SELECT status||'|'||reviewer||'|'||CAST((final_text = output) AS INTEGER) FROM drafts WHERE id=$a")" = "approved|$me|1"
expect_status 2 "a draft is reviewed once" "$WARD" review "$a" --reject
contains "$T/err" "already reviewed" "second review refused"
printf 'Edited summary: stable.\n' > "$T/edit.txt"
expect_status 0 "edit" "$WARD" review "$s" --edit "$T/edit.txt"
check "edited text stored" test "$(db "SELECT status||'|'||final_text FROM drafts WHERE id=$s")" = "edited|Edited summary: stable."
expect_status 0 "reject" "$WARD" review "$n" --reject --json
check "rejected" test "$(jq -r .status "$T/out")" = rejected
check "reviews audited" test "$(db "SELECT group_concat(outcome) FROM audit WHERE action='review' AND actor='$me'")" = "approved,error,edited,rejected"
check "draft views audited" test "$(db "SELECT count(*) FROM audit WHERE action IN ('drafts','draft_show')")" -ge 4
expect_status 0 "audit chain intact" "$WARD" audit verify

expect_status 1 "review needs an action" "$WARD" review "$a"
expect_status 1 "one action only" "$WARD" review "$a" --approve --reject
expect_status 2 "unknown draft" "$WARD" review 999 --approve
expect_status 2 "empty edit file" "$WARD" review "$n" --edit /dev/null
expect_status 1 "show needs an id" "$WARD" drafts show
finish
