# test_deid_dev15.sh — `ward eval funnel --gold` on the fifteenth dev
# (training) set of de-identification notes
# (tests/fixtures/funnel/deid_notes_dev15.txt: 145 hand-written notes —
# discharge summaries, nursing notes, letters and letterheads, referrals,
# portal messages, SMS and chat threads, phone triage, ED, operative,
# radiology, pathology, dialysis, hospice, home health, social work,
# transfer forms, pharmacy notes — weighted toward places of care and
# cities: one-word names and initialisms mid-sentence, named towers, wings,
# buildings and units, practices named for a person, pharmacies, labs,
# imaging, nursing homes, hospices, dialysis units, shelters and schools,
# all-capitals letterheads, lower case in chat, places abroad, the same
# place written two ways; beside services that look like places
# (Center for Polysomnography, Infusion Center), all-capitals service
# headers, vaccine makers, place-named scores and eponyms that must stay;
# written without reading the rules, the word lists, the model or any
# held-out set). 1,691 identifier tokens (FACILITY 872, NAME 365, DATE
# 149, CITY 133), 152 clinical tokens.
# First score, at a9fad6a (main's head when the set was written):
# rules+tagger token recall 0.9048 / precision 0.9739, 4 clinical tokens
# redacted (FACILITY 0.8555, CITY 0.9248, NAME 0.9616; english names
# 0.9322); rules alone 0.8451 / 0.9761, 3 redacted (FACILITY 0.7798, CITY
# 0.7895, NAME 0.9288; english names 0.8701).
# After the places session's rules (same day): rules+tagger 0.9178 /
# 0.9743 (FACILITY 0.8784, CITY 0.9398), rules alone 0.8581 / 0.9764
# (FACILITY 0.8028, CITY 0.8045); floors raised to a little under.
# The rules and the tagger may learn from these notes, so the floors (a
# little under the score) are to be raised as they do, never lowered to
# let a change through.
. "$WARD_TESTS/lib.sh"
G="$WARD_TESTS/fixtures/funnel/deid_notes_dev15.txt"

# notes, PHI types, then floors: token recall, precision, name and date
# recall, the most clinical tokens redacted, FACILITY and english-name recall.

# Rules and the learned tagger (the default).
deid_gold "$G" 145 13 0.91 0.965 0.955 0.99 4 0.87 0.925

# The rules alone (no learned tagger).
export WARD_DEID_TAGGER=0
deid_gold "$G" 145 13 0.85 0.97 0.92 0.98 3 0.795 0.865
finish
