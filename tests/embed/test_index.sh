# test_index.sh — `ward index` with the built-in lexical embedder: embeds
# every chunk, resumes after an interrupted run (rows removed, or a SIGKILL
# at an arbitrary moment), refuses a store holding vectors of two models,
# and --rebuild starts over. Search switches to hybrid once vectors exist.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/embed/corpus.sh"
q() { store_sql "$1"; }

write_corpus "$T/in"
expect_status 0 "ingest" "$WARD" ingest -q "$T/in"
expect_status 0 "bm25 before index" "$WARD" search aspirin --json
contains "$T/out" '"mode": "bm25"' "default mode without vectors is bm25"
expect_status 1 "vector mode needs vectors" "$WARD" search aspirin --mode vector
contains "$T/err" "ward index" "the error says to run ward index"

# Two more ingests, two more full-text segments; ward index merges them
# into one (SQLite's FTS5), and BM25 ranks the same afterwards.
for i in 1 2; do
  printf -- '---\npatient_id: p-1\ndate: 2024-12-0%s\nkind: progress_note\n---\nAspirin continued after stent, visit %s.\n' "$i" "$i" > "$T/extra$i.txt"
  expect_status 0 "ingest one more note ($i)" "$WARD" ingest -q "$T/extra$i.txt"
done
"$WARD" search aspirin --mode bm25 --json | jq -c '[.[].chunk_id]' > "$T/bm25.before"
[ -n "${WARD_STORE:-}" ] || fts_rows=$(q "SELECT count(*) FROM chunks_fts_data")
expect_status 0 "index" "$WARD" index --json
if [ -z "${WARD_STORE:-}" ]; then
  check "ward index compacts the full-text index" test "$(q "SELECT count(*) FROM chunks_fts_data")" -lt "$fts_rows"
fi
"$WARD" search aspirin --mode bm25 --json | jq -c '[.[].chunk_id]' > "$T/bm25.after"
check "BM25 ranks the same after compaction" cmp -s "$T/bm25.before" "$T/bm25.after"
check "the search found the notes" test "$(jq length "$T/bm25.after")" -gt 2
chunks=$(q "SELECT count(*) FROM chunks")
check "every chunk embedded" test "$(q "SELECT count(*) FROM embeddings")" = "$chunks"
contains "$T/out" '"embedder": "lexical"' "json names the embedder"
check "one model, recorded in meta" test "$(q "SELECT count(DISTINCT model) FROM embeddings")" = 1
check "meta model id matches the vectors" \
  test "$(q "SELECT value FROM meta WHERE key='embed.model_id'")" = "$(q "SELECT model FROM embeddings LIMIT 1")"
check "the HNSW index file is built by ward index" test -s "$WARD_DATA/vectors.hnsw"
expect_status 0 "hybrid is the default with vectors" "$WARD" search aspirin --json
contains "$T/out" '"mode": "hybrid"' "default mode with vectors is hybrid"

q "DELETE FROM embeddings WHERE chunk_id IN (SELECT chunk_id FROM embeddings ORDER BY chunk_id DESC LIMIT 7)"
expect_status 0 "resume" "$WARD" index --json
contains "$T/out" '"embedded": 7' "only the missing vectors are made"
expect_status 0 "nothing left" "$WARD" index --json
contains "$T/out" '"embedded": 0' "a complete index is a no-op"

# A run killed at some moment: whatever it committed stays, the next run finishes.
"$WARD" index --rebuild --batch 1 -q & pid=$!
sleep 0.05; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
expect_status 0 "index after a kill" "$WARD" index -q
check "complete after the kill" test "$(q "SELECT count(*) FROM embeddings")" = "$chunks"
check "one model after the kill" test "$(q "SELECT count(DISTINCT model) FROM embeddings")" = 1
check "store sound" test "$(store_sound)" = ok
printf 'not an index' > "$WARD_DATA/vectors.hnsw"
expect_status 0 "a torn index file is rebuilt" "$WARD" search aspirin --mode vector --json
contains "$T/out" '"mode": "vector"' "vector search after a torn index"

# Vectors of two models in one store are refused until --rebuild.
q "UPDATE embeddings SET model='gguf:other.gguf#123' WHERE chunk_id = (SELECT min(chunk_id) FROM embeddings)"
expect_status 2 "mixed models refused" "$WARD" index
contains "$T/err" "--rebuild" "the refusal says how to fix it"
expect_status 0 "rebuild" "$WARD" index --rebuild --json
check "rebuilt with one model" test "$(q "SELECT count(DISTINCT model) FROM embeddings")" = 1
check "rebuilt every chunk" test "$(q "SELECT count(*) FROM embeddings")" = "$chunks"

expect_status 1 "unknown embedder" "$WARD" index --embedder word2vec
expect_status 1 "http needs a url" "$WARD" index --embedder http
contains "$T/err" "--url" "http without --url says so"
expect_status 2 "unreachable endpoint, lexical vectors kept" "$WARD" index --rebuild --url http://127.0.0.1:9/v1
check "a failed --rebuild drops nothing" test "$(q "SELECT count(*) FROM embeddings")" = "$chunks"
finish
