# test_hybrid_not_worse.sh — the default search mode (hybrid, once `ward
# index` has built the built-in lexical vectors) ranks at least as well as
# BM25 alone on every metric (issue 12, item 5), on two small sets made
# here from a generated cohort:
#  - known-item queries: a stretch of each note's text must find that note
#    (the kind of query where BM25 is strong and the lexical vectors, which
#    see every note of a template as alike, are weak: reciprocal-rank
#    fusion let them push the right note down);
#  - the cohort's own chart questions, where the vectors help.
. "$WARD_TESTS/lib.sh"
expect_status 0 "synth" "$WARD" synth --patients 6 --seed 3 --out "$T/c"
expect_status 0 "ingest" "$WARD" ingest -q "$T/c"
expect_status 0 "index" "$WARD" index -q
expect_status 0 "default search mode" "$WARD" search "nasal congestion"
contains "$T/out" "(hybrid search)" "the default mode is hybrid once vectors exist"

sqlite3 "$WARD_DATA/ward.db" "SELECT json_object('query', substr(text, 120, 90), 'relevant', json_array('doc:' || id))
  FROM documents WHERE kind NOT IN ('record', 'transcript')" > "$T/known.jsonl"
check "known-item queries written ($(wc -l < "$T/known.jsonl"))" [ "$(wc -l < "$T/known.jsonl")" -ge 10 ]

# metric MODE NAME < eval JSON: the value
metric() { tr -d ' \n' | grep -o "\"$1\":{[^}]*}" | grep -o "\"$2\":[0-9.e+-]*" | cut -d: -f2; }
not_worse() {   # SET: hybrid >= bm25 on each metric of $T/out
  for m in recall@1 recall@5 recall@10 mrr ndcg@10; do
    b=$(metric bm25 $m < "$T/out") h=$(metric hybrid $m < "$T/out")
    check "$1: hybrid $m $h >= bm25 $b" awk -v h="$h" -v b="$b" 'BEGIN { exit !(h != "" && b != "" && h + 1e-9 >= b) }'
  done
}
expect_status 0 "eval known items" "$WARD" eval retrieval --queries "$T/known.jsonl" --modes bm25,hybrid --json
not_worse "known items"
expect_status 0 "eval chart questions" "$WARD" eval retrieval --cohort "$T/c" --modes bm25,hybrid --json
not_worse "chart questions"
finish
