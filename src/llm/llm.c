/* llm.c — the generation interface: configuration, backend choice, and the
 * checks every backend shares.
 *
 * The backend follows from the configuration: a model file means llama.cpp
 * in-process, a URL means an OpenAI-compatible endpoint, neither means
 * "extractive" (no model; chat returns WARD_EMODEL and the orchestrator
 * assembles output from cited sentences). Configuration comes from flags,
 * then the environment, then DATA_DIR/config; the level that names a
 * backend (model or URL) names it alone, so `--llm-url` on the command line
 * is never overridden by a WARD_MODEL in the environment.
 *
 * Structured output fails closed here, for every backend: output requested
 * under a JSON schema is validated against it before it is returned. */
#include "llm_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct ward_llm {
    const llm_ops *ops;   /* NULL: extractive */
    void *impl;
    char *model_id;
};

ward_llm_params ward_llm_default_params(void)
{
    ward_llm_params p = {0};
    p.n_ctx = 4096;
    p.timeout_ms = 120000;
    p.retries = 2;
    p.seed = 42;
    return p;
}

ward_gen_params ward_gen_default_params(void)
{
    ward_gen_params g = {0};
    g.max_tokens = 512;
    g.temperature = 0.0f;
    g.top_p = 1.0f;
    return g;
}

double llm_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Strings resolved from the environment or the config file live as long as
 * the process: params hold plain pointers and have no free function. */
typedef struct kept {
    struct kept *next;
    char s[];
} kept;
static kept *kept_strings;

static const char *keep(const char *s)
{
    size_t n = strlen(s) + 1;
    kept *k = ward_xmalloc(sizeof *k + n);
    memcpy(k->s, s, n);
    k->next = kept_strings;
    kept_strings = k;
    return k->s;
}

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static const char *conf(const char *data_dir, const char *key)
{
    char *v = NULL;
    if (ward_config_get(data_dir, key, &v) || !*v) {
        free(v);
        return NULL;
    }
    const char *k = keep(v);
    free(v);
    return k;
}

/* A relative model path in DATA_DIR/config is relative to DATA_DIR. */
static const char *conf_path(const char *data_dir, const char *key)
{
    const char *v = conf(data_dir, key);
    if (!v || v[0] == '/') return v;
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_printf(&b, "%s/%s", data_dir, v);
    const char *k = keep(b.data);
    ward_buf_free(&b);
    return k;
}

/* Numbers: a field still at its default is "not set" and may be filled. */
static void num(int *field, int dflt, const char *envname, const char *data_dir, const char *key)
{
    if (*field != dflt) return;
    const char *v = env(envname);
    if (!v) v = conf(data_dir, key);
    char *end;
    long n = v ? strtol(v, &end, 10) : 0;
    if (v && !*end && n >= 0 && n <= 1000000000) *field = (int)n;
}

void ward_llm_params_from_env(ward_llm_params *p, const char *data_dir)
{
    if (!p->model_path && !p->url) {
        p->model_path = env("WARD_MODEL");
        p->url = env("WARD_LLM_URL");
    }
    if (!p->model_path && !p->url) {
        p->model_path = conf_path(data_dir, "model");
        p->url = conf(data_dir, "llm_url");
    }
    if (!p->api_key && !(p->api_key = env("WARD_LLM_KEY"))) p->api_key = conf(data_dir, "llm_key");
    if (!p->model_name && !(p->model_name = env("WARD_LLM_MODEL")))
        p->model_name = conf(data_dir, "llm_model");
    ward_llm_params d = ward_llm_default_params();
    num(&p->n_ctx, d.n_ctx, "WARD_LLM_CTX", data_dir, "llm_ctx");
    num(&p->n_threads, d.n_threads, "WARD_LLM_THREADS", data_dir, "llm_threads");
    num(&p->n_slots, d.n_slots, "WARD_LLM_SLOTS", data_dir, "llm_slots");
    num(&p->timeout_ms, d.timeout_ms, "WARD_LLM_TIMEOUT_MS", data_dir, "llm_timeout_ms");
    num(&p->retries, d.retries, "WARD_LLM_RETRIES", data_dir, "llm_retries");
    int seed = (int)p->seed;
    num(&seed, (int)d.seed, "WARD_LLM_SEED", data_dir, "llm_seed");
    p->seed = (unsigned)seed;
}

int ward_llm_open(const ward_llm_params *pp, ward_llm **out, ward_err *err)
{
    ward_llm_params params = pp ? *pp : ward_llm_default_params();
    *out = NULL;
    ward_llm *llm = ward_xcalloc(1, sizeof *llm);
    int rc = WARD_OK;
    if (params.model_path && *params.model_path) {
        llm->ops = &llm_llama_ops;
        rc = llm_llama_open(&params, &llm->impl, &llm->model_id, err);
    } else if (params.url && *params.url) {
        llm->ops = &llm_http_ops;
        rc = llm_http_open(&params, &llm->impl, &llm->model_id, err);
    } else {
        llm->model_id = ward_xstrdup("none");
    }
    if (rc) {
        free(llm->model_id);
        free(llm);
        return rc;
    }
    *out = llm;
    return WARD_OK;
}

void ward_llm_free(ward_llm *llm)
{
    if (!llm) return;
    if (llm->ops) llm->ops->free(llm->impl);
    free(llm->model_id);
    free(llm);
}

void ward_llm_cancel(ward_llm *llm)
{
    if (llm && llm->ops && llm->ops->cancel) llm->ops->cancel(llm->impl);
}

const char *ward_llm_backend(const ward_llm *llm)
{
    return llm && llm->ops ? llm->ops->name : "extractive";
}

const char *ward_llm_model(const ward_llm *llm)
{
    return llm ? llm->model_id : "none";
}

int ward_llm_context(const ward_llm *llm)
{
    return llm && llm->ops && llm->ops->n_ctx ? llm->ops->n_ctx(llm->impl) : 0;
}

void ward_gen_result_free(ward_gen_result *r)
{
    if (!r) return;
    free(r->text);
    memset(r, 0, sizeof *r);
}

static int check_request(const ward_chat_msg *msgs, size_t n, const ward_gen_params *g, ward_err *err)
{
    if (!n) return ward_err_set(err, WARD_EUSAGE, "no chat messages to send to the model");
    for (size_t i = 0; i < n; i++)
        if (!msgs[i].role || !msgs[i].content)
            return ward_err_set(err, WARD_EUSAGE, "chat message %zu has no role or no content", i + 1);
    if (g->max_tokens <= 0) return ward_err_set(err, WARD_EUSAGE, "max_tokens must be positive");
    if (g->json_schema && g->grammar)
        return ward_err_set(err, WARD_EUSAGE, "give a JSON schema or a grammar, not both");
    if (g->grammar && !*g->grammar)
        return ward_err_set(err, WARD_EUSAGE, "the grammar is empty (it would constrain nothing)");
    if (g->json_schema) {
        json_error_t je;
        json_t *s = json_loads(g->json_schema, JSON_DECODE_ANY, &je);
        int ok = s && (json_is_object(s) || json_is_true(s));
        json_decref(s);
        if (!ok)
            return ward_err_set(err, WARD_EUSAGE, "the JSON schema is not a JSON object (line %d, column %d: %s)",
                                je.line, je.column, s ? "not an object" : je.text);
    }
    return WARD_OK;
}

int ward_llm_chat(ward_llm *llm, const ward_chat_msg *msgs, size_t n, const ward_gen_params *g,
                  ward_gen_result *out, ward_err *err)
{
    memset(out, 0, sizeof *out);
    ward_gen_params dg = ward_gen_default_params();
    if (!g) g = &dg;
    if (!llm || !llm->ops)
        return ward_err_set(err, WARD_EMODEL, "no language model is configured (extractive mode): "
                            "configure a GGUF chat model or a model endpoint");
    int rc = check_request(msgs, n, g, err);
    if (!rc) rc = llm->ops->chat(llm->impl, msgs, n, g, out, err);
    if (!rc && g->json_schema) {
        ward_err verr = {0};
        if (ward_json_schema_validate(g->json_schema, out->text, &verr))
            rc = ward_err_set(err, WARD_EOUTPUT, "the model's output does not match the JSON schema (%s)",
                              verr.msg);
    }
    /* A failed call has no text, but the tokens it spent stay counted
     * (usage, the tokens-per-day limit). */
    if (rc) {
        free(out->text);
        out->text = NULL;
    }
    return rc;
}

int ward_llm_probe(ward_llm *llm, ward_buf *info, ward_err *err)
{
    if (!llm || !llm->ops) {
        if (info) ward_buf_puts(info, "no model: outputs are extracted from cited sources");
        return WARD_OK;
    }
    return llm->ops->probe(llm->impl, info, err);
}
