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
# PHONE 0.936, ADDRESS 0.955, CITY 0.957, NAME 0.958 (english 0.964), DATE 1;
# rules alone: FACILITY 0.814, CITY 0.913, NAME 0.924 (english 0.920), DATE
# 0.990.
# FACILITY floors raised at the facility branch (2026-12-07): 0.905 with
# the tagger, 0.825 rules alone, less about three tokens.
# The floors are that score minus a small margin, so a rule or model change
# that loses ground on text neither was tuned on fails here. Raising them is
# fine; reading the set's misses to write rules is not.
. "$WARD_TESTS/lib.sh"
G="$WARD_TESTS/fixtures/funnel/deid_notes_heldout8.txt"

# Rules and the learned tagger (the default).
deid_gold "$G" 78 20 0.945 0.97 0.95 0.99 3 0.895 0.955

# The rules alone (no learned tagger).
export WARD_DEID_TAGGER=0
deid_gold "$G" 78 20 0.915 0.975 0.915 0.98 3 0.815 0.91
finish
