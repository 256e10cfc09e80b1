# test_deid_dev11.sh — `ward eval funnel --gold` on the eleventh dev (training)
# set of de-identification notes (tests/fixtures/funnel/deid_notes_dev11.txt:
# 300 hand-written notes — lab, serology and toxicology tables, medication
# lists and MARs, operative, discharge, nursing, EMS, letters, portal, SMS,
# phone and HL7 notes — that put the hard negatives of a real chart (analytes
# such as Fe, TIBC, Opiates, "INC"; brand and generic drug names; eponymous
# signs and scores; ALL-CAPS headings; LEEP, ORIF, TURP, EGD; Holter,
# Pegboard; Medicare, CDC) beside identifiers of all 20 types: names of 83
# origins, English names that are everyday words (Will, Grace, Hope, April,
# Young, Brown, Price, Baker, Rose), facilities of many shapes, addresses,
# dates, phones and ids; written without reading the rules, the word lists
# or the model). 4,605 identifier tokens, 1,432 clinical tokens.
# First score, at 07c9c54 (the session-start build): rules+tagger token
# recall 0.960 / precision 0.973, 24 clinical tokens redacted (NAME 0.948,
# DATE 0.998, FACILITY 0.906, CITY 0.964; english names 0.929); rules alone
# 0.922 / 0.977, 13 clinical tokens redacted (NAME 0.888, DATE 0.988,
# FACILITY 0.833; english names 0.856).
# The rules and the tagger may learn from these notes, so the floors (a
# little under that score) are to be raised as they do, never lowered to let
# a change through.
. "$WARD_TESTS/lib.sh"
G="$WARD_TESTS/fixtures/funnel/deid_notes_dev11.txt"

# notes, PHI types, then floors: token recall, precision, name and date
# recall, and the most clinical tokens redacted.

# Rules and the learned tagger (the default).
deid_gold "$G" 300 20 0.95 0.965 0.94 0.99 28

# The rules alone (no learned tagger).
export WARD_DEID_TAGGER=0
deid_gold "$G" 300 20 0.91 0.97 0.875 0.98 16
finish
