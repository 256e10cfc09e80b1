#!/usr/bin/env bash
# pg_run.sh — runs one test against a PostgreSQL store: starts a throwaway
# cluster (pg_env.sh), points every store the test opens at it
# (WARD_STORE), runs the test, and removes the cluster. tests/CMakeLists.txt
# registers each test listed there a second time, as pg/NAME, through this.
#
#   pg_run.sh COMMAND [ARGS...]     e.g. pg_run.sh bash tests/retrieve/test_search.sh
#
# The C tests open their stores with test_store_open (tests/test_util.h):
# on PostgreSQL a data directory it has not seen starts from an empty
# database, as a new directory would on SQLite.
. "$(dirname "$0")/pg_env.sh"
pg_env_start || exit 1
export WARD_STORE="$WARD_TEST_PG"
"$@"
