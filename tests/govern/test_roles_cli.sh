# test_roles_cli.sh — WARD_ROLE and WARD_USER grant nothing: the CLI acts as
# the OS user (the data directory's owner), and WARD_ROLE can only narrow it.
# The case of issue 10: with WARD_ROLE=researcher, patients, show, search and
# drafts show give no names, MRNs or exact dates, and drafts cannot be
# approved. Roles without data access (admin, integration) read nothing.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/orchestrate/fixture.sh"
db() { store_sql "$1"; }
phi='Alice|Bob Example|Example returns|MRN00|1952-05-10|1980-11-02|2024-03-02'
# A draft whose text names the patient (as a letter would).
db "INSERT INTO drafts(id, task, patient_id, inputs, output, citations, backend, verification)
    VALUES (90, 'instructions', 'p1', '{\"question\":\"letter for Alice Example\"}',
    'Dear Alice Example (MRN001), your visit on 2024-03-02 went well.', '[]', 'extractive', '{}')"

# The owner sees everything (the baseline the narrowing is measured against).
"$WARD" patients > "$T/p.txt"; contains "$T/p.txt" "Alice Example" "owner sees names"
"$WARD" drafts show 90 > "$T/d.txt"; contains "$T/d.txt" "Alice Example" "owner sees the draft's names"

export WARD_ROLE=researcher
expect_status 0 "researcher: patients" "$WARD" patients --json
if grep -Eq "$phi" "$T/out"; then fail "researcher patients shows PHI: $(grep -Eo "$phi" "$T/out" | head -1)"; else pass; fi
contains "$T/out" '"birth_year": "1952"' "birth year kept"
anon=$(jq -r '.[] | select(.birth_year == "1952") | .id' "$T/out")
case "$anon" in anon-*) pass ;; *) fail "pseudonymous id: '$anon'" ;; esac
expect_status 0 "researcher: show by pseudonym" "$WARD" show "$anon"
if grep -Eq "$phi" "$T/out"; then fail "researcher show shows PHI"; else pass; fi
contains "$T/out" "diabetes" "the chart's clinical content is there"
expect_status 2 "researcher: show by real id is not found" "$WARD" show p1
expect_status 0 "researcher: search" "$WARD" search "diabetes follow-up" --json
if grep -Eq "$phi" "$T/out"; then fail "researcher search shows PHI: $(grep -Eo "$phi" "$T/out" | head -1)"; else pass; fi
contains "$T/out" "[NAME]" "names redacted in hits"
expect_status 0 "researcher: search one patient by pseudonym" "$WARD" search "diabetes" --patient "$anon"
if grep -Eq "$phi" "$T/out"; then fail "researcher patient search shows PHI"; else pass; fi
expect_status 0 "researcher: drafts show" "$WARD" drafts show 90 --json
if grep -Eq "$phi" "$T/out"; then fail "researcher drafts show shows PHI: $(grep -Eo "$phi" "$T/out" | head -1)"; else pass; fi
expect_status 0 "researcher: drafts versions" "$WARD" drafts versions 90 --json
if grep -Eq "$phi" "$T/out"; then fail "researcher drafts versions shows PHI: $(grep -Eo "$phi" "$T/out" | head -1)"; else pass; fi
expect_status 0 "researcher: drafts list" "$WARD" drafts
if grep -Eq "$phi|p1" "$T/out"; then fail "researcher drafts list shows PHI"; else pass; fi
expect_status 2 "researcher cannot approve" "$WARD" review 90 --approve
contains "$T/err" "not allowed" "approval refused"
check "draft still unreviewed" test "$(db "SELECT status FROM drafts WHERE id=90")" = draft
expect_status 2 "researcher cannot manage users" "$WARD" users add eve --role admin
WARD_USER=root WARD_ROLE=researcher "$WARD" review 90 --approve >/dev/null 2>&1
check "WARD_USER does not widen" test "$(db "SELECT status FROM drafts WHERE id=90")" = draft
check "denials audited" test "$(db "SELECT count(*) FROM audit WHERE outcome='denied' AND role='researcher'")" -ge 3

for r in admin integration; do
  WARD_ROLE=$r "$WARD" patients >/dev/null 2>&1; st=$?
  check "$r reads no patients" test $st = 2
  WARD_ROLE=$r "$WARD" search diabetes >/dev/null 2>&1; st=$?
  check "$r searches nothing" test $st = 2
done
WARD_ROLE=nurse "$WARD" review 90 --approve >/dev/null 2>&1
check "a nurse cannot approve" test "$(db "SELECT status FROM drafts WHERE id=90")" = draft
expect_status 1 "an unknown role is an error" env WARD_ROLE=superuser "$WARD" patients
unset WARD_ROLE
expect_status 0 "the owner approves" "$WARD" review 90 --approve
contains "$T/out" "by $(id -un)" "reviewer is the OS user"
expect_status 0 "chain intact" "$WARD" audit verify
finish
