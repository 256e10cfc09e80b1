# test_jobs.sh — `ward ingest --jobs N` stores the same content as one
# thread: the same rows with the same ids (the writer takes files in input
# order), the same FTS5 index, the same errors in the same order, the same
# exit status and counts; an edited note supersedes its version as without
# workers. Timestamps are left out of the comparison.
. "$WARD_TESTS/lib.sh"

"$WARD" synth --patients 12 --seed 7 --out "$T/in" -q
mkdir -p "$T/in/more"
# Besides the cohort (FHIR bundles, HL7 v2, notes): errors of each kind, a
# duplicate, literature, and notes that share a patient with no chart.
printf -- '---\npatient: j1\ndate: 2024-01-02\n' > "$T/in/more/a-unclosed.txt"
printf -- '---\npatient: j1\n---\n   \n' > "$T/in/more/b-blank.txt"
printf 'ok\0binary' > "$T/in/more/c-binary.txt"
printf '\xff\xfe not UTF-8 text\n' > "$T/in/more/d-latin1.txt"
for i in 1 2 3 4 5 6; do
  printf -- '---\npatient: j1\ndate: 2024-02-0%d\n---\nHPI: chest pain for %d days, no fever. Takes metformin 500 mg twice daily.\nPlan: aspirin 81 mg daily.\n' "$i" "$i" > "$T/in/more/e-note$i.txt"
done
cp "$T/in/more/e-note1.txt" "$T/in/more/f-copy.txt"
printf 'Guideline: statins for secondary prevention after myocardial infarction.\n' > "$T/in/more/g-guideline.md"

run() {  # run JOBS STORE: ingest, then the edit of one note
  "$WARD" --data "$T/$2" ingest --json --jobs "$1" "$T/in" > "$T/$2.out" 2> "$T/$2.err"
  echo "exit $?" >> "$T/$2.out"
  printf -- '---\npatient: j1\ndate: 2024-02-01\n---\nHPI: chest pain resolved.\n' > "$T/in/more/e-note1.txt.new"
  cp "$T/in/more/e-note1.txt" "$T/$2.keep"
  mv "$T/in/more/e-note1.txt.new" "$T/in/more/e-note1.txt"
  "$WARD" --data "$T/$2" ingest --json --jobs "$1" "$T/in" >> "$T/$2.out" 2>> "$T/$2.err"
  echo "exit $?" >> "$T/$2.out"
  mv "$T/$2.keep" "$T/in/more/e-note1.txt"
}
dump() {
  sqlite3 "$T/$1/ward.db" <<'SQL'
SELECT 'patient', id, name, mrn, birth_date, sex, race, ethnicity, deceased_date, source FROM patients ORDER BY id;
SELECT 'resource', id, type, fhir_id, patient_id, encounter_id, code_system, code, display, status, effective,
       value_num, value_text, unit, derived, source_doc, span_start, span_end, json, hash FROM resources ORDER BY id;
SELECT 'document', id, patient_id, kind, title, date, author, author_role, source_format, source_id, resource_id,
       text, hash, source_key, version, superseded_at IS NULL FROM documents ORDER BY id;
SELECT 'chunk', * FROM chunks ORDER BY id;
SELECT 'concept', * FROM concepts ORDER BY id;
CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, 'chunks_fts', 'instance');
SELECT 'fts', * FROM temp.terms;
INSERT INTO chunks_fts(chunks_fts) VALUES('integrity-check');
SQL
}

run 1 one
run 4 four
contains "$T/one.out" '"documents":' "the run prints its counts"
check "some files failed, as they should (exit 2)" grep -qx "exit 2" "$T/one.out"
check "the errors name the bad files" [ "$(grep -c 'more/[abcd]-' "$T/one.err")" -ge 8 ]
check "the same counts and exit status with 4 jobs" cmp -s "$T/one.out" "$T/four.out"
check "the same errors in the same order with 4 jobs" cmp -s "$T/one.err" "$T/four.err"
dump one > "$T/one.dump"
dump four > "$T/four.dump"
check "the store holds rows" [ "$(grep -c '^chunk|' "$T/one.dump")" -gt 100 ]
check "facts were derived from notes" grep -q '^resource|.*|1|[0-9]' "$T/one.dump"
check "an edited note is a second version" [ "$(sqlite3 "$T/four/ward.db" "SELECT group_concat(version || (superseded_at IS NULL), ',') FROM documents WHERE source_key LIKE 'text:%e-note1.txt'")" = "10,21" ]
if cmp -s "$T/one.dump" "$T/four.dump"; then pass; else
  fail "stores differ between --jobs 1 and --jobs 4: $(diff "$T/one.dump" "$T/four.dump" | head -c 600)"
fi
expect_status 1 "--jobs 0 is refused" "$WARD" --data "$T/x" ingest --jobs 0 "$T/in/more"
contains "$T/err" "--jobs" "the message names the option"
finish
