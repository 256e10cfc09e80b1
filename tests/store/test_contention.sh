# test_contention.sh — several writers and readers on one store at once
# for a bounded time (issue 15): three processes ingest notes one file at a
# time while two search, list and count. Every command must succeed (waits
# for the write lock are the store's business, not the user's), every note
# must be stored exactly once, and at the end the database passes
# PRAGMA integrity_check and the audit chain verifies. Runs under
# ASan+UBSan like every test.
. "$WARD_TESTS/lib.sh"
SECS=${CONTENTION_SECONDS:-12}
"$WARD" init >/dev/null
end=$(( $(date +%s) + SECS ))

writer() {   # writer W: ingests note W-i until the time is up
  local w=$1 i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    i=$((i + 1))
    mkdir -p "$T/w$w"
    printf -- '---\npatient: pt-%s\ndate: 2024-05-%02d\n---\nHPI: visit %s of writer %s. Metformin continued; A1c 7.%s percent.\n' \
      "$w" $(( i % 28 + 1 )) "$i" "$w" "$i" > "$T/w$w/n$i.txt"
    if "$WARD" ingest "$T/w$w/n$i.txt" >/dev/null 2>>"$T/errors"; then echo ok >> "$T/w$w.done"
    else echo "writer $w note $i failed" >> "$T/errors"; fi
  done
}
reader() {   # reader R: searches, lists and counts until the time is up
  local r=$1
  while [ "$(date +%s)" -lt "$end" ]; do
    "$WARD" search metformin -k 3 >/dev/null 2>>"$T/errors" || echo "reader $r: search failed" >> "$T/errors"
    "$WARD" patients >/dev/null 2>>"$T/errors" || echo "reader $r: patients failed" >> "$T/errors"
    "$WARD" stats --json >/dev/null 2>>"$T/errors" || echo "reader $r: stats failed" >> "$T/errors"
    echo ok >> "$T/r$r.done"
  done
}
: > "$T/errors"
for w in 1 2 3; do writer $w & done
for r in 1 2; do reader $r & done
wait

check "no command failed: $(head -c 600 "$T/errors")" [ ! -s "$T/errors" ]
written=$(cat "$T"/w*.done 2>/dev/null | wc -l)
read_rounds=$(cat "$T"/r*.done 2>/dev/null | wc -l)
check "writers and readers both ran ($written notes, $read_rounds read rounds)" [ "$written" -ge 3 -a "$read_rounds" -ge 2 ]
stored=$(sqlite3 "$WARD_DATA/ward.db" "SELECT count(*) FROM documents WHERE kind='note'")
check "every note stored once ($stored of $written)" [ "$stored" = "$written" ]
check "integrity_check" [ "$(sqlite3 "$WARD_DATA/ward.db" "PRAGMA integrity_check")" = ok ]
check "FTS index in step" sqlite3 "$WARD_DATA/ward.db" "INSERT INTO chunks_fts(chunks_fts, rank) VALUES('integrity-check', 1)"
expect_status 0 "audit chain verifies" "$WARD" audit verify
finish
