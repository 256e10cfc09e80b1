# test_open_race.sh — several ward processes that open a new store at once
# (a site starting its services together) all succeed, and the store ends
# at the schema's last version: the process that waits for the write lock
# reads the version again and does not apply a block another just applied
# (it used to fail with "table ... already exists"), and the switch to WAL
# waits out another process's lock ("database is locked", 1 round in 120).
# A new store's file is written from the schema's image and linked into
# place (src/store/lite_image.c), so in rounds 1-5 they race for that; in
# rounds 6-8 the store's empty file is there first, and they race to
# migrate it.
. "$WARD_TESTS/lib.sh"

for round in 1 2 3 4 5 6 7 8; do
  D="$T/race$round"
  mkdir -m 700 "$D"
  [ "$round" -gt 5 ] && : > "$D/ward.db"
  pids=""
  for i in 1 2 3 4 5 6; do
    "$WARD" --data "$D" init > "$T/out$i" 2> "$T/err$i" &
    pids="$pids $!"
  done
  ok=1
  for p in $pids; do
    wait "$p" || ok=0
  done
  [ "$ok" = 1 ] || cat "$T"/err* >&2
  check "round $round: six processes opening a new store all succeed" test "$ok" = 1
  if grep -q "already exists" "$T"/err*; then fail "round $round: a migration ran twice: $(cat "$T"/err* | head -c 300)"; else pass; fi
done
# and the stores they made are whole: a further open migrates nothing
expect_status 0 "the raced store opens" "$WARD" --data "$T/race1" stats
expect_status 0 "the raced migrated store opens" "$WARD" --data "$T/race6" stats
check "no image file is left" test -z "$(ls "$T"/race* | grep -F '.new.')"
finish
