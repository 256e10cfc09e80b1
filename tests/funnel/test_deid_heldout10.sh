# test_deid_heldout10.sh — `ward eval funnel --gold` on the tenth held-out
# de-identification set (tests/fixtures/funnel/deid_notes_heldout10.txt, 88
# notes, 1,570 identifier tokens of all 20 types (FACILITY 509, NAME 438,
# DATE 192, ADDRESS 106, CITY 94, PHONE 55, ID 38, ZIP 25, MRN 17, EMAIL 17,
# URL 15, DEVICE 14, HEALTHPLAN 13, FAX 9, ACCOUNT 8, IP 8, AGE 4, LICENSE 3,
# SSN 3, VEHICLE 2) and 303 clinical tokens, names of 54 origins (222
# english-name tokens); operative, radiology, pathology, autopsy,
# psychiatry, dental, obstetric, paediatric, genetics, anaesthesia and
# ophthalmology notes in the formats of a dozen countries; written by hand
# after dev12 by the same session with a different authorship, without
# reading the rules, the word lists, the tagger model, the dev notes or the
# other held-out notes, and only scored).
# First score, at a19a701 (the session-start build /tmp/databuild, before
# any change made while or after the set was written): rules+tagger token
# recall 0.931 / precision 0.981, 5 of 303 clinical tokens redacted; rules
# alone 0.887 / 0.983, 5 redacted.
# Weakest by recall (rules+tagger): LICENSE 0.333 (1/3), HEALTHPLAN 0.615,
# ZIP 0.64, FACILITY 0.876, MRN 0.882, CITY 0.893, ADDRESS 0.924, PHONE
# 0.945, ID 0.947, NAME 0.988 (english 0.995), DATE and all other types 1;
# rules alone: LICENSE 0.333, HEALTHPLAN 0.615, ZIP 0.64, CITY 0.755,
# FACILITY 0.807, ADDRESS 0.886, NAME 0.952 (english 0.946, lao 0/4).
# The floors are that score minus a small margin, so a rule or model change
# that loses ground on text neither was tuned on fails here. Raising them is
# fine; reading the set's misses to write rules is not.
. "$WARD_TESTS/lib.sh"
G="$WARD_TESTS/fixtures/funnel/deid_notes_heldout10.txt"

# notes, PHI types, then floors: token recall, precision, name and date
# recall, the most clinical tokens redacted, FACILITY and english-name recall.

# Rules and the learned tagger (the default).
deid_gold "$G" 88 20 0.92 0.97 0.975 0.99 7 0.86 0.98

# The rules alone (no learned tagger).
export WARD_DEID_TAGGER=0
deid_gold "$G" 88 20 0.875 0.97 0.94 0.99 7 0.79 0.93
finish
