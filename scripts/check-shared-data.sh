#!/usr/bin/env bash
# check-shared-data.sh — ingest the public sample data and check the result.
#
# Ingests every file in SHARED/synthea and SHARED/hl7v2 (default ../shared/data)
# into scratch stores under build/, then checks:
#   1. zero errors (exit status 0, nothing on stderr);
#   2. `ward stats --json` resource counts by type equal the resources in the
#      bundles — counted by distinct (resourceType, id), since the same
#      Organization or Practitioner appears in several bundles and is one
#      resource in the store;
#   3. every HL7 ADT message yields its patient: the id in PID-3 (the
#      repetition typed MR, else the first) is in `ward patients --json`.
# Prints no record content (PHI), only counts and file names.
#   scripts/check-shared-data.sh [SHARED_DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data}
# A git worktree sits one level deeper than the main clone.
[ -n "${1:-}" ] || [ -d "$DATA" ] || DATA=../../shared/data
make -s build >/dev/null
W=build/ward
OUT=build/check-shared
rm -rf "$OUT"; mkdir -p "$OUT"
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

for set in synthea hl7v2; do
  if "$W" --data "$OUT/$set" ingest -q "$DATA/$set" 2>"$OUT/$set.err"; then
    [ -s "$OUT/$set.err" ] && bad "$set: ingest printed errors: $(head -c 600 "$OUT/$set.err")"
  else
    bad "$set: ingest failed (exit $?): $(head -c 600 "$OUT/$set.err")"
  fi
done

"$W" --data "$OUT/synthea" stats --json > "$OUT/synthea.stats"
python3 - "$DATA/synthea" "$OUT/synthea.stats" <<'EOF' || fails=$((fails + 1))
import collections, glob, json, sys
want = collections.Counter()
seen = set()
entries = 0
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    for e in json.load(open(f)).get("entry", []):
        r = e["resource"]
        entries += 1
        if (r["resourceType"], r["id"]) not in seen:
            seen.add((r["resourceType"], r["id"]))
            want[r["resourceType"]] += 1
got = json.load(open(sys.argv[2]))["resources"]
diff = {t: (want.get(t, 0), got.get(t, 0)) for t in set(want) | set(got) if want.get(t, 0) != got.get(t, 0)}
print(f"synthea: {entries} bundle entries, {sum(want.values())} distinct resources, "
      f"{sum(got.values())} in the store, {len(want)} types")
if diff:
    print("FAIL: counts by type differ (bundles, store):", diff)
    sys.exit(1)
EOF

"$W" --data "$OUT/hl7v2" patients --json > "$OUT/hl7v2.patients"
python3 - "$DATA/hl7v2" "$OUT/hl7v2.patients" <<'EOF' || fails=$((fails + 1))
import glob, json, re, sys
ids = {p["id"] for p in json.load(open(sys.argv[2]))}
adt = missing = 0
for f in sorted(glob.glob(sys.argv[1] + "/*.hl7")):
    text = open(f, encoding="utf-8-sig").read()
    for msg in re.split(r"[\r\n]+(?=MSH)", text):
        segs = [s for s in re.split(r"[\r\n]+", msg) if s]
        if not segs or not segs[0].startswith("MSH"):
            continue
        fs = segs[0][3]
        cs, rs = segs[0][4], segs[0][5]
        msh = segs[0].split(fs)
        if len(msh) < 9 or not msh[8].startswith("ADT"):
            continue
        adt += 1
        pid = next((s.split(fs) for s in segs if s.startswith("PID" + fs)), None)
        reps = [r.split(cs) for r in pid[3].split(rs)] if pid and len(pid) > 3 else []
        mr = [r[0] for r in reps if len(r) > 4 and r[4] == "MR" and r[0]]
        want = mr[0] if mr else (reps[0][0] if reps and reps[0][0] else None)
        if want not in ids:
            missing += 1
            print(f"FAIL: {f.rsplit('/', 1)[-1]}: ADT patient (PID-3) not in ward patients")
print(f"hl7v2: {adt} ADT messages, {adt - missing} yield their patient; {len(ids)} patients in all")
sys.exit(1 if missing or not adt else 0)
EOF

if [ "$fails" = 0 ]; then echo "OK: shared data ingests with zero errors and matching counts"; else echo "$fails check(s) failed"; exit 1; fi
