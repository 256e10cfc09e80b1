#!/usr/bin/env bash
# run.sh — runs every libFuzzer target for a bounded time and reports
# executions per second; exits 1 when any target found a crash, a leak, a
# sanitizer report or a timeout (its reproducer is in BUILD/fuzz-crashes/).
#
#   fuzz/run.sh BUILD_DIR [TARGET...]
#   FUZZ_SECONDS=600 (per target)  FUZZ_JOBS=1 (targets at once)
#
# Each target keeps a growing corpus in BUILD/fuzz-corpus/<target>, started
# from BUILD/fuzz-seeds/<target> (fuzz/seeds.sh). Runs are niced: fuzzing
# shares the machine. Reproduce a crash with BUILD/fuzz/fuzz_<target> FILE.
set -uo pipefail
B=$(cd "$1" && pwd)
shift
TARGETS=${*:-fhir hl7 note deid context query hnsw}
SECONDS_EACH=${FUZZ_SECONDS:-600}
JOBS=${FUZZ_JOBS:-1}
mkdir -p "$B/fuzz-corpus" "$B/fuzz-crashes" "$B/fuzz-logs"
# The reader targets write a scratch store: memory is faster than disk.
[ -d /dev/shm ] && [ -w /dev/shm ] && export TMPDIR=/dev/shm

max_len() {
    case $1 in
        query|context) echo 4096 ;;
        hnsw) echo 65536 ;;
        *) echo 16384 ;;
    esac
}

run_one() {
    local t=$1 log=$B/fuzz-logs/$1.log
    mkdir -p "$B/fuzz-corpus/$t"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    nice -n 19 "$B/fuzz/fuzz_$t" -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$t")" \
        -timeout=30 -rss_limit_mb=1536 -print_final_stats=1 \
        -artifact_prefix="$B/fuzz-crashes/$t-" \
        "$B/fuzz-corpus/$t" "$B/fuzz-seeds/$t" >"$log" 2>&1
    local rc=$?
    local execs per
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    per=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    if [ $rc -eq 0 ]; then
        printf 'fuzz: %-8s ok     %6ss  %10s execs  %6s execs/s\n' "$t" "$SECONDS_EACH" "${execs:-?}" "${per:-?}"
    else
        printf 'fuzz: %-8s FAILED (exit %s): see %s\n' "$t" "$rc" "$log"
        grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -8 | sed 's/^/    /'
    fi
    return $rc
}

fail=0
running=0
for t in $TARGETS; do
    [ -x "$B/fuzz/fuzz_$t" ] || { echo "fuzz: no target $t in $B/fuzz" >&2; exit 2; }
    run_one "$t" &
    running=$((running + 1))
    if [ $running -ge "$JOBS" ]; then
        wait -n || fail=1
        running=$((running - 1))
    fi
done
while [ $running -gt 0 ]; do
    wait -n || fail=1
    running=$((running - 1))
done
exit $fail
