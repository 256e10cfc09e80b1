# test_models.sh — `ward models`: the backend chosen by flags, environment
# and DATA/config (in that order), whether it loads, and clear errors.
# Runs with or without llama.cpp in the build.
. "$WARD_TESTS/lib.sh"
unset WARD_MODEL WARD_LLM_URL WARD_LLM_KEY WARD_LLM_MODEL
mkdir -p "$WARD_DATA"

expect_status 0 "no model configured is fine" "$WARD" models
contains "$T/out" "generation: extractive" "extractive by default"
contains "$T/out" "nothing configured" "says nothing is configured"
expect_status 0 "--json" "$WARD" models --json
check "json says extractive" grep -q '"backend": "extractive"' "$T/out"

printf 'llm_url = http://127.0.0.1:9/v1\nllm_key = config-secret\n' > "$WARD_DATA/config"
expect_status 2 "config URL that does not answer" "$WARD" models
contains "$T/out" "config file" "source is the config file"
contains "$T/out" "cannot reach the model endpoint" "unreachable endpoint named"
if grep -q "config-secret" "$T/out" "$T/err"; then fail "the key was printed"; else pass; fi

WARD_MODEL="$T/missing.gguf" "$WARD" models --json >"$T/out" 2>"$T/err"
check "env beats config" grep -q '"source": "environment (WARD_MODEL)"' "$T/out"
if [ -n "${WARD_TINY_CHAT:-}" ]; then want='cannot open model'; else want='this build has no llama.cpp'; fi
check "missing model named" grep -q "$want" "$T/out"

WARD_MODEL="$T/missing.gguf" "$WARD" models --llm-url http://127.0.0.1:9 --json >"$T/out" 2>"$T/err"
check "flag beats env" grep -q '"source": "--llm-url flag"' "$T/out"
check "flag URL used" grep -q '"url": "http://127.0.0.1:9"' "$T/out"
# An endpoint's window is the site's llm_ctx: Ward sizes its prompts to it.
WARD_LLM_CTX=8192 "$WARD" models --llm-url http://127.0.0.1:9 --json >"$T/out" 2>"$T/err"
check "endpoint window from llm_ctx" jq -e '.n_ctx == 8192' "$T/out"

printf 'not a model\n' > "$T/bad.gguf"
expect_status 2 "a file that is not GGUF" "$WARD" models --model "$T/bad.gguf"
if [ -n "${WARD_TINY_CHAT:-}" ]; then
  contains "$T/out" "is not a GGUF model file" "not-GGUF named"
  expect_status 0 "the tiny chat model loads" "$WARD" models --model "$WARD_TINY_CHAT"
  contains "$T/out" "loads:    yes" "loads"
  contains "$T/out" "chat template: from the model" "template found"
  "$WARD" models --model "$WARD_TINY_CHAT" --json >"$T/out" 2>"$T/err"
  check "in-process window capped at the model's training window" jq -e '.n_ctx == 512' "$T/out"
else
  contains "$T/out" "this build has no llama.cpp" "no llama.cpp said plainly"
fi
expect_status 1 "flag without value" "$WARD" models --model
expect_status 1 "unknown argument" "$WARD" models --frobnicate
expect_status 0 "help" "$WARD" models --help
contains "$T/out" "--llm-url URL" "help lists the flags"
finish
