# test_synth_ingest.sh — a generated cohort ingests with zero errors and
# `ward patients` counts exactly N: FHIR bundles, HL7 and notes together
# (one patient each, joined by id and MRN), and NDJSON on its own.
. "$WARD_TESTS/lib.sh"
N=25
expect_status 0 "synth" "$WARD" synth -n $N --seed 3 --out "$T/cohort" -q
expect_status 0 "ingest fhir+hl7+notes" "$WARD" ingest -q "$T/cohort"
check "no errors reported" test ! -s "$T/err"
check "ward patients counts exactly N" test "$("$WARD" patients --json | grep -c '"id"')" = $N
count() { sqlite3 "$WARD_DATA/ward.db" "$1"; }
check "every patient has notes" test "$(count "SELECT count(DISTINCT patient_id) FROM documents WHERE kind IN ('progress_note','history_and_physical','consult','discharge_summary','transcript')")" = $N
check "truth sidecars are not ingested" test "$(count "SELECT count(*) FROM documents WHERE source_id LIKE '%.truth.json'")" = 0
check "structured records stored" test "$(count "SELECT count(*) FROM resources WHERE type='Observation'")" -gt 100

# Note offsets are the truth's offsets: a span of a sidecar is found at its
# offset in the stored document text.
f=$(ls "$T/cohort/notes" | grep '\.truth\.json$' | head -1)
start=$(sed -n 's/.*"phi":\[{"start":\([0-9]*\),"end":\([0-9]*\),.*/\1/p' "$T/cohort/notes/$f")
end=$(sed -n 's/.*"phi":\[{"start":\([0-9]*\),"end":\([0-9]*\),.*/\2/p' "$T/cohort/notes/$f")
txt=$(sed -n 's/.*"phi":\[{[^}]*"text":"\([^"]*\)"}.*/\1/p' "$T/cohort/notes/$f")
got=$(count "SELECT substr(CAST(text AS BLOB), $start+1, $end-$start) FROM documents WHERE source_id='${f%.truth.json}.txt'")
check "a truth span matches the stored text" test "$got" = "$txt"

# The chart questions' evidence resolves to stored records.
expect_status 0 "eval on the cohort's questions" "$WARD" eval retrieval --cohort "$T/cohort" --modes bm25 --json
check "evaluated some questions" grep -q '"queries": [1-9]' "$T/out"

export WARD_DATA="$T/data2"
expect_status 0 "synth ndjson" "$WARD" synth -n $N --seed 3 --format ndjson --out "$T/nd" -q
expect_status 0 "ingest ndjson" "$WARD" ingest -q "$T/nd"
check "no errors for ndjson" test ! -s "$T/err"
check "ndjson: exactly N patients" test "$("$WARD" patients --json | grep -c '"id"')" = $N
finish
