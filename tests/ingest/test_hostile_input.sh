# test_hostile_input.sh — records that used to be stored wrong without a
# word (issue 15): a number no double holds (1e-400 read as 0, then shown as
# "A1c 0 %") is refused naming the record and the field, in FHIR and in
# HL7 v2; a resource whose patient field holds no reference (null, {}, a
# number) is reported instead of stored as nobody's. The rest of each file
# goes in.
. "$WARD_TESTS/lib.sh"
q() { sqlite3 "$WARD_DATA/ward.db" "$1"; }
"$WARD" init >/dev/null

P='{"resourceType":"Patient","id":"p1","name":[{"family":"Quill","given":["Ada"]}]}'
obs() {   # obs ID VALUE: an A1c Observation for p1
  printf '{"resourceType":"Observation","id":"%s","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"Hemoglobin A1c"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-03-02","valueQuantity":{"value":%s,"unit":"%%"}}\n' "$1" "$2"
}
{ echo "$P"; obs a1c-tiny 1e-400; obs a1c-ok 8.1; obs a1c-small 0.5e-3; obs a1c-zero 0.0e-999; } > "$T/obs.ndjson"
expect_status 2 "an underflowing value fails its record" "$WARD" ingest "$T/obs.ndjson"
contains "$T/err" "obs.ndjson: record 2: field 'valueQuantity.value'" "the record and field are named"
contains "$T/err" "too small" "the reason is given"
check "the underflowing record is not stored" [ "$(q "SELECT count(*) FROM resources WHERE fhir_id='a1c-tiny'")" = 0 ]
check "the rest of the file is stored" [ "$(q "SELECT group_concat(fhir_id || '=' || value_num, ' ') FROM (SELECT * FROM resources WHERE type='Observation' ORDER BY fhir_id)")" = "a1c-ok=8.1 a1c-small=0.0005 a1c-zero=0.0" ]
if grep -q "8.1" "$T/err"; then fail "a value is quoted in the message"; else pass; fi

# The same inside a Bundle: the entry is named, its neighbours go in.
cat > "$T/bundle.json" <<EOF
{"resourceType":"Bundle","type":"collection","entry":[{"resource":$P},{"resource":$(obs b-tiny -2.5E-401)},{"resource":$(obs b-ok 6.4)}]}
EOF
expect_status 2 "an underflow inside a Bundle" "$WARD" ingest "$T/bundle.json"
contains "$T/err" "bundle.json: record 2: field 'valueQuantity.value'" "the Bundle entry is named"
check "the Bundle's other entry is stored" [ "$(q "SELECT count(*) FROM resources WHERE fhir_id IN ('b-ok','b-tiny')")" = 1 ]

# HL7 v2: an NM result out of range fails its message, naming OBX-5.
printf 'MSH|^~\\&|LAB|GH|WARD|WARD|20240610083000||ORU^R01|M1|P|2.5.1\rPID|1||MRN-9^^^GH^MR||Doe^J||19481102|M\rOBR|1||L1|4548-4^A1c^LN|||20240610080000\rOBX|1|NM|4548-4^Hemoglobin A1c^LN||1e-400|%%|||||F\r' > "$T/tiny.hl7"
printf 'MSH|^~\\&|LAB|GH|WARD|WARD|20240610083000||ORU^R01|M2|P|2.5.1\rPID|1||MRN-9^^^GH^MR||Doe^J||19481102|M\rOBR|1||L1|4548-4^A1c^LN|||20240610080000\rOBX|1|NM|4548-4^Hemoglobin A1c^LN||7.2|%%|||||F\r' > "$T/ok.hl7"
expect_status 2 "an HL7 value out of range" "$WARD" ingest "$T/tiny.hl7" "$T/ok.hl7"
contains "$T/err" "tiny.hl7: record 1" "the message is named"
contains "$T/err" "OBX-5" "the field is named"
check "no zero A1c is stored" [ "$(q "SELECT count(*) FROM resources WHERE type='Observation' AND value_num=0 AND fhir_id LIKE 'hl7%'")" = 0 ]
check "the good message is stored" [ "$(q "SELECT count(*) FROM resources WHERE type='Observation' AND value_num=7.2")" = 1 ]

# Orphans: a patient field with no reference in it.
cond() { printf '{"resourceType":"Condition","id":"%s","code":{"text":"asthma"},"subject":%s}\n' "$1" "$2"; }
{ cond c-null null; cond c-empty '{}'; cond c-num 42; cond c-ok '{"reference":"Patient/p1"}'; } > "$T/orphans.ndjson"
expect_status 2 "orphan records are reported" "$WARD" ingest "$T/orphans.ndjson"
for r in 1 2 3; do contains "$T/err" "orphans.ndjson: record $r: field 'subject' holds no reference" "orphan record $r reported"; done
check "orphans are not stored" [ "$(q "SELECT count(*) FROM resources WHERE type='Condition' AND patient_id IS NULL")" = 0 ]
check "the referenced condition is stored" [ "$(q "SELECT patient_id FROM resources WHERE fhir_id='c-ok'")" = p1 ]
# The walk: links to ".." (twice) must not loop nor read a file again; a
# FIFO and a link to /dev/zero are reported, never read; a large binary
# file is turned down from its first bytes.
mkdir -p "$T/tree/a/b"
printf -- '---\npatient: p1\ndate: 2024-05-01\n---\nPLAN: recheck A1c in three months.\n' > "$T/tree/a/b/note.txt"
ln -s .. "$T/tree/a/b/up"
ln -s ../.. "$T/tree/a/b/upup"
ln -s "$T/tree/a/b/note.txt" "$T/tree/again.txt"
mkfifo "$T/tree/pipe"
ln -s /dev/zero "$T/tree/zero"
head -c 3000000 /dev/urandom > "$T/tree/blob.txt"
printf '\0' | dd of="$T/tree/blob.txt" bs=1 seek=100 conv=notrunc 2>/dev/null
timeout 60 "$WARD" ingest "$T/tree" >"$T/out" 2>"$T/err"
check "the walk ends and fails for the odd files ($?)" [ -s "$T/out" ]
contains "$T/out" "Ingested 2 files" "the note is read once (one more file: the binary, refused)"
contains "$T/err" "tree/pipe: a FIFO, not a regular file" "the FIFO is reported"
contains "$T/err" "tree/zero: a character device, not a regular file" "the /dev/zero link is reported"
contains "$T/err" "blob.txt: binary or unknown format" "the binary file is refused"
check "one note stored" [ "$(q "SELECT count(*) FROM documents WHERE kind='note'")" = 1 ]
# The FIFO and the device hold no record: they count as files that failed,
# not as records (the binary file is read and refused, its record failed).
timeout 60 "$WARD" --json --data "$T/counts" ingest "$T/tree" "$T/missing" >"$T/json" 2>/dev/null
contains "$T/json" '"records_failed": 1,' "paths that hold no record fail no record"
contains "$T/json" '"files_failed": 4,' "the FIFO, the device, the missing path and the binary file failed"
mkfifo "$T/pipe2"
"$WARD" --data "$T/counts3" ingest "$T/missing" "$T/pipe2" >"$T/out" 2>/dev/null
contains "$T/out" "2 files had errors (listed above)" "the summary names files only"
# A directory that cannot be listed (only without root: root lists any).
if [ "$(id -u)" != 0 ]; then
  mkdir -p "$T/locked/in" && chmod 000 "$T/locked/in"
  "$WARD" --json --data "$T/counts2" ingest "$T/locked" >"$T/json" 2>"$T/err"
  chmod 700 "$T/locked/in"
  contains "$T/err" "locked/in: cannot read directory" "the directory is named"
  contains "$T/json" '"records_failed": 0,' "an unreadable directory is no failed record"
else
  pass; pass
fi
finish
