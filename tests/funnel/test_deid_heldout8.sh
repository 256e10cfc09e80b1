# test_deid_heldout8.sh — `ward eval funnel --gold` on the eighth held-out
# de-identification set (tests/fixtures/funnel/deid_notes_heldout8.txt, 78
# notes, 1,953 identifier tokens of all 20 types (NAME 721, DATE 381,
# FACILITY 285, PHONE 125, ADDRESS 89, CITY 69, ID 66, MRN 41, ...) and 122
# clinical tokens, names of 74 origins (386 english-name tokens), written by
# hand without reading the rules, the word lists, the tagger model, the dev
# notes or the other held-out notes, and only scored).
# First score, at 4ea0c54 (the session-start build /tmp/startbuild, before
# any change made while or after the set was written): rules+tagger token
# recall 0.954 / precision 0.978, rules alone 0.926 / 0.982, 1 of 122
# clinical tokens redacted in both modes. Weakest by recall (rules+tagger):
# VEHICLE 0.667 (3 tokens), FACILITY 0.888, MRN 0.902, ID 0.909, AGE 0.917,
# PHONE 0.936, ADDRESS 0.955, CITY 0.957, NAME 0.958 (english 0.964);
# rules alone: FACILITY 0.814, CITY 0.913, NAME 0.924 (english 0.920).
# The floors are that score minus a small margin, so a rule or model change
# that loses ground on text neither was tuned on fails here. Raising them is
# fine; reading the set's misses to write rules is not.
. "$WARD_TESTS/lib.sh"
G="$WARD_TESTS/fixtures/funnel/deid_notes_heldout8.txt"

expect_status 0 "eval funnel --gold heldout8" "$WARD" eval funnel --gold "$G" --json
cp "$T/out" "$T/h8.json"
check "78 notes scored" test "$(jq .deid.notes "$T/h8.json")" = 78
check "every PHI type has gold tokens" test "$(jq '.deid.per_type | length' "$T/h8.json")" = 20
check "every gold span matches its text" test "$(jq .truth_mismatches "$T/h8.json")" = 0
at_least "token recall" "$(jq .deid.token_recall "$T/h8.json")" 0.945
at_least "token precision" "$(jq .deid.token_precision "$T/h8.json")" 0.97
at_least "name recall" "$(jq .deid.per_type.NAME.recall "$T/h8.json")" 0.95
at_least "facility recall" "$(jq .deid.per_type.FACILITY.recall "$T/h8.json")" 0.875
at_least "english names" "$(jq .deid.per_origin.english.recall "$T/h8.json")" 0.955
check "at most 3 clinical tokens redacted" test "$(jq .deid.keep_redacted "$T/h8.json")" -le 3

# The rules alone (no learned tagger).
expect_status 0 "eval funnel --gold heldout8, rules alone" env WARD_DEID_TAGGER=0 "$WARD" eval funnel --gold "$G" --json
cp "$T/out" "$T/h8r.json"
at_least "rules alone: token recall" "$(jq .deid.token_recall "$T/h8r.json")" 0.915
at_least "rules alone: token precision" "$(jq .deid.token_precision "$T/h8r.json")" 0.975
at_least "rules alone: name recall" "$(jq .deid.per_type.NAME.recall "$T/h8r.json")" 0.915
at_least "rules alone: facility recall" "$(jq .deid.per_type.FACILITY.recall "$T/h8r.json")" 0.80
at_least "rules alone: english names" "$(jq .deid.per_origin.english.recall "$T/h8r.json")" 0.91
check "rules alone: at most 3 clinical tokens redacted" test "$(jq .deid.keep_redacted "$T/h8r.json")" -le 3
finish
