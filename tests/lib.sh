# lib.sh — helpers for shell tests. Source it first: it makes a scratch dir
# ($T) removed at exit, and gives check/fail that count and report.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/ward-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export WARD_DATA="$T/data"
: "${WARD:?WARD must point at the ward binary}"
FAILS=0 PASSES=0

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { PASSES=$((PASSES + 1)); }
# check DESCRIPTION COMMAND...: the command must succeed.
check() { local d=$1; shift; if "$@"; then pass; else fail "$d"; fi; }
# expect_status N DESCRIPTION COMMAND...: the command must exit with N.
expect_status() {
  local want=$1 d=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; local got=$?
  if [ "$got" = "$want" ]; then pass; else fail "$d (exit $got, want $want): $(head -c 400 "$T/err")"; fi
}
# contains FILE TEXT DESCRIPTION
contains() { if grep -qF -- "$2" "$1"; then pass; else fail "$3: '$2' not in $(head -c 400 "$1")"; fi; }
finish() { echo "$PASSES passed, $FAILS failed"; [ "$FAILS" = 0 ]; exit $?; }
