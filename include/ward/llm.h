/* llm.h — one interface, several generators.
 *
 * Backends: "llama" (llama.cpp in-process, a GGUF file), "http" (any
 * OpenAI-compatible /v1/chat/completions endpoint) and "extractive" (no
 * model: the orchestrator assembles output from cited source sentences;
 * ward_llm_chat on it returns WARD_EMODEL, so tasks take their extractive
 * path). Every output records which backend and model produced it.
 *
 * A ward_llm may be shared by threads: in-process, up to n_slots
 * generations are decoded together in one llama.cpp context (one batch
 * per token step, each request with its own sequence, samplers and KV
 * cache, which it keeps for prefix reuse by a later prompt); more wait for
 * a free slot. HTTP requests run side by side. docs/models.md has the
 * configuration keys and the structured-output rules.
 */
#ifndef WARD_LLM_H
#define WARD_LLM_H

#include "ward/core.h"

typedef struct ward_llm ward_llm;

typedef struct ward_llm_params {
    const char *model_path;  /* GGUF for in-process llama.cpp, or NULL */
    const char *url;         /* OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1 */
    const char *api_key;     /* bearer token for url, or NULL */
    const char *model_name;  /* "model" field sent to the endpoint, or NULL */
    int n_ctx;               /* context window (default 4096): llama opens this much (at most the
                                model's training window); for an endpoint, prompts are sized to it */
    int n_threads;           /* 0: all cores */
    int n_slots;             /* llama: requests decoded together (0: 4); each has its own n_ctx of
                                KV cache, so memory grows with it (1 for one-at-a-time commands) */
    int timeout_ms;          /* HTTP timeout per request (default 120 s) */
    int retries;             /* HTTP retries on 5xx/timeouts (default 2) */
    unsigned seed;           /* sampling seed (default 42: the same request, the same draft) */
} ward_llm_params;

ward_llm_params ward_llm_default_params(void);
/* Resolves params from flags already set, then WARD_MODEL, WARD_LLM_URL,
 * WARD_LLM_KEY, WARD_LLM_MODEL, then DATA_DIR/config (key = value lines). */
void ward_llm_params_from_env(ward_llm_params *p, const char *data_dir);

/* Chooses the backend from params: model_path -> llama, url -> http, else
 * extractive (params NULL: extractive). */
int ward_llm_open(const ward_llm_params *params, ward_llm **out, ward_err *err);
void ward_llm_free(ward_llm *llm);
/* Ends every in-process generation in flight at its next token (its call
 * returns WARD_EBUSY) and refuses new ones with WARD_EBUSY: for a server
 * that must stop. Thread-safe. HTTP calls end at their own timeout. */
void ward_llm_cancel(ward_llm *llm);
const char *ward_llm_backend(const ward_llm *llm);  /* "llama" | "http" | "extractive" */
const char *ward_llm_model(const ward_llm *llm);    /* model identity (file name or endpoint model) */
/* Context window in tokens (prompt + output) when the backend knows it
 * (llama: the context it opened), else 0. Callers size prompts to it. */
int ward_llm_context(const ward_llm *llm);

typedef struct ward_chat_msg {
    const char *role;        /* system | user | assistant */
    const char *content;
} ward_chat_msg;

typedef struct ward_gen_params {
    int max_tokens;          /* default 512 */
    float temperature;       /* default 0 (greedy) */
    float top_p;             /* default 1 */
    const char **stop;       /* NULL-terminated list, or NULL (ignored with a schema/grammar:
                              * the grammar decides where output ends) */
    /* Structured output. A schema or grammar that does not compile is an
     * error, never unconstrained output; so is output that is incomplete
     * at max_tokens or (schema) does not validate. In-process, the last
     * quarter of max_tokens steers the grammar towards closing. */
    const char *json_schema; /* constrain output to this JSON schema */
    const char *grammar;     /* or a GBNF grammar (root rule "root"; llama only) */
    /* Streaming: called for each piece of text, on the caller's thread;
     * return nonzero to stop (in-process, the request's sequence ends and
     * its slot is freed at once). Other requests' decoding waits while it
     * runs: keep it quick. */
    int (*on_token)(const char *piece, void *ud);
    void *ud;
    int ignore_eos;          /* keep generating past end-of-sequence (benchmarks) */
} ward_gen_params;

ward_gen_params ward_gen_default_params(void);

typedef struct ward_gen_result {
    char *text;              /* malloc'd; NULL when the call failed */
    int n_prompt, n_gen;     /* tokens, counted even when the call failed */
    int n_prompt_reused;     /* prompt tokens served from the KV cache */
    double ms_first_token, ms_total;
} ward_gen_result;

int ward_llm_chat(ward_llm *llm, const ward_chat_msg *msgs, size_t n, const ward_gen_params *g,
                  ward_gen_result *out, ward_err *err);
void ward_gen_result_free(ward_gen_result *r);

/* Checks that the backend answers: llama -> the model is loaded; http ->
 * GET {url}/models (the endpoint is up and the key accepted); extractive ->
 * always. info (optional) gets a one-line description (no secrets). */
int ward_llm_probe(ward_llm *llm, ward_buf *info, ward_err *err);

/* Validates a JSON instance against a JSON schema (the subset structured
 * output uses: type, properties, required, additionalProperties, items,
 * enum, const, min/max Length/Items, minimum/maximum, anyOf/oneOf/allOf,
 * $ref to #/$defs or #/definitions). Both backends check constrained output
 * with it: output that does not validate is an error (fails closed).
 * Returns 0 when valid, else WARD_EINPUT with err naming the JSON path. */
int ward_json_schema_validate(const char *schema_json, const char *instance_json, ward_err *err);

#endif
