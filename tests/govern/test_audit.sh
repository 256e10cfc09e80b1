# test_audit.sh — accesses are audited as the OS user, and every kind of
# tampering with the log is detected: an edited row, an edited row with the
# whole chain recomputed, a deleted row, the last rows deleted, all rows
# deleted, the head checkpoint or the key altered or removed, one of the
# head's two slots damaged.
. "$WARD_TESTS/lib.sh"
me=$(id -un)
db() { sqlite3 "$WARD_DATA/ward.db" "$1"; }
mkdir -p "$T/in"
printf -- '---\npatient: a-1\n---\nChest pain, resolved.\n' > "$T/in/n.txt"
"$WARD" ingest -q "$T/in"
WARD_USER=drsmith "$WARD" show a-1 >/dev/null
"$WARD" search chest --patient a-1 >/dev/null
"$WARD" show nobody >/dev/null 2>&1
"$WARD" patients >/dev/null
"$WARD" search pain >/dev/null
expect_status 0 "audit lists events" "$WARD" audit --json
contains "$T/out" "\"actor\": \"$me\"" "the OS user is the actor"
if grep -q drsmith "$T/out"; then fail "WARD_USER became the actor"; else pass; fi
contains "$T/out" '"role": "operator"' "the CLI's role"
contains "$T/out" '"action": "search"' "search audited"
contains "$T/out" '"action": "patients"' "patients audited"
contains "$T/out" '"outcome": "not_found"' "failed access audited"
expect_status 0 "chain verifies" "$WARD" audit verify
contains "$T/out" "intact: 6 events" "six events"
if db "SELECT * FROM audit" | grep -qi "chest"; then fail "audit rows contain note text"; else pass; fi
check "key and head are owner-only" test "$(stat -c %a "$WARD_DATA/audit.key") $(stat -c %a "$WARD_DATA/audit.head")" = "600 600"

# FHIR R4 AuditEvent NDJSON: one valid resource per line, BALP's elements.
expect_status 0 "FHIR export" "$WARD" audit export --fhir
check "one line per event (and the export itself)" test "$(wc -l < "$T/out")" = 7
check "every line is an AuditEvent with the required elements" test "$(jq -c 'select(.resourceType == "AuditEvent"
  and (.type.system | startswith("http://dicom.nema.org")) and (.action | test("^[CRUDE]$"))
  and (.outcome | test("^(0|4|8|12)$")) and (.recorded | test("^[0-9]{4}-")) and .period.start != null
  and (.agent | length) >= 1 and .agent[0].requestor == true and .agent[0].who.identifier.value != null
  and .source.observer.display == "Ward")' "$T/out" | wc -l)" = 7
check "patient reads name the patient entity" test "$(jq -c 'select(.subtype[0].code == "show" and .outcome == "0") | .entity[0].what.reference' "$T/out")" = '"Patient/a-1"'
check "failures are outcome 4" test "$(jq -c 'select(.outcomeDesc == "not_found") | .outcome' "$T/out")" = '"4"'
expect_status 0 "FHIR export since an event" "$WARD" audit export --fhir --since 6
check "--since" test "$(jq -r .id "$T/out" | head -1)" = ward-audit-6
check "the export is audited" test "$(db "SELECT count(*) FROM audit WHERE action='audit_export'")" = 2
expect_status 0 "chain verifies after exports" "$WARD" audit verify

cp "$WARD_DATA/ward.db" "$T/good.db"
restore() { cp "$T/good.db" "$WARD_DATA/ward.db"; rm -f "$WARD_DATA/ward.db-wal" "$WARD_DATA/ward.db-shm"; }

# 1. One field edited.
db "UPDATE audit SET actor='mallory' WHERE id=2"
expect_status 2 "edited event detected" "$WARD" audit verify
contains "$T/err" "broken at event 2" "first bad event named"
restore

# 2. Edited, and every hash after it recomputed the way an unkeyed chain
#    would be (BLAKE2b-256 of the fields, as Ward's log once was).
db "UPDATE audit SET actor='mallory' WHERE id=2"
prev=$(db "SELECT hash FROM audit WHERE id=1")
for id in $(db "SELECT id FROM audit WHERE id >= 2 ORDER BY id"); do
  fields=$(db "SELECT ts||char(31)||actor||char(31)||role||char(31)||action||char(31)||coalesce(patient_id,'')||char(31)||coalesce(resources,'')||char(31)||outcome FROM audit WHERE id=$id")
  h=$(printf '%s\037%s' "$prev" "$fields" | b2sum -l 256 | cut -d' ' -f1)
  db "UPDATE audit SET prev_hash='$prev', hash='$h' WHERE id=$id"
  prev=$h
done
expect_status 2 "edit with the chain recomputed detected" "$WARD" audit verify
contains "$T/err" "broken at event 2" "recomputed chain named"
restore

# 3. A row in the middle deleted.
db "DELETE FROM audit WHERE id=3"
expect_status 2 "deleted event detected" "$WARD" audit verify
contains "$T/err" "broken at event 4" "gap found"
restore

# 4. The last rows deleted, then more activity: still detected.
db "DELETE FROM audit WHERE id >= 5"
expect_status 2 "tail truncation detected" "$WARD" audit verify
contains "$T/err" "truncated" "truncation named"
"$WARD" patients >/dev/null
expect_status 2 "truncation stays detected after new events" "$WARD" audit verify
restore

# 5. Every row deleted.
db "DELETE FROM audit"
expect_status 2 "empty log detected" "$WARD" audit verify
contains "$T/err" "log is empty" "empty log named"
restore

# 6. The head checkpoint edited, then removed; the key removed.
cp "$WARD_DATA/audit.head" "$T/head"
sed -i 's/^last .*/last 3/' "$WARD_DATA/audit.head"
expect_status 2 "edited head detected" "$WARD" audit verify
contains "$T/err" "altered" "head alteration named"
rm "$WARD_DATA/audit.head"
expect_status 2 "missing head detected" "$WARD" audit verify
cp "$T/head" "$WARD_DATA/audit.head"
mv "$WARD_DATA/audit.key" "$T/key"
expect_status 2 "missing key detected" "$WARD" audit verify
expect_status 2 "no access without an audit key" "$WARD" patients
mv "$T/key" "$WARD_DATA/audit.key"
expect_status 0 "restored log verifies" "$WARD" audit verify

# 7. The head is two slots of 512 bytes written in turn (in place); the
#    newer names the last event. A damaged slot (an edit, or a crash that
#    tore its write) is named even while the other still verifies; the
#    next append rewrites the older slot. The newer slot damaged and the
#    events after the older one deleted: still found.
slot_last() { dd if="$WARD_DATA/audit.head" bs=512 skip="$1" count=1 2>/dev/null | sed -n 's/^last //p'; }
damage() { printf 'torn' | dd of="$WARD_DATA/audit.head" bs=1 seek=$(($1 * 512 + 30)) conv=notrunc 2>/dev/null; }
s0=$(slot_last 0) s1=$(slot_last 1)
check "both slots hold a head" test -n "$s0" -a -n "$s1"
if [ "${s0:-0}" -gt "${s1:-0}" ]; then new=0 old=1 older=$s1; else new=1 old=0 older=$s0; fi
check "the newer slot names the last event" test "$(slot_last $new)" = "$(db "SELECT max(id) FROM audit")"
damage $old
expect_status 2 "damaged older slot detected" "$WARD" audit verify
contains "$T/err" "altered" "damaged slot named"
"$WARD" patients >/dev/null
expect_status 0 "the next append rewrites the damaged slot" "$WARD" audit verify
check "it now names the last event" test "$(slot_last $old)" = "$(db "SELECT max(id) FROM audit")"
cp "$T/head" "$WARD_DATA/audit.head"
damage $new
db "DELETE FROM audit WHERE id > $older"
expect_status 2 "newer slot damaged and the tail deleted: detected" "$WARD" audit verify
contains "$T/err" "altered" "damage named"
finish
