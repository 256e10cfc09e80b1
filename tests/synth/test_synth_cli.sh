# test_synth_cli.sh — `ward synth`: the same seed gives byte-identical output
# in every format, another seed differs; usage errors exit 1, a missing
# stats directory exits 2; --stats and --json print what they promise.
. "$WARD_TESTS/lib.sh"

expect_status 0 "synth seed 7" "$WARD" synth -n 30 --seed 7 --format all,ndjson --out "$T/a" -q
expect_status 0 "synth seed 7 again" "$WARD" synth -n 30 --seed 7 --format fhir,ndjson,hl7,notes --out "$T/b" -q
expect_status 0 "synth seed 8" "$WARD" synth -n 30 --seed 8 --format all,ndjson --out "$T/c" -q
check "same seed, byte-identical output" diff -r "$T/a" "$T/b"
if diff -rq "$T/a" "$T/c" >/dev/null; then fail "another seed gives the same output"; else pass; fi
check "30 bundles" test "$(ls "$T/a/fhir" | wc -l)" = 30
check "30 HL7 files" test "$(ls "$T/a/hl7" | wc -l)" = 30
check "NDJSON per type" test -s "$T/a/ndjson/Patient.ndjson"
check "30 patients in NDJSON" test "$(wc -l < "$T/a/ndjson/Patient.ndjson")" = 30
check "every note has a truth sidecar" test "$(ls "$T/a/notes" | grep -c '\.txt$')" = "$(ls "$T/a/notes" | grep -c '\.truth\.json$')"
check "questions written" test "$(wc -l < "$T/a/questions.jsonl")" -gt 300
check "some questions are not in the record" grep -q '"not_in_record":true' "$T/a/questions.jsonl"
check "HL7 segments end in CR" test "$(head -c 400 "$T/a/hl7/$(ls "$T/a/hl7" | head -1)" | tr -cd '\r' | wc -c)" -gt 2

# A patient does not change when the cohort grows.
expect_status 0 "synth 31 patients" "$WARD" synth -n 31 --seed 7 --format fhir --out "$T/d" -q
check "patient i is the same at any N" diff "$T/a/fhir" "$T/d/fhir" -r -x "$(ls "$T/d/fhir" | sort | comm -13 <(ls "$T/a/fhir" | sort) - | head -1)"

expect_status 0 "stats" "$WARD" synth --stats "$T/a"
contains "$T/out" "hypertension" "stats lists conditions"
contains "$T/out" "Treated hypertension controlled" "stats reports control"
expect_status 0 "stats --json" "$WARD" synth --stats "$T/a" --json
contains "$T/out" '"htn_controlled_percent"' "stats json"
expect_status 0 "synth --json" "$WARD" synth -n 3 --out "$T/e" --json
contains "$T/out" '"patients": 3' "json summary"
expect_status 0 "help" "$WARD" synth --help
contains "$T/out" "usage: ward synth" "help text"
expect_status 1 "no --out" "$WARD" synth -n 3
expect_status 1 "bad format" "$WARD" synth -n 3 --format xml --out "$T/f"
expect_status 1 "bad count" "$WARD" synth -n many --out "$T/f"
expect_status 1 "bad date" "$WARD" synth -n 3 --as-of 2025-13-40 --out "$T/f"
expect_status 2 "stats of a missing dir" "$WARD" synth --stats "$T/nope"
contains "$T/err" "patients.jsonl" "missing stats file named"
: > "$T/file"
expect_status 2 "unwritable output" "$WARD" synth -n 2 --out "$T/file/sub"
finish
