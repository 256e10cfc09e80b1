# test_eval_tasks.sh — `ward eval tasks` on a small generated cohort meets the
# acceptance targets in extractive mode: chart-question accuracy >= 0.90
# (including "not in the record"), citation precision 1.0, summary recall
# >= 0.95, instructions at grade <= 6, and SOAP notes scored with ROUGE.
. "$WARD_TESTS/lib.sh"
"$WARD" synth --patients 12 --seed 11 --out "$T/cohort" --format fhir,notes -q >/dev/null 2>&1 || fail "synth"
expect_status 0 "eval tasks" "$WARD" eval tasks --cohort "$T/cohort" --json
R="$T/out"
check "questions asked" jq -e '.questions.n > 100' "$R"
check "accuracy >= 0.90 ($(jq .questions.accuracy "$R"))" jq -e '.questions.accuracy >= 0.90' "$R"
check "not-in-record questions right" jq -e '.questions.by_kind.never_recorded.correct == .questions.by_kind.never_recorded.n' "$R"
check "citation precision 1.0 ($(jq .citations.precision "$R"))" jq -e '.citations.precision == 1' "$R"
check "summary recall >= 0.95 ($(jq .summary.recall "$R"))" jq -e '.summary.recall >= 0.95' "$R"
check "instructions grade <= 6 ($(jq .instructions.mean_fk_grade "$R"))" jq -e '.instructions.mean_fk_grade <= 6 and .instructions.n == 12' "$R"
check "SOAP notes scored ($(jq -c .soap "$R"))" jq -e '.soap.notes > 0 and .soap.rouge1 > 0.2' "$R"
check "eval drafts nothing" test "$(sqlite3 "$WARD_DATA/ward.db" "SELECT count(*) FROM drafts")" = 0
expect_status 1 "needs --cohort" "$WARD" eval tasks
expect_status 2 "not a cohort" "$WARD" eval tasks --cohort "$T"
finish
