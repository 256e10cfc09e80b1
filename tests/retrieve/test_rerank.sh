# test_rerank.sh — reranking plumbing with llama.cpp's rank pooling on the
# tiny random-weight model (needs: llama): the scores mean nothing, but the
# top candidates are rescored, sorted, cut to k, deterministic, still under
# the filters; a missing reranker is a clear error.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/embed/corpus.sh"

write_corpus "$T/in"
expect_status 0 "ingest" "$WARD" ingest -q "$T/in"
expect_status 0 "index" "$WARD" index -q
for mode in bm25 hybrid; do
  expect_status 0 "$mode + rerank" "$WARD" search "MI aspirin statin metformin asthma" --patient p-1 --mode $mode -k 4 --rerank "$WARD_TINY_EMBED" --json
  cp "$T/out" "$T/first"
  check "$mode: k hits" test "$(grep -c '"chunk_id"' "$T/out")" = 4
  if grep -q '"patient_id": "p-2"' "$T/out"; then fail "$mode rerank leaked another chart"; else pass; fi
  grep -o '"score": [-0-9.e]*' "$T/out" | cut -d' ' -f2 > "$T/scores"
  check "$mode: sorted by reranker score" sort -g -r -c "$T/scores"
  expect_status 0 "$mode + rerank again" "$WARD" search "MI aspirin statin metformin asthma" --patient p-1 --mode $mode -k 4 --rerank "$WARD_TINY_EMBED" --json
  check "$mode: deterministic" cmp -s "$T/out" "$T/first"
done
expect_status 2 "missing reranker" "$WARD" search aspirin --rerank "$T/none.gguf"
contains "$T/err" "reranker" "the error names the reranker"
finish
