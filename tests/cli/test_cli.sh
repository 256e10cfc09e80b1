# test_cli.sh — the ward command's contract: help, exit codes, --data anywhere.
. "$WARD_TESTS/lib.sh"

expect_status 0 "ward --help" "$WARD" --help
contains "$T/out" "Commands:" "top-level help lists commands"
expect_status 1 "no command is a usage error" "$WARD"
expect_status 1 "unknown command" "$WARD" frobnicate
contains "$T/err" "unknown command" "unknown command message"
for c in $("$WARD" --help | awk '/^Commands:/{on=1;next} /^$/{on=0} on{print $1}'); do
  expect_status 0 "ward $c --help" "$WARD" "$c" --help
  contains "$T/out" "usage: ward $c" "help for $c"
done
expect_status 0 "init with --data after" "$WARD" init --data "$T/d1"
check "store created" test -f "$T/d1/ward.db"
expect_status 0 "init with --data before, twice" "$WARD" --data "$T/d1" init
expect_status 0 "init --json" "$WARD" init --json --data="$T/d2"
contains "$T/out" '"schema_version"' "init json"
expect_status 2 "stats does not create a store" "$WARD" stats --json
expect_status 0 "init at WARD_DATA" "$WARD" init
expect_status 0 "WARD_DATA default" "$WARD" stats --json
contains "$T/out" '"resources"' "stats json shape"
check "WARD_DATA used" test -f "$WARD_DATA/ward.db"
expect_status 1 "stats takes no arguments" "$WARD" stats extra
finish
