# test_text_input.sh — notes and literature, front matter, and the bad inputs
# any format can bring: empty files, invalid UTF-8, binary data, unreadable
# files in a directory, broken front matter. Each is reported with its file
# name, leaves the store unchanged for that file, and the rest goes in.
. "$WARD_TESTS/lib.sh"
count() { sqlite3 "$WARD_DATA/ward.db" "$1"; }

mkdir -p "$T/in/sub"
printf -- '---\npatient: p-1\ndate: 03/14/2024\nkind: progress_note\ntitle: Follow up\nauthor: Dr Who\n---\nHPI: Chest pain for two days.\n\nPLAN:\nStart aspirin 81 mg daily.\n' > "$T/in/sub/note.txt"
printf 'Metformin is first-line therapy for type 2 diabetes.\n' > "$T/in/guideline.md"
expect_status 0 "good notes ingest" "$WARD" ingest "$T/in"
check "note stored with patient, normalized date and kind" \
  test "$(count "SELECT patient_id||'|'||date||'|'||kind||'|'||author FROM documents WHERE title='Follow up'")" = "p-1|2024-03-14|progress_note|Dr Who"
check "literature has no patient" test "$(count "SELECT count(*) FROM documents WHERE kind='article' AND patient_id IS NULL")" = 1
body_off=$(count "SELECT instr(text,'Chest') FROM documents WHERE title='Follow up'")
check "offsets count from the body, not the front matter" test "$body_off" = 6
check "chunk text equals the document span it cites" \
  test "$(count "SELECT count(*) FROM chunks c JOIN documents d ON d.id=c.document_id WHERE substr(CAST(d.text AS BLOB), c.start+1, c.end-c.start) <> CAST(c.text AS BLOB)")" = 0
check "PLAN section named" test "$(count "SELECT count(*) FROM chunks WHERE section='PLAN'")" = 1
before=$(count "SELECT count(*) FROM documents")/$(count "SELECT count(*) FROM chunks")

expect_status 0 "re-ingest is a no-op" "$WARD" ingest "$T/in"
check "nothing duplicated" test "$(count "SELECT count(*) FROM documents")/$(count "SELECT count(*) FROM chunks")" = "$before"

mkdir -p "$T/bad"
: > "$T/bad/empty.txt"
printf 'Patient has \xff\xfe bad bytes\n' > "$T/bad/latin.txt"
printf '\x00\x01\x02binary\x00' > "$T/bad/blob.bin"
printf -- '---\npatient: p-2\ndate: not a date\n---\nText\n' > "$T/bad/baddate.txt"
printf -- '---\npatient: p-2\ntitle: never closed\nText\n' > "$T/bad/unclosed.txt"
printf 'Unreadable note.\n' > "$T/bad/secret.txt"; chmod 000 "$T/bad/secret.txt"
printf -- '---\npatient: p-3\n---\nGood note among bad ones: hemoglobin A1c 8.1 percent.\n' > "$T/bad/good.txt"
expect_status 2 "bad batch exits 2" "$WARD" ingest "$T/bad"
contains "$T/err" "empty.txt: empty file" "empty file named"
contains "$T/err" "latin.txt: invalid UTF-8 at byte 12" "invalid UTF-8 named with offset"
contains "$T/err" "blob.bin: binary" "binary input named"
contains "$T/err" "baddate.txt: line 3: front matter field 'date'" "bad date named with line"
contains "$T/err" "unclosed.txt" "unclosed front matter named"
if [ "$(id -u)" != 0 ]; then contains "$T/err" "secret.txt: cannot open" "unreadable file named"; else pass; fi
check "the good file still went in" test "$(count "SELECT count(*) FROM documents WHERE patient_id='p-3'")" = 1
check "bad files left nothing" test "$(count "SELECT count(*) FROM documents WHERE patient_id='p-2'")" = 0
if grep -q "bad bytes\|Unreadable note\|never closed" "$T/err"; then fail "error messages quote file contents"; else pass; fi

# A single 50 MB line of text: refused or stored, never a crash; the store stays sound.
head -c 50000000 /dev/zero | tr '\0' 'a' > "$T/huge.txt"
"$WARD" ingest -q "$T/huge.txt" >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" = 0 ] || [ "$rc" = 2 ] && pass || fail "50 MB line: exit $rc"
check "store sound after 50 MB line" test "$(count "PRAGMA integrity_check")" = ok
expect_status 1 "ingest with no path is a usage error" "$WARD" ingest
expect_status 2 "missing path is reported" "$WARD" ingest "$T/nope"
contains "$T/err" "nope: cannot access" "missing path named"
finish
