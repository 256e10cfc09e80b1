#!/usr/bin/env bash
# seeds.sh — builds each fuzz target's seed corpus from the test fixtures
# and examples, plus a small `ward synth` run and the index writer's files.
#
#   fuzz/seeds.sh BUILD_DIR        writes BUILD_DIR/fuzz-seeds/<target>/
#
# Seeds larger than MAX (16 KB) are left out: the targets run with inputs of
# that size at most, and small seeds keep executions fast.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "$1" && pwd)
OUT=$B/fuzz-seeds
MAX=16384
rm -rf "$OUT"
mkdir -p "$OUT"/{fhir,hl7,note,deid,context,query,hnsw}

n=0
add() {   # add TARGET FILE: copy a fixture under a unique name when small enough
    local t=$1 f=$2
    [ -f "$f" ] && [ "$(stat -c %s "$f")" -le $MAX ] || return 0
    n=$((n + 1))
    cp "$f" "$OUT/$t/$n-$(basename "$f")"
}
# prefixed TARGET NAME BYTES FILE: a seed whose first bytes are options
prefixed() {
    { printf "$3"; cat "$4"; } >"$OUT/$1/$2"
}

SYN=$B/fuzz-synth
rm -rf "$SYN"
"$B/ward" synth -n 3 --seed 11 --years 2 --max-notes 4 --format all,ndjson --out "$SYN" -q

for f in "$SRC"/examples/fhir/* $(find "$SYN" -name '*.ndjson' | sort); do add fhir "$f"; done
# Large files give smaller seeds: an NDJSON file's first lines, a Bundle's
# first entries, and one resource of each type alone.
for f in $(find "$SYN" -name '*.ndjson' | sort); do
    head -n 6 "$f" >"$SYN/head.ndjson"
    add fhir "$SYN/head.ndjson"
done
for f in $(find "$SYN/fhir" -name '*.json' ! -name '*.truth.json' | sort); do
    jq -c '.entry |= .[:12]' "$f" >"$SYN/bundle.json"
    add fhir "$SYN/bundle.json"
    while IFS= read -r r; do
        printf '%s\n' "$r" >"$SYN/one.json"
        add fhir "$SYN/one.json"
    done < <(jq -c '[.entry[].resource] | group_by(.resourceType)[] | .[0]' "$f")
done
for f in "$SRC"/examples/hl7/* $(find "$SYN" -name '*.hl7'); do add hl7 "$f"; done
notes=$(ls "$SRC"/examples/notes/* "$SRC"/examples/literature/* "$SRC"/tests/fixtures/orchestrate/notes/* \
          "$SRC"/tests/fixtures/orchestrate/transcripts/* "$SRC"/tests/fixtures/funnel/deid_tricky.txt;
        find "$SYN" -name '*.txt' -o -name '*.md' | sort)
i=0
for f in $notes; do
    add note "$f"
    i=$((i + 1))
    # de-identification: first byte picks the mode (bit 0) and a patient (bit 1)
    [ "$(stat -c %s "$f")" -le $MAX ] && prefixed deid "$i-$(basename "$f")" "\\$(printf %o $((i % 4)))" "$f"
done

# ConText: the assertion fixtures, two bytes placing the target, then the sentence.
i=0
jq -r 'select(.text and .target) | [.text, .target] | @tsv' "$SRC/tests/fixtures/funnel/assertions.jsonl" |
while IFS=$'\t' read -r text target; do
    i=$((i + 1))
    pre=${text%%"$target"*}
    ts=${#pre}
    [ "$ts" -lt 256 ] && [ "${#target}" -lt 256 ] || continue
    printf "\\$(printf %o "$ts")\\$(printf %o "${#target}")%s" "$text" >"$OUT/context/$i"
done

# Queries as users type them, hostile ones included.
i=0
while IFS= read -r q; do
    i=$((i + 1))
    printf '%s' "$q" >"$OUT/query/$i"
done <<'Q'
chest pain
metformin dose in CKD stage 3?
"heart failure" NEAR(edema, 5) OR -aspirin
A1c > 8.1% since 2024-01-01
warfarin* AND NOT bleeding ^ col:text
the of and to in
Ångström naïve café résumé 血压
a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a
Q

"$B/fuzz/seed_hnsw" "$OUT/hnsw"
for t in "$OUT"/*; do echo "seeds: $(basename "$t"): $(ls "$t" | wc -l)"; done
