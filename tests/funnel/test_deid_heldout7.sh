# test_deid_heldout7.sh — `ward eval funnel --gold` on the seventh held-out
# de-identification set (tests/fixtures/funnel/deid_notes_heldout7.txt, 70
# notes, 1,586 identifier tokens and 128 clinical tokens, names of 99 origins,
# written by hand without reading the rules, the word lists, the tagger model,
# the dev notes or the other held-out notes, and only scored).
# First score, at 7316f7d (the session-start build, before any change made
# while or after the set was written): rules+tagger token recall 0.929 /
# precision 0.971, rules alone 0.878 / 0.975, 2 of 128 clinical tokens
# redacted in both modes. Weakest by recall (rules+tagger): AGE 0.727, ID
# 0.810, FACILITY 0.824, ZIP 0.846, ADDRESS 0.889, CITY 0.912, NAME 0.946,
# DATE 0.957. The floors are that score minus a small margin, so a rule or
# model change that loses ground on text neither was tuned on fails here.
# Raising them is fine; reading the set's misses to write rules is not.
. "$WARD_TESTS/lib.sh"
G="$WARD_TESTS/fixtures/funnel/deid_notes_heldout7.txt"

expect_status 0 "eval funnel --gold heldout7" "$WARD" eval funnel --gold "$G" --json
cp "$T/out" "$T/h7.json"
check "70 notes scored" test "$(jq .deid.notes "$T/h7.json")" = 70
check "every PHI type has gold tokens" test "$(jq '.deid.per_type | length' "$T/h7.json")" = 20
check "every gold span matches its text" test "$(jq .truth_mismatches "$T/h7.json")" = 0
at_least "token recall" "$(jq .deid.token_recall "$T/h7.json")" 0.945
at_least "token precision" "$(jq .deid.token_precision "$T/h7.json")" 0.965
at_least "name recall" "$(jq .deid.per_type.NAME.recall "$T/h7.json")" 0.965
at_least "facility recall" "$(jq .deid.per_type.FACILITY.recall "$T/h7.json")" 0.82
at_least "english names" "$(jq .deid.per_origin.english.recall "$T/h7.json")" 0.925
check "at most 5 clinical tokens redacted" test "$(jq .deid.keep_redacted "$T/h7.json")" -le 5

# The rules alone (no learned tagger).
expect_status 0 "eval funnel --gold heldout7, rules alone" env WARD_DEID_TAGGER=0 "$WARD" eval funnel --gold "$G" --json
cp "$T/out" "$T/h7r.json"
at_least "rules alone: token recall" "$(jq .deid.token_recall "$T/h7r.json")" 0.9
at_least "rules alone: token precision" "$(jq .deid.token_precision "$T/h7r.json")" 0.97
check "rules alone: at most 5 clinical tokens redacted" test "$(jq .deid.keep_redacted "$T/h7r.json")" -le 5
finish
