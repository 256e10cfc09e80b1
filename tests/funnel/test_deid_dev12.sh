# test_deid_dev12.sh — `ward eval funnel --gold` on the twelfth dev (training)
# set of de-identification notes (tests/fixtures/funnel/deid_notes_dev12.txt:
# 260 hand-written notes — ED, nursing handoffs, discharge summaries,
# referral letters, portal messages, pager and chat logs, case management,
# social work, transport, home health, insurance and prior-auth letters, HL7
# and CSV lines — weighted toward places of care in every form (full names,
# abbreviations, possessives, "&", ALL CAPS, lower case in chat), cities in
# prose and in comma-less addresses (foreign, Canadian, UK, Australian),
# names of ~90 origins and English names that are everyday words, beside
# eponyms, place-named rules, scores, drug brands and device names that must
# stay; written without reading the rules, the word lists, the model, the
# other dev notes or any held-out set). 3,993 identifier tokens (FACILITY
# 1,392, NAME 1,090, ADDRESS 386, CITY 320, DATE 287), 336 clinical tokens.
# First score, at a19a701 (main's head when the set was written):
# rules+tagger token recall 0.912 / precision 0.986, 3 clinical tokens
# redacted (NAME 0.961, DATE 0.989, FACILITY 0.890, CITY 0.890, ADDRESS
# 0.891, ID 0.590; english names 0.944); rules alone 0.848 / 0.988, 3
# redacted (NAME 0.880, DATE 0.961, FACILITY 0.822, CITY 0.778, ADDRESS
# 0.836; english names 0.831).
# The rules and the tagger may learn from these notes, so the floors (a
# little under that score) are to be raised as they do, never lowered to let
# a change through.
. "$WARD_TESTS/lib.sh"
G="$WARD_TESTS/fixtures/funnel/deid_notes_dev12.txt"

# notes, PHI types, then floors: token recall, precision, name and date
# recall, the most clinical tokens redacted, FACILITY and english-name recall.

# Rules and the learned tagger (the default).
deid_gold "$G" 260 20 0.90 0.975 0.95 0.98 6 0.875 0.93

# The rules alone (no learned tagger).
export WARD_DEID_TAGGER=0
deid_gold "$G" 260 20 0.835 0.975 0.865 0.95 6 0.81 0.815
finish
