# test_eval_cohort.sh — `ward eval retrieval --cohort` on a small generated
# cohort: every mode is measured on the chart questions, and hybrid recall@5
# is at least BM25's (the acceptance bar for hybrid retrieval).
. "$WARD_TESTS/lib.sh"

expect_status 0 "synth" "$WARD" synth --patients 10 --seed 3 --out "$T/cohort"
expect_status 0 "ingest" "$WARD" ingest -q "$T/cohort"
expect_status 0 "index" "$WARD" index -q
expect_status 0 "eval" "$WARD" eval retrieval --cohort "$T/cohort" --json
metric() { tr -d ' \n' < "$T/out" | grep -o "\"$1\":{[^}]*}" | grep -o "\"$2\":[0-9.e+-]*" | cut -d: -f2; }
check "questions evaluated" test "$(tr -d ' \n' < "$T/out" | grep -o '"queries":[0-9]*' | cut -d: -f2)" -gt 20
bm25=$(metric bm25 recall@5) hybrid=$(metric hybrid recall@5)
echo "recall@5: bm25 $bm25, vector $(metric vector recall@5), hybrid $hybrid"
check "hybrid recall@5 ($hybrid) >= bm25 ($bm25)" awk -v h="$hybrid" -v b="$bm25" 'BEGIN { exit !(h >= b) }'
finish
