# test_index_llama.sh — `ward index` with the in-process llama.cpp embedder
# on the tiny model (needs: llama): a store indexed by one model refuses
# another until --rebuild; a bad model changes nothing; queries use the
# recorded model even from another directory.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/embed/corpus.sh"
q() { sqlite3 "$WARD_DATA/ward.db" "$1"; }

write_corpus "$T/in"
expect_status 0 "ingest" "$WARD" ingest -q "$T/in"
chunks=$(q "SELECT count(*) FROM chunks")
expect_status 0 "lexical index" "$WARD" index -q
expect_status 2 "another model is refused" "$WARD" index --model "$WARD_TINY_EMBED"
contains "$T/err" "--rebuild" "refusal names --rebuild"
contains "$T/err" "same model" "refusal offers the same model"
check "lexical vectors untouched" test "$(q "SELECT count(*) FROM embeddings WHERE model LIKE 'lexical-%'")" = "$chunks"

expect_status 0 "rebuild with the tiny model" "$WARD" index --rebuild --model "$WARD_TINY_EMBED" --batch 8 --json
contains "$T/out" '"dim": 64' "tiny model has 64 dimensions"
check "all vectors from the tiny model" \
  test "$(q "SELECT count(*) FROM embeddings WHERE model LIKE 'gguf:tiny-embed.gguf#%' AND dim = 64")" = "$chunks"
expect_status 0 "index again keeps the recorded model" "$WARD" index --json
contains "$T/out" '"embedded": 0' "nothing to do"
contains "$T/out" 'gguf:tiny-embed.gguf' "recorded model reused"
expect_status 2 "a chat model is not an embedding model" "$WARD" index --rebuild --model "$WARD_TINY_CHAT"
contains "$T/err" "not an embedding model" "chat model refused clearly"
check "failed rebuild dropped nothing" test "$(q "SELECT count(*) FROM embeddings")" = "$chunks"

# Queries embed with the recorded model, from any working directory.
(cd / && "$WARD" --data "$WARD_DATA" search aspirin --mode vector --json -k 3) >"$T/out" 2>"$T/err"
check "vector search with the recorded model" grep -q '"mode": "vector"' "$T/out"
expect_status 0 "hybrid search" "$WARD" search "MI aspirin" --patient p-1 --json
if grep -q '"patient_id": "p-2"' "$T/out"; then fail "hybrid leaked another patient's chunk"; else pass; fi
finish
