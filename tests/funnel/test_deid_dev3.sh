# test_deid_dev3.sh — `ward eval funnel --gold` on the third dev
# (training) set of de-identification notes
# (tests/fixtures/funnel/deid_notes_dev3.txt: 780 hand-written notes of
# many kinds, written without reading the rules, landed in 26 batches of 30).
# The floors sit a little under the first score of the batches landed so
# far (the file's header gives each batch's first score); the rules and
# the tagger may learn from these notes, so the floors are to be raised as
# they do, never lowered to let a change through.
. "$WARD_TESTS/lib.sh"
G="$WARD_TESTS/fixtures/funnel/deid_notes_dev3.txt"

# notes, PHI types, then floors: token recall, precision, name and date
# recall, and the most clinical tokens redacted.
deid_gold "$G" 780 20 0.905 0.965 0.95 0.93 3
finish
