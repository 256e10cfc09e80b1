# test_deid_dev14.sh — `ward eval funnel --gold` on the fourteenth dev
# (training) set of de-identification notes
# (tests/fixtures/funnel/deid_notes_dev14.txt: 200 hand-written notes —
# discharge summaries, nursing notes, letters and referrals in several
# languages, portal messages, SMS and chat threads, phone triage, ED,
# operative, radiology, pathology, home health, hospice, social work,
# transfer forms, pharmacy notes, care-coordination emails — weighted toward
# what Ward misses on outside text: places of care named every way (one-word
# names mid-sentence, initialisms, named wings and units, practices named
# for a person, pharmacies, labs, imaging, nursing homes, hospices, schools,
# lower case in chat, other countries), everyday-word names (Will, Grace,
# Hope, Rose, April, Young, Brown, Gray, Price, Baker) beside the same words
# used as words, lower-case names, non-Latin scripts, particles, initials and
# signatures, ordinal and partial dates and ranges, phones and extensions in
# many national forms, account/encounter/claim/member numbers, street-last
# and rural addresses; beside eponyms, scores and drugs that must stay;
# written without reading the rules, the word lists, the model or any
# held-out set). 3,824 identifier tokens (NAME 1,075, FACILITY 1,063, DATE
# 484, ADDRESS 334, PHONE 289, CITY 213, ID 196), 277 clinical tokens.
# First score, at 2856875 (main's head when the set was written):
# rules+tagger token recall 0.899 / precision 0.968, 3 clinical tokens
# redacted (NAME 0.931, DATE 0.961, FACILITY 0.839, CITY 0.854, ADDRESS
# 0.844, PHONE 0.958, ID 0.923; english names 0.907); rules alone 0.852 /
# 0.973, 2 redacted (NAME 0.885, DATE 0.946, FACILITY 0.752, CITY 0.803,
# ADDRESS 0.790, PHONE 0.958; english names 0.858).
# The rules and the tagger may learn from these notes, so the floors (a
# little under that score) are to be raised as they do, never lowered to let
# a change through.
. "$WARD_TESTS/lib.sh"
G="$WARD_TESTS/fixtures/funnel/deid_notes_dev14.txt"

# notes, PHI types, then floors: token recall, precision, name and date
# recall, the most clinical tokens redacted, FACILITY and english-name recall.

# Rules and the learned tagger (the default).
deid_gold "$G" 200 16 0.885 0.955 0.915 0.945 5 0.82 0.89

# The rules alone (no learned tagger).
export WARD_DEID_TAGGER=0
deid_gold "$G" 200 16 0.84 0.96 0.87 0.93 5 0.735 0.845
finish
