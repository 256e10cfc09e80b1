/* llm.c — PLACEHOLDER until the `llm` branch merges: only the extractive
 * backend, so the orchestrator links and runs its extractive paths. When
 * merging the llm branch, take its src/llm/llm.c and drop this one.
 * model_path/url give a clear WARD_EMODEL error here. */
#include "ward/llm.h"

#include <stdlib.h>
#include <string.h>

struct ward_llm {
    int unused;
};

ward_llm_params ward_llm_default_params(void)
{
    ward_llm_params p = {0};
    p.n_ctx = 4096;
    p.timeout_ms = 120000;
    p.retries = 2;
    return p;
}

void ward_llm_params_from_env(ward_llm_params *p, const char *data_dir)
{
    (void)data_dir;
    if (!p->model_path && getenv("WARD_MODEL") && *getenv("WARD_MODEL")) p->model_path = getenv("WARD_MODEL");
    if (!p->url && getenv("WARD_LLM_URL") && *getenv("WARD_LLM_URL")) p->url = getenv("WARD_LLM_URL");
}

int ward_llm_open(ward_llm_params params, ward_llm **out, ward_err *err)
{
    *out = NULL;
    if (params.model_path || params.url)
        return ward_err_set(err, WARD_EMODEL, "this build has no model backends yet (extractive only)");
    *out = ward_xcalloc(1, sizeof **out);
    return WARD_OK;
}

void ward_llm_free(ward_llm *llm) { free(llm); }
const char *ward_llm_backend(const ward_llm *llm) { (void)llm; return "extractive"; }
const char *ward_llm_model(const ward_llm *llm) { (void)llm; return "none"; }

ward_gen_params ward_gen_default_params(void)
{
    ward_gen_params g = {0};
    g.max_tokens = 512;
    g.top_p = 1;
    return g;
}

int ward_llm_chat(ward_llm *llm, const ward_chat_msg *msgs, size_t n, const ward_gen_params *g,
                  ward_gen_result *out, ward_err *err)
{
    (void)llm, (void)msgs, (void)n, (void)g;
    memset(out, 0, sizeof *out);
    return ward_err_set(err, WARD_EMODEL, "extractive backend: no text generation");
}

void ward_gen_result_free(ward_gen_result *r)
{
    free(r->text);
    r->text = NULL;
}
