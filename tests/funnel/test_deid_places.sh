# test_deid_places.sh — places of care in the shapes src/funnel/deid_places.c
# knows (tests/fixtures/funnel/deid_places_cases.txt, examples written for
# this test): rules alone must find every identifier token and redact
# nothing else; with the tagger no clinical token may be redacted.
. "$WARD_TESTS/lib.sh"
C="$WARD_TESTS/fixtures/funnel/deid_places_cases.txt"
expect_status 0 "eval funnel --cases (rules)" env WARD_DEID_TAGGER=0 "$WARD" eval funnel --cases "$C" --json
check "rules: every identifier token found" test "$(jq '.deid.token_recall' "$T/out")" = 1
check "rules: nothing else redacted" test "$(jq '.deid.token_precision' "$T/out")" = 1
check "rules: no clinical token redacted" test "$(jq '.deid.keep_redacted' "$T/out")" = 0
expect_status 0 "eval funnel --cases (tagger)" env WARD_DEID_TAGGER=1 "$WARD" eval funnel --cases "$C" --json
check "tagger: every identifier token found" test "$(jq '.deid.token_recall' "$T/out")" = 1
check "tagger: no clinical token redacted" test "$(jq '.deid.keep_redacted' "$T/out")" = 0
finish
