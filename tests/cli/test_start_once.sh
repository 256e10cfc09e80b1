# test_start_once.sh — with llama.cpp in (needs: llama), ward runs itself
# again to set OpenMP's wait policy (src/cli/main.c) for a command that may
# run a model, with the command line as it came (global options first);
# a command that never runs one (ingest, init, stats, deid, patients, show,
# audit) starts once: the second start cost a percent of a notes ingest
# (issue 14). An operator's own OMP_WAIT_POLICY: one start for any command.
. "$WARD_TESTS/lib.sh"
if ! command -v strace >/dev/null; then
  echo "strace is not installed: nothing checked"
  finish
fi
# starts CMD...: how many programs CMD ran (execve calls that succeeded)
starts() {
  strace -f -e trace=execve -o "$T/trace" "$@" >/dev/null 2>&1
  grep -c 'execve(.*= 0$' "$T/trace"
}
unset OMP_WAIT_POLICY
mkdir -p "$T/in"
printf 'Patient seen for chest pain.\n' > "$T/in/note.txt"
check "init starts once" test "$(starts "$WARD" --data "$T/d" init)" = 1
check "ingest starts once" test "$(starts "$WARD" --data "$T/d" ingest -q "$T/in")" = 1
check "stats starts once" test "$(starts "$WARD" --data "$T/d" stats)" = 1
check "deid starts once" test "$(starts "$WARD" deid "$T/in/note.txt")" = 1
check "search starts again" test "$(starts "$WARD" --data "$T/d" search chest --mode bm25)" = 2
contains "$T/trace" "\"--data\", \"$T/d\", \"search\", \"chest\"" "the second start has the command line as it came"
check "search with the operator's policy starts once" \
  test "$(OMP_WAIT_POLICY=ACTIVE starts "$WARD" --data "$T/d" search chest --mode bm25)" = 1
expect_status 0 "search still answers" "$WARD" --data "$T/d" search chest --mode bm25
contains "$T/out" "chest" "search result"
finish
