# test_deid_heldout9.sh — `ward eval funnel --gold` on the ninth held-out
# de-identification set (tests/fixtures/funnel/deid_notes_heldout9.txt, 80
# notes, 1,482 identifier tokens of all 20 types (NAME 487, DATE 380,
# FACILITY 247, ADDRESS 72, PHONE 65, ID 55, CITY 36, EMAIL 25, MRN 18,
# HEALTHPLAN 18, ZIP 15, URL 11, LICENSE 10, FAX 9, IP 9, SSN 7, DEVICE 7,
# AGE 4, ACCOUNT 4, VEHICLE 3) and 318 clinical tokens, names of 40 origins
# (334 english-name tokens); dictated prose, SOAP, FHIR XML, CSV rows,
# e-mails, chat and pager logs, a bilingual sheet, UK and Canadian letters,
# autopsy, court, APS, custody, incident and ethics notes, flowsheets;
# written by hand without reading the rules, the word lists, the tagger
# model, the dev notes or the other held-out notes, and only scored).
# First score, at 07c9c54 (the session-start build /tmp/startbuild, before
# any change made while or after the set was written; main at 4a46f2d gives
# the same): rules+tagger token recall 0.955 / precision 0.983, 1 of 318
# clinical tokens redacted; rules alone 0.921 / 0.984, none redacted.
# Weakest by recall (rules+tagger): CITY 0.806 (29/36), FACILITY 0.895,
# LICENSE 0.9, NAME 0.943 (english 0.934), ADDRESS 0.986, DATE 0.992, all
# other types 1; rules alone: LICENSE 0.7, CITY 0.806, FACILITY 0.838, NAME
# 0.879 (english 0.877), DATE 0.982.
# The floors are that score minus a small margin, so a rule or model change
# that loses ground on text neither was tuned on fails here. Raising them is
# fine; reading the set's misses to write rules is not.
. "$WARD_TESTS/lib.sh"
G="$WARD_TESTS/fixtures/funnel/deid_notes_heldout9.txt"

# notes, PHI types, then floors: token recall, precision, name and date
# recall, the most clinical tokens redacted, FACILITY and english-name recall.

# Rules and the learned tagger (the default).
deid_gold "$G" 80 20 0.945 0.975 0.93 0.985 3 0.88 0.92

# The rules alone (no learned tagger).
export WARD_DEID_TAGGER=0
deid_gold "$G" 80 20 0.91 0.975 0.865 0.97 3 0.82 0.86
finish
