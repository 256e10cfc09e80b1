# test_deid_asked_names.sh — names after the words the cue rules ask by
# name with no capital after them ("gracias, Xochitl", "aka "Birdie"",
# "hi dr quillfeather"; tests/fixtures/funnel/deid_classes/asked_names.txt):
# the rules alone find every one and redact nothing else (deid_names.c
# lets a word into those rules by a list of the words: one missing from it
# fails here; test_deid_classes checks the same cases with the tagger).
. "$WARD_TESTS/lib.sh"
C="$WARD_TESTS/fixtures/funnel/deid_classes/asked_names.txt"
expect_status 0 "eval funnel --cases (rules)" env WARD_DEID_TAGGER=0 "$WARD" eval funnel --cases "$C" --json
check "rules: every identifier token found" test "$(jq '.deid.token_recall' "$T/out")" = 1
check "rules: nothing else redacted" test "$(jq '.deid.token_precision' "$T/out")" = 1
check "rules: no clinical token redacted" test "$(jq '.deid.keep_redacted' "$T/out")" = 0
finish
