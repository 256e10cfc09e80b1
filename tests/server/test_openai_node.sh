# test_openai_node.sh — the `openai` npm package (Node.js from Debian) runs
# chat (plain and streamed) and embeddings against a real `ward serve`.
# The package is installed once into ~/.cache/ward/npm-openai (outside the
# work tree), with npm, from the npm registry.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/server/server_lib.sh"
. "$WARD_TESTS/orchestrate/fixture.sh"
NPMDIR=${WARD_NPM_CACHE:-$HOME/.cache/ward/npm-openai}
if [ ! -f "$NPMDIR/node_modules/openai/package.json" ]; then
  mkdir -p "$NPMDIR"
  npm install --prefix "$NPMDIR" --no-audit --no-fund --silent openai@4 >/dev/null 2>&1 || { fail "npm install openai"; finish; }
fi
"$WARD" index >/dev/null 2>&1 || fail "index"
"$WARD" users add dr --role clinician >/dev/null && "$WARD" care-team add dr p1 >/dev/null || fail "user"
TOKEN=$("$WARD" tokens create dr --json | jq -r .token)
start_server || exit 1
if NODE_PATH="$NPMDIR/node_modules" node "$WARD_TESTS/server/openai_client.cjs" "$URL" "$TOKEN" p1 > "$T/node" 2>&1; then
  pass; else fail "openai client: $(cat "$T/node")"; fi
cat "$T/node"
check "SIGTERM exits 0" stop_server
finish
