# test_widen.sh — search widened with the lexicon (src/retrieve/widen.c):
# a question with an abbreviation finds the record that spells the term
# out, an abbreviation in the wrong case widens nothing ("Does" is not DOE,
# "tsh" is not TSH), a spelled-out word gains no abbreviations, a drug
# class finds its drugs, the query's own words rank first, and --exact
# turns widening off.
. "$WARD_TESTS/lib.sh"
mkdir -p "$T/in"
note() { printf -- '---\npatient: %s\ndate: %s\nkind: progress_note\ntitle: %s\n---\n%s\n' "$@" > "$T/in/$3.txt"; }
note w-1 2024-01-10 thyro-note "Labs: Thyrotropin 2.1 mIU/L, within range."
note w-1 2024-02-11 spelled-note "Gastroesophageal reflux disease."
note w-1 2024-03-12 abbrev-note "Assessment: GERD, stable on current plan, follow up in six months."
note w-2 2024-04-13 exertion-note "Dyspnea on exertion climbing two flights."
note w-2 2024-05-14 gad-note "GAD-7 score 6 today."
note w-2 2024-06-15 statin-note "Medications: atorvastatin 40 mg nightly."
expect_status 0 "ingest" "$WARD" ingest "$T/in"

s() { "$WARD" search --mode bm25 "$@" > "$T/hits" 2>&1; }
s "What is the latest TSH?"
contains "$T/hits" "thyro-note" "TSH finds the record that says Thyrotropin"
s "What is the latest TSH?" --exact
contains "$T/hits" "No matches." "--exact does not widen"
s "What is the latest tsh?"
contains "$T/hits" "No matches." "tsh in lower case is not the abbreviation TSH"
s "Does ambulation help?"
contains "$T/hits" "No matches." "Does is not DOE (dyspnea on exertion)"
s "DOE"
contains "$T/hits" "exertion-note" "DOE finds dyspnea on exertion"
s "anxiety"
contains "$T/hits" "No matches." "a spelled-out word gains no abbreviation (GAD of GAD-7)"
s "Which statin is the patient on?"
contains "$T/hits" "statin-note" "a drug class finds its drugs"

# The query's own word first: the note saying GERD outranks the shorter one
# that spells it out (at full weight, the short note would rank first).
s "GERD"
check "GERD finds both notes" test "$(grep -c -E 'abbrev-note|spelled-note' "$T/hits")" = 2
check "the note with the query's own word ranks first" grep -q -E '^ *1\. .*abbrev-note' "$T/hits"
s "gastroesophageal reflux disease"
check "the spelled-out note ranks first for the spelled-out words" grep -q -E '^ *1\. .*spelled-note' "$T/hits"
finish
