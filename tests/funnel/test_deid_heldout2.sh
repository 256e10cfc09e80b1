# test_deid_heldout2.sh — `ward eval funnel --gold` on the second held-out
# de-identification set (tests/fixtures/funnel/deid_notes_heldout2.txt, 42
# notes written before the rules were changed for it, and only scored).
# The floors are the scores reached (docs/funnel.md) minus a small margin,
# so a rule change that loses ground on text the rules were not tuned on
# fails here.
. "$WARD_TESTS/lib.sh"
G="$WARD_TESTS/fixtures/funnel/deid_notes_heldout2.txt"

expect_status 0 "eval funnel --gold heldout2" "$WARD" eval funnel --gold "$G" --json
cp "$T/out" "$T/h2.json"
check "42 notes scored" test "$(jq .deid.notes "$T/h2.json")" = 42
at_least "token recall" "$(jq .deid.token_recall "$T/h2.json")" 0.985
at_least "token precision" "$(jq .deid.token_precision "$T/h2.json")" 0.98
check "at most 1 clinical token redacted" test "$(jq .deid.keep_redacted "$T/h2.json")" -le 1
finish
