# test_audit.sh — accesses are audited, and any edit to the log is detected.
. "$WARD_TESTS/lib.sh"
mkdir -p "$T/in"
printf -- '---\npatient: a-1\n---\nChest pain, resolved.\n' > "$T/in/n.txt"
"$WARD" ingest -q "$T/in"
WARD_USER=drsmith WARD_ROLE=physician "$WARD" show a-1 >/dev/null
"$WARD" search chest --patient a-1 >/dev/null
"$WARD" show nobody >/dev/null 2>&1
expect_status 0 "audit lists events" "$WARD" audit --json
contains "$T/out" '"actor": "drsmith"' "actor recorded"
contains "$T/out" '"role": "physician"' "role recorded"
contains "$T/out" '"action": "search"' "search audited"
contains "$T/out" '"outcome": "not_found"' "failed access audited"
expect_status 0 "chain verifies" "$WARD" audit verify
contains "$T/out" "intact: 4 events" "four events"
if grep -q "Chest pain" "$WARD_DATA/ward.db" 2>/dev/null && sqlite3 "$WARD_DATA/ward.db" "SELECT * FROM audit" | grep -qi "chest"; then
  fail "audit rows contain note text"; else pass; fi
sqlite3 "$WARD_DATA/ward.db" "UPDATE audit SET actor='mallory' WHERE id=2"
expect_status 2 "edited event detected" "$WARD" audit verify
contains "$T/err" "broken at event 2" "first bad event named"
sqlite3 "$WARD_DATA/ward.db" "UPDATE audit SET actor='drsmith' WHERE id=2; DELETE FROM audit WHERE id=3"
expect_status 2 "deleted event detected" "$WARD" audit verify
contains "$T/err" "broken at event 4" "gap found"
finish
