# test_eval_tasks.sh — `ward eval tasks` on a small generated cohort meets the
# acceptance targets in extractive mode: chart-question accuracy >= 0.90
# (including "not in the record"), citation precision 1.0 after the guard,
# summary recall >= 0.95, instructions at grade <= 6, SOAP notes scored
# with ROUGE, the reconciled-chart checks at 1.0, and the cohort's
# literature questions (data/literature.tsv) >= 0.9 with every unanswerable
# one "not found". Every scored thing is an item carrying its patient's
# demographics. An answer that cites the evidence but says a wrong value is
# wrong; a task that fails is a failure, not an answer.
. "$WARD_TESTS/lib.sh"
"$WARD" synth --patients 12 --seed 11 --out "$T/cohort" --format fhir,notes -q >/dev/null 2>&1 || fail "synth"
expect_status 0 "eval tasks" "$WARD" eval tasks --cohort "$T/cohort" --json --items
cp "$T/out" "$T/tasks.json"
R="$T/tasks.json"
check "questions asked" jq -e '.questions.n > 100' "$R"
check "accuracy >= 0.90 ($(jq .questions.accuracy "$R"))" jq -e '.questions.accuracy >= 0.90' "$R"
check "not-in-record questions right" jq -e '.questions.by_kind.never_recorded.correct == .questions.by_kind.never_recorded.n' "$R"
check "citation precision 1.0 ($(jq .citations.precision "$R"))" jq -e '.citations.precision == 1' "$R"
check "summary recall >= 0.95 ($(jq .summary.recall "$R"))" jq -e '.summary.recall >= 0.95' "$R"
check "instructions grade <= 6 ($(jq .instructions.mean_fk_grade "$R"))" jq -e '.instructions.mean_fk_grade <= 6 and .instructions.n == 12' "$R"
check "SOAP notes scored ($(jq -c .soap "$R"))" jq -e '.soap.notes > 0 and .soap.rouge1 > 0.2' "$R"
check "no task failed" jq -e '.questions.failed == 0 and .task_failures == 0' "$R"
check "citations scored before and after the guard" \
  jq -e '.citations.before_guard.n >= .citations.after_guard.n and .citations.after_guard.n > 0
         and .citations.before_guard.precision <= 1' "$R"
check "chart checks counted, summaries and the chart" \
  jq -e '[.chart.summary, .chart.chart][] | .distinct_problem_concepts.n > 0 and .distinct_medication_ingredients.n > 0' "$R"
check "literature questions asked ($(jq -c .literature "$R"))" jq -e '.literature.answerable.n >= 20 and .literature.not_in_literature.n >= 8' "$R"
check "literature accuracy >= 0.9" jq -e '.literature.accuracy >= 0.9' "$R"
check "literature: every unanswerable question not found" jq -e '.literature.not_in_literature.accuracy == 1' "$R"
check "the chart is reconciled (every check 1.0)" jq -e '[.chart[][] | select(.n > 0) | .share] | all(. == 1)' "$R"
check "one item per question, with demographics" \
  jq -e '[.items[] | select(.evaluator == "tasks.ask")] | length == '"$(jq .questions.n "$R")"'
         and all(.sex != null and .race != null and .ethnicity != null and .birth_year > 1900)' "$R"
check "items of every task" jq -e '[.items[].evaluator] | unique == ["tasks.ask", "tasks.chart", "tasks.citations", "tasks.instructions", "tasks.literature", "tasks.note", "tasks.summary"]' "$R"

# Citing the evidence is not saying the answer; an unknown patient is a failure.
mkdir -p "$T/wrong"
grep '"kind":"latest_lab"' "$T/cohort/questions.jsonl" | grep -v '"not_in_record":true' | sed -n 1p |
  jq -c '.answer = "99999 mg/dL"' > "$T/wrong/questions.jsonl"
echo '{"patient":"no-such-patient","question":"What is the latest LDL cholesterol?","kind":"latest_lab","answer":"88 mg/dL","not_in_record":false,"evidence":[]}' >> "$T/wrong/questions.jsonl"
expect_status 0 "eval tasks, a wrong truth" "$WARD" eval tasks --cohort "$T/wrong" --json
check "a cited but unsaid answer is wrong" jq -e '.questions.n == 1 and .questions.accuracy == 0 and .questions.cited_not_said == 1' "$T/out"
check "a failed task is a failure" jq -e '.questions.failed == 1 and .questions.by_kind.latest_lab.failed == 1 and .task_failures == 2' "$T/out"
check "eval drafts nothing" test "$(sqlite3 "$WARD_DATA/ward.db" "SELECT count(*) FROM drafts")" = 0
expect_status 1 "needs --cohort" "$WARD" eval tasks
expect_status 2 "not a cohort" "$WARD" eval tasks --cohort "$T"
finish
