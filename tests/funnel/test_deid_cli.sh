# test_deid_cli.sh — `ward deid` (redact, surrogate, --json byte offsets,
# stdin), its refusals (binary, invalid UTF-8, a 10 MB line) without quoting
# the text, `ward eval funnel` on a small cohort with truth files, and
# de-identified chunk text stored at ingest.
. "$WARD_TESTS/lib.sh"
js() { sqlite3 :memory: "SELECT json_extract(CAST(readfile('$1') AS TEXT), '$2')"; }

printf 'Café visit — Dr. Ada Okafor saw Mrs. Nguyen on 03/14/2024 for Parkinson disease.\nMRN: 00482913. Call 617-555-0142.\n' > "$T/note.txt"
expect_status 0 "deid redacts a file" "$WARD" deid "$T/note.txt"
contains "$T/out" "Dr. [NAME] saw Mrs. [NAME] on [DATE] for Parkinson disease." "names and date redacted, eponym kept"
contains "$T/out" "MRN: [MRN]. Call [PHONE]." "MRN and phone redacted"
"$WARD" deid < "$T/note.txt" > "$T/stdin.out"
check "stdin gives the same text" cmp -s "$T/out" "$T/stdin.out"

expect_status 0 "deid --json" "$WARD" deid --json "$T/note.txt"
cp "$T/out" "$T/j.json"
n=$(sqlite3 :memory: "SELECT json_array_length(CAST(readfile('$T/j.json') AS TEXT), '$.spans')")
check "json has 5 spans" test "$n" = 5
want="Ada Okafor|NAME Nguyen|NAME 03/14/2024|DATE 00482913|MRN 617-555-0142|PHONE"
got=""
for i in $(seq 0 $((n - 1))); do
  s=$(js "$T/j.json" "\$.spans[$i].start"); e=$(js "$T/j.json" "\$.spans[$i].end"); ty=$(js "$T/j.json" "\$.spans[$i].type")
  got="$got $(tail -c +$((s + 1)) "$T/note.txt" | head -c $((e - s)))|$ty"
done
check "byte offsets point at the identifiers (after multi-byte characters)" test "${got# }" = "$want"
check "json text is the redacted text" test "$(js "$T/j.json" '$.text')" = "$(cat "$T/stdin.out")"

"$WARD" deid --mode surrogate --patient p-1 "$T/note.txt" > "$T/s1"
"$WARD" deid --mode surrogate --patient p-1 "$T/note.txt" > "$T/s2"
"$WARD" deid --mode surrogate --patient p-2 "$T/note.txt" > "$T/s3"
check "surrogates are repeatable for a patient" cmp -s "$T/s1" "$T/s2"
check "surrogates differ across patients" test "$(cat "$T/s1")" != "$(cat "$T/s3")"
if grep -q "Okafor\|Nguyen\|00482913\|555-0142\|03/14/2024" "$T/s1"; then fail "surrogate text keeps an identifier"; else pass; fi
contains "$T/s1" "Parkinson disease" "surrogate mode keeps the eponym"

expect_status 1 "bad mode is a usage error" "$WARD" deid --mode scramble "$T/note.txt"
printf 'Mrs. Secretname\x00\x01binary' > "$T/bin"
expect_status 2 "binary input refused" "$WARD" deid "$T/bin"
contains "$T/err" "binary input (NUL byte at byte 15)" "binary input named with its offset"
printf 'Mrs. Secretname \xff\xfe\n' > "$T/latin"
expect_status 2 "invalid UTF-8 refused" "$WARD" deid "$T/latin"
contains "$T/err" "invalid UTF-8 at byte 16" "invalid UTF-8 named with its offset"
head -c 10000000 /dev/zero | tr '\0' 'a' > "$T/huge"
expect_status 2 "a 10 MB line refused" "$WARD" deid "$T/huge"
contains "$T/err" "line 1 is 10000000 bytes" "over-long line named"
if grep -q "Secretname" "$T/err"; then fail "errors quote the text"; else pass; fi
expect_status 0 "empty input is fine" "$WARD" deid /dev/null

# ward eval funnel on a cohort with truth files
mkdir -p "$T/cohort/notes"
printf -- '---\npatient: p-1\nkind: progress_note\n---\nSeen by Dr. Ada Okafor on 03/14/2024. Lasix 40 mg daily.\n' > "$T/cohort/notes/n1.txt"
printf '{"note":"n1","patient":"p-1","kind":"progress_note","phi":[{"start":12,"end":22,"type":"NAME","text":"Ada Okafor"},{"start":26,"end":36,"type":"DATE","text":"03/14/2024"}],"concepts":[]}\n' > "$T/cohort/notes/n1.truth.json"
printf -- '---\npatient: p-2\n---\nMRN 00123456. Call 617-555-0100.\n' > "$T/cohort/notes/n2.txt"
printf '{"note":"n2","patient":"p-2","phi":[{"start":4,"end":12,"type":"MRN","text":"00123456"},{"start":19,"end":31,"type":"PHONE","text":"617-555-0100"}]}\n' > "$T/cohort/notes/n2.truth.json"
expect_status 0 "eval funnel on a cohort" "$WARD" eval funnel --cohort "$T/cohort" --json
cp "$T/out" "$T/e.json"
check "two notes scored" test "$(js "$T/e.json" '$.notes')" = 2
check "recall 1 on the cohort" test "$(js "$T/e.json" '$.deid.token_recall')" = 1.0
check "precision 1 on the cohort" test "$(js "$T/e.json" '$.deid.token_precision')" = 1.0
check "no truth mismatches" test "$(js "$T/e.json" '$.truth_mismatches')" = 0
check "per-type recall" test "$(js "$T/e.json" '$.deid.per_type.PHONE.recall')" = 1.0
expect_status 0 "eval funnel prints a table" "$WARD" eval funnel --cohort "$T/cohort"
contains "$T/out" "token recall" "human-readable report"
expect_status 2 "missing cohort" "$WARD" eval funnel --cohort "$T/none"
mkdir -p "$T/badc/notes"
printf 'Mrs. Secretname\n' > "$T/badc/notes/b.txt"
printf '{"phi": [{"text": "Secretname" oops' > "$T/badc/notes/b.truth.json"
expect_status 2 "broken truth file" "$WARD" eval funnel --cohort "$T/badc"
contains "$T/err" "b.truth.json: not readable JSON at line 1" "broken truth file named with its place"
if grep -q "Secretname" "$T/err"; then fail "truth error quotes the file"; else pass; fi
expect_status 1 "eval needs a subcommand" "$WARD" eval
expect_status 1 "eval funnel needs a source" "$WARD" eval funnel

# ingest stores de-identified chunk text beside the original
mkdir -p "$T/in"
cp "$T/cohort/notes/n1.txt" "$T/in/"
expect_status 0 "ingest" "$WARD" ingest -q "$T/in"
check "deid_text stored without the name" test "$(sqlite3 "$WARD_DATA/ward.db" "SELECT count(*) FROM chunks WHERE deid_text LIKE '%[NAME]%' AND deid_text NOT LIKE '%Okafor%' AND CAST(text AS TEXT) LIKE '%Okafor%'")" = 1
# A chunk without identifiers stores NULL (the text is its own
# de-identified text); a researcher's search still shows both notes'
# text, de-identified.
printf -- '---\npatient: p-3\nkind: progress_note\n---\nTremor improved on carbidopa levodopa. Continue current dose.\n' > "$T/in/n3.txt"
expect_status 0 "ingest a note without identifiers" "$WARD" ingest -q "$T/in"
check "deid_text NULL only where it equals the text" test "$(sqlite3 "$WARD_DATA/ward.db" "SELECT count(*) FROM chunks WHERE deid_text IS NULL AND CAST(text AS TEXT) LIKE '%carbidopa%'"),$(sqlite3 "$WARD_DATA/ward.db" "SELECT count(*) FROM chunks WHERE deid_text IS NULL AND CAST(text AS TEXT) LIKE '%Okafor%'")" = 1,0
export WARD_ROLE=researcher
expect_status 0 "researcher: search both notes" "$WARD" search "Lasix OR carbidopa" --json
contains "$T/out" "Tremor improved on carbidopa levodopa" "researcher search shows the note without identifiers"
contains "$T/out" "Seen by Dr. [NAME] on [DATE]" "researcher search shows the note with identifiers, de-identified"
if grep -q "Okafor\|03/14/2024" "$T/out"; then fail "researcher search shows PHI"; else pass; fi
expect_status 0 "researcher: patients" "$WARD" patients --json
: > "$T/shown"
for anon in $(jq -r '.[].id' "$T/out"); do "$WARD" show "$anon" >> "$T/shown"; done
contains "$T/shown" "(document title withheld)" "researcher show lists the notes (show prints no note text)"
if grep -q "Okafor\|03/14/2024" "$T/shown"; then fail "researcher show shows PHI"; else pass; fi
unset WARD_ROLE
finish
