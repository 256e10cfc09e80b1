# test_web.sh — the web workspace end to end in headless Chromium (Debian's
# `chromium`), driven by Playwright (`playwright-core` from npm, no browser
# download) against a real `ward serve` on a 200-patient synthetic cohort.
# flows.cjs runs the flows of issue 11 (sign-in, chart, ask and a cited
# span, visit note with line<->turn links, edit and approve, researcher,
# patient, break-the-glass and the audit view), axe-core on every screen,
# at 1280 px and at phone width, and measures a chart's first paint.
# Screenshots go to build/web-shots (docs/ui.md shows some of them).
# The npm packages are installed once into ~/.cache/ward/npm-web
# (scripts/setup.sh does it; this test does it too when they are missing).
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/server/server_lib.sh"
NPMDIR=${WARD_NPM_WEB:-$HOME/.cache/ward/npm-web}
CHROMIUM=${WARD_CHROMIUM:-$(command -v chromium || true)}
[ -n "$CHROMIUM" ] || { fail "Debian's chromium is not installed (scripts/setup.sh installs it)"; finish; }
if [ ! -f "$NPMDIR/node_modules/playwright-core/package.json" ] || [ ! -f "$NPMDIR/node_modules/axe-core/axe.min.js" ]; then
  mkdir -p "$NPMDIR"
  npm install --prefix "$NPMDIR" --no-audit --no-fund --silent playwright-core@1 axe-core@4 >/dev/null 2>&1 ||
    { fail "npm install playwright-core axe-core"; finish; }
fi

# The cohort: 200 patients, as `make demo` makes it.
C="$T/cohort"
"$WARD" init >/dev/null || fail "init"
"$WARD" synth --patients 200 --seed 42 --years 5 --out "$C" >/dev/null || fail "synth"
"$WARD" ingest -q "$C" "$WARD_SRC/examples/literature" >/dev/null || fail "ingest"
echo "cohort ready in ${SECONDS}s"

# Patients: a diabetic with A1c results (ask, trends), one with a visit
# transcript (note), one outside the care team (break-the-glass).
DIAB=$(jq -r 'select(.deceased_date == null and any(.conditions[]; .name == "type 2 diabetes")) | .patient' "$C/patients.jsonl" | head -1)
TRANSCRIPT=$(grep -l '^kind: transcript' "$C"/notes/*.txt | head -1)
TPAT=$(sed -n 's/^patient: //p' "$TRANSCRIPT" | head -1)
OUTSIDE=$(jq -r --arg a "$DIAB" --arg b "$TPAT" 'select(.patient != $a and .patient != $b) | .patient' "$C/patients.jsonl" | head -1)
[ -n "$DIAB" ] && [ -n "$TPAT" ] && [ -n "$OUTSIDE" ] || fail "cohort has no diabetic / transcript patient"
awk 'n >= 2 { print } /^---$/ { n++ }' "$TRANSCRIPT" > "$T/transcript.txt"   # the body, past the header

PW=correct-horse-battery
add_user() { printf '%s\n' "$PW" | "$WARD" users add "$@" --password-stdin >/dev/null || fail "users add $1"; }
add_user drwho --role clinician
add_user nurse1 --role nurse
add_user rs1 --role researcher
add_user ad1 --role admin
add_user pt1 --role patient --patient "$DIAB"
for p in "$DIAB" "$TPAT" $(jq -r '.patient' "$C/patients.jsonl" | grep -v -e "$OUTSIDE" | sed -n 1,20p); do
  "$WARD" care-team add drwho "$p" >/dev/null || fail "care-team add"
  "$WARD" care-team add nurse1 "$p" >/dev/null || fail "care-team add"
done
TEAM_N=$( { echo "$DIAB"; echo "$TPAT"; jq -r '.patient' "$C/patients.jsonl" | grep -v -e "$OUTSIDE" | sed -n 1,20p; } | sort -u | wc -l)
"$WARD" patients --json | jq -r '.[].name' > "$T/names.txt"

start_server || exit 1

# The workspace's files and routes over plain HTTP first: headers, and
# nothing of a patient outside scope through the routes the UI added.
curl -s -D "$T/h" -o "$T/index" "$URL/" >/dev/null
contains "$T/h" "Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'" "CSP on /"
contains "$T/h" "text/html" "index content type"
contains "$T/index" '<script type="module" src="/js/app.js">' "index.html served at /"
grep -qi '<script>' "$T/index" && fail "inline script in index.html" || pass
ETAG=$(sed -n 's/^ETag: //Ip' "$T/h" | tr -d '\r')
expect_http 304 "ETag revalidation" GET / -H "If-None-Match: $ETAG"
curl -s -D "$T/h" -o /dev/null "$URL/js/app.js"
contains "$T/h" "text/javascript" "JS content type"
expect_http 404 "unknown file" GET /nope.js
expect_http 401 "session without identity" GET /api/v1/session
tok() { "$WARD" tokens create "$1" --json | jq -r .token; }
DR="Authorization: Bearer $(tok drwho)" RS="Authorization: Bearer $(tok rs1)"
AD="Authorization: Bearer $(tok ad1)" PT="Authorization: Bearer $(tok pt1)"
DB="$WARD_DATA/ward.db"
ODOC=$(sqlite3 "$DB" "SELECT id FROM documents WHERE patient_id='$OUTSIDE' LIMIT 1")
ORES=$(sqlite3 "$DB" "SELECT id FROM resources WHERE patient_id='$OUTSIDE' AND type='Condition' LIMIT 1")
DDOC=$(sqlite3 "$DB" "SELECT id FROM documents WHERE patient_id='$DIAB' LIMIT 1")
DRES=$(sqlite3 "$DB" "SELECT id FROM resources WHERE patient_id='$DIAB' AND type='Condition' LIMIT 1")
LIT=$(sqlite3 "$DB" "SELECT id FROM documents WHERE patient_id IS NULL LIMIT 1")
expect_http 200 "clinician: own patient's document" GET "/api/v1/documents/$DDOC" -H "$DR"
expect_http 404 "clinician: a document outside the care team" GET "/api/v1/documents/$ODOC" -H "$DR"
expect_http 404 "clinician: a record's source outside the care team" GET "/api/v1/resources/$ORES/source" -H "$DR"
expect_http 200 "clinician: a record's source" GET "/api/v1/resources/$DRES/source" -H "$DR"
jq -e '.doc > 0 and (.ref | startswith("Condition/"))' "$T/body" >/dev/null && pass || fail "source: $(cat "$T/body")"
expect_http 404 "clinician: trends outside the care team" GET "/api/v1/patients/$OUTSIDE/trends" -H "$DR"
expect_http 200 "clinician: trends" GET "/api/v1/patients/$DIAB/trends" -H "$DR"
jq -e 'any(.[]; .code == "4548-4" and (.points | length) >= 2)' "$T/body" >/dev/null && pass || fail "no A1c series"
expect_http 403 "clinician: admin users" GET /api/v1/admin/users -H "$DR"
expect_http 404 "researcher: a patient's document" GET "/api/v1/documents/$DDOC" -H "$RS"
expect_http 200 "researcher: the literature" GET "/api/v1/documents/$LIT" -H "$RS"
expect_http 403 "researcher: a record's source" GET "/api/v1/resources/$DRES/source" -H "$RS"
expect_http 403 "admin: a document" GET "/api/v1/documents/$DDOC" -H "$AD"
expect_http 200 "admin: users and tokens" GET /api/v1/admin/users -H "$AD"
jq -e --arg p "$DIAB" '(.users | length) == 5 and (.tokens | length) == 4 and ([.. | strings] | all(. != $p))' "$T/body" >/dev/null &&
  pass || fail "admin users: $(head -c 300 "$T/body")"
expect_http 200 "admin: reports" GET /api/v1/admin/reports -H "$AD"
jq -e 'has("monitor") and has("card")' "$T/body" >/dev/null && pass || fail "reports: $(head -c 300 "$T/body")"
expect_http 403 "clinician: reports" GET /api/v1/admin/reports -H "$DR"
expect_http 200 "admin: audit verify" GET /api/v1/audit/verify -H "$AD"
jq -e '.verified == true and .events > 0' "$T/body" >/dev/null && pass || fail "audit verify: $(cat "$T/body")"
expect_http 200 "patient: own trends" GET "/api/v1/patients/$DIAB/trends" -H "$PT"
expect_http 404 "patient: another's document" GET "/api/v1/documents/$ODOC" -H "$PT"
expect_http 404 "patient: another's record source" GET "/api/v1/resources/$ORES/source" -H "$PT"
expect_http 200 "session of a token" GET /api/v1/session -H "$PT"
jq -e --arg p "$DIAB" '.role == "patient" and .patient_id == $p and (has("csrf_token") | not)' "$T/body" >/dev/null &&
  pass || fail "session: $(cat "$T/body")"

SHOTS="$WARD_BUILD/web-shots"
mkdir -p "$SHOTS"
if NODE_PATH="$NPMDIR/node_modules" WARD_CHROMIUM="$CHROMIUM" WEB_URL="$URL" WEB_PW="$PW" WEB_SHOTS="$SHOTS" \
   WEB_DIAB="$DIAB" WEB_TPAT="$TPAT" WEB_OUTSIDE="$OUTSIDE" WEB_TEAM_N="$TEAM_N" WEB_TRANSCRIPT="$T/transcript.txt" \
   WEB_NAMES="$T/names.txt" WEB_AXE="$NPMDIR/node_modules/axe-core/axe.min.js" WEB_RESULT="$T/result.json" \
   node "$WARD_TESTS/web/flows.cjs" > "$T/flows.log" 2>&1; then pass; else fail "browser flows"; tail -25 "$SLOG"; fi
cat "$T/flows.log"
echo "browser flows done at ${SECONDS}s"

# What the browser did is in the store: the approved text and its diff,
# break-the-glass in the audit chain, which still verifies.
DRAFT=$(jq -r '.note_draft // empty' "$T/result.json" 2>/dev/null)
if [ -n "$DRAFT" ]; then
  "$WARD" drafts show "$DRAFT" --json > "$T/draft.json" 2>/dev/null || fail "drafts show $DRAFT"
  [ "$(jq -r .status "$T/draft.json")" = edited ] && pass || fail "note draft $DRAFT is not stored as edited"
  jq -r .final_text "$T/draft.json" | grep -q "Edited in the browser test" && pass || fail "edited text not stored"
  [ "$(jq -r .output "$T/draft.json")" != "$(jq -r .final_text "$T/draft.json")" ] && pass || fail "draft output and final text are the same (no diff kept)"
  [ "$(jq -r .reviewer "$T/draft.json")" = drwho ] && pass || fail "reviewer is not drwho"
  "$WARD" drafts versions "$DRAFT" --json > "$T/versions.json" 2>/dev/null || fail "drafts versions $DRAFT"
  jq -r '.[-1].diff' "$T/versions.json" | grep -q '^+- Edited in the browser test' && pass ||
    fail "the stored diff lacks the edit: $(head -c 300 "$T/versions.json")"
  [ "$(jq -r '.[-1].author' "$T/versions.json")" = drwho ] && pass || fail "the edit's author is not drwho"
else
  fail "the flows gave no note draft id"
fi
"$WARD" audit export --fhir > "$T/audit.ndjson" 2>/dev/null
grep '"btg_start"' "$T/audit.ndjson" | grep -q "$OUTSIDE" && pass || fail "break-the-glass not in the audit log"
check "audit chain verifies" "$WARD" audit verify
check "SIGTERM exits 0" stop_server
finish
