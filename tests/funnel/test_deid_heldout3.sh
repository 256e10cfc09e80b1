# test_deid_heldout3.sh — `ward eval funnel --gold` on the third held-out
# de-identification set (tests/fixtures/funnel/deid_notes_heldout3.txt, 56
# notes written before the rules of its round changed, and only scored).
# The floors are the scores reached (docs/funnel.md) minus a small margin,
# so a rule change that loses ground on text the rules were not tuned on
# fails here.
. "$WARD_TESTS/lib.sh"
G="$WARD_TESTS/fixtures/funnel/deid_notes_heldout3.txt"

expect_status 0 "eval funnel --gold heldout3" "$WARD" eval funnel --gold "$G" --json
cp "$T/out" "$T/h3.json"
check "56 notes scored" test "$(jq .deid.notes "$T/h3.json")" = 56
at_least "token recall" "$(jq .deid.token_recall "$T/h3.json")" 0.95
at_least "token precision" "$(jq .deid.token_precision "$T/h3.json")" 0.975
at_least "korean names" "$(jq .deid.per_origin.korean.recall "$T/h3.json")" 0.91
check "at most 5 clinical tokens redacted" test "$(jq .deid.keep_redacted "$T/h3.json")" -le 5
finish
