# test_serve_queue.sh — route handlers run on the worker pool (one queue,
# in arrival order), with libmicrohttpd's threads only reading requests
# and writing answers. needs: llama
# 1. With one worker, a chat completion holds it while searches on other
#    connections queue behind it: every one is answered, each with its
#    own patient's hits (a queued request keeps its own connection).
# 2. SIGTERM while requests wait in the queue: the workers finish them
#    (no connection is left suspended when the daemon stops), exit 0.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/server/server_lib.sh"
. "$WARD_TESTS/orchestrate/fixture.sh"
: "${WARD_TINY_CHAT:?}"
"$WARD" users add dr --role clinician >/dev/null || fail "user"
"$WARD" care-team add dr p1 >/dev/null && "$WARD" care-team add dr p2 >/dev/null || fail "care team"
TOKEN=$("$WARD" tokens create dr --json | jq -r .token)
chat() {  # chat OUT: a grounded, non-streamed answer for p1; its status to OUT.code
  curl -s -o "$1" -w '%{http_code}' "$URL/v1/chat/completions" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' \
    -d '{"model":"ward","max_calls":1,"metadata":{"patient":"p1"},"messages":[{"role":"user","content":"Which medications are active?"}]}' \
    > "$1.code"
}
search() {  # search N: patient p1 or p2 by N; the answer to $T/search.N
  curl -s -o "$T/search.$1" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    "$URL/api/v1/search?q=blood+pressure&k=5&patient=p$(( $1 % 2 + 1 ))" > "$T/search.$1.code"
}

for round in queued drain; do
  start_server --threads 1 --model "$WARD_TINY_CHAT" --drain 120 || exit 1
  SOCKS=$(ls -l "/proc/$SPID/fd" | grep -c socket:)
  chat "$T/chat.$round" &
  PIDS="$!"
  rm -f "$T"/search.*
  for n in $(seq 0 11); do search "$n" & PIDS="$PIDS $!"; done
  if [ "$round" = drain ]; then
    # Every connection accepted first (SIGTERM closes the listening
    # socket), or already answered on a fast machine.
    check "the 13 connections are accepted" wait_for 60 sh -c \
      "[ \$(ls -l /proc/$SPID/fd | grep -c socket:) -ge $(( SOCKS + 13 )) ] ||
       [ \$(cat '$T'/*.$round.code '$T'/search.*.code 2>/dev/null | wc -c) -ge 39 ]"
    kill -TERM "$SPID"
    wait "$SPID"
    check "SIGTERM with requests queued: exit 0" test "$?" = 0
  fi
  wait $PIDS
  check "$round: the chat completion answered 200" test "$(cat "$T/chat.$round.code")" = 200
  check "$round: the chat completion is well formed" jq -e >/dev/null '.object == "chat.completion"' "$T/chat.$round"
  for n in $(seq 0 11); do
    p=p$(( n % 2 + 1 ))
    check "$round: search $n answered 200" test "$(cat "$T/search.$n.code")" = 200
    check "$round: search $n has only $p's hits" \
      jq -e >/dev/null --arg p "$p" 'length > 0 and all(.[]; .patient_id == $p)' "$T/search.$n"
  done
  [ "$round" = queued ] && check "SIGTERM exits 0" stop_server
done
finish
