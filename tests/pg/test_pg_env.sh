# test_pg_env.sh — the PostgreSQL test harness (tests/pg/pg_env.sh) itself:
# a cluster starts on a loopback port, takes SQL, survives a restart, and
# is gone after the test.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/pg/pg_env.sh"

check "cluster starts" pg_env_start
case "$WARD_TEST_PG" in postgresql://*@127.0.0.1:*/ward) pass ;; *) fail "WARD_TEST_PG is '$WARD_TEST_PG'" ;; esac
check "SQL runs" test "$(pg_sql 'SELECT 40 + 2')" = 42
url=$(pg_newdb second)
check "a second database" test "$url" = "postgresql://postgres@127.0.0.1:$PG_PORT/second"
check "the second database answers" test "$(pg_sql second 'SELECT current_database()')" = second
pg_sql "CREATE TABLE t(x int); INSERT INTO t VALUES (7)"
check "restart after an immediate stop" pg_env_restart immediate
check "committed rows survive it" test "$(pg_sql 'SELECT x FROM t')" = 7
dir=$PG_DIR
# A child shell that starts its own cluster removes it when it exits.
child=$(bash -c ". '$WARD_TESTS/lib.sh'; . '$WARD_TESTS/pg/pg_env.sh'; pg_env_start >/dev/null && echo \$PG_DIR")
check "the child's cluster was started" test -n "$child"
check "the child's cluster is removed at its exit" test ! -e "$child"
check "ours is still there" test -d "$dir/data"
finish
