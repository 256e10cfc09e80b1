# server_lib.sh — start and stop a real `ward serve` on a free loopback
# port. Source after lib.sh. start_server ARGS... sets URL (http://127.0.0.1:PORT),
# PORT, SPID and SLOG (its stderr: the access log); stop_server sends
# SIGTERM and returns the exit status. Any server left is killed at exit.
SPIDS=""
trap 'for p in $SPIDS; do kill -9 $p 2>/dev/null; done; rm -rf "$T"' EXIT

start_server() {
  SLOG=$(mktemp "$T/serve.XXXXXX")
  "$WARD" serve --listen 127.0.0.1:0 "$@" 2>"$SLOG" &
  SPID=$!
  SPIDS="$SPIDS $SPID"
  URL=""
  for _ in $(seq 200); do
    URL=$(grep -o 'https\?://127.0.0.1:[0-9]*' "$SLOG" | head -1)
    [ -n "$URL" ] && break
    kill -0 $SPID 2>/dev/null || break
    sleep 0.05
  done
  if [ -z "$URL" ]; then echo "server did not start: $(cat "$SLOG")" >&2; return 1; fi
  PORT=${URL##*:}
}

stop_server() {
  kill -TERM "$SPID" 2>/dev/null
  wait "$SPID"
}

# http METHOD PATH [curl args...]: body to $T/body, status printed.
http() {
  local m=$1 p=$2; shift 2
  curl -s -o "$T/body" -w '%{http_code}' -X "$m" "$@" "$URL$p"
}
# expect_http STATUS DESCRIPTION METHOD PATH [curl args...]
expect_http() {
  local want=$1 d=$2; shift 2
  local got; got=$(http "$@")
  if [ "$got" = "$want" ]; then pass; else fail "$d: HTTP $got, want $want: $(head -c 300 "$T/body")"; fi
}

# wait_for SECONDS COMMAND...: polls until the command succeeds; nonzero
# when SECONDS pass first. The deadline is generous: it only bounds a hang,
# the test never depends on how fast the machine is.
wait_for() {
  local until=$(( $(date +%s) + $1 )); shift
  until "$@"; do
    [ "$(date +%s)" -ge "$until" ] && return 1
    sleep 0.05
  done
}
