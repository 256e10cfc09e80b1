/* llm_llama.c — generation with llama.cpp in-process, any chat GGUF.
 *
 * The prompt is the model's own chat template (GGUF metadata) applied by
 * llama_chat_apply_template; a model without one gets ChatML. The request
 * is tokenized and its samplers built on the caller's thread
 * (llm_sample.c), then it joins the requests being decoded together
 * (llm_batch.c). After it ends, structured output that the grammar would
 * not let end there is an error (fails closed): output is never cut short
 * of its schema.
 *
 * Concurrency: one context with n_slots sequences (llm_slots, default 4),
 * each with its own KV cache of n_ctx tokens; the context is created with
 * n_ctx x n_slots tokens. A sequence keeps its KV cache after a request,
 * so a new prompt sharing a prefix with it (one patient's chart across
 * several questions) decodes only the rest (n_prompt_reused). */
#include "llm_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifndef WARD_HAVE_LLAMA

static const char NO_LLAMA[] = "this build has no llama.cpp, so it cannot run a GGUF file: "
                               "run scripts/llama.sh and rebuild, or use a model endpoint (URL)";

int llm_llama_open(const ward_llm_params *p, void **impl, char **model_id, ward_err *err)
{
    (void)p, (void)impl, (void)model_id;
    return ward_err_set(err, WARD_EMODEL, "%s", NO_LLAMA);
}

static int no_chat(void *impl, const ward_chat_msg *m, size_t n, const ward_gen_params *g,
                   ward_gen_result *out, ward_err *err)
{
    (void)impl, (void)m, (void)n, (void)g, (void)out;
    return ward_err_set(err, WARD_EMODEL, "%s", NO_LLAMA);
}

static int no_probe(void *impl, ward_buf *info, ward_err *err)
{
    (void)impl, (void)info;
    return ward_err_set(err, WARD_EMODEL, "%s", NO_LLAMA);
}

static void no_free(void *impl)
{
    (void)impl;
}

const llm_ops llm_llama_ops = {"llama", no_chat, no_probe, no_free, NULL, NULL};

#else

#include "llm_llama_int.h"

#include <unistd.h>

/* llama.cpp logs go to WARD_LOG=debug; the last error is kept (per thread)
 * so a failed load or grammar can say why. */
static __thread char last_error[512];
static __thread int last_was_error;

static void log_cb(enum ggml_log_level level, const char *text, void *ud)
{
    (void)ud;
    if (level == GGML_LOG_LEVEL_ERROR) {
        snprintf(last_error, sizeof last_error, "%s", text);
        last_was_error = 1;
    } else if (level == GGML_LOG_LEVEL_CONT && last_was_error) {
        size_t n = strlen(last_error);
        snprintf(last_error + n, sizeof last_error - n, "%s", text);
    } else {
        last_was_error = 0;
    }
    if (level == GGML_LOG_LEVEL_ERROR || level == GGML_LOG_LEVEL_WARN)
        ward_log(WARD_LOG_DEBUG, "llama.cpp: %s", text);
}

const char *llm_llama_why(const char *fallback)
{
    char *s = ward_str_trim(last_error);
    return *s ? s : fallback;
}

void llm_llama_clear_why(void)
{
    last_error[0] = 0;
}

static pthread_once_t backend_once = PTHREAD_ONCE_INIT;

static void backend_init(void)
{
    llama_log_set(log_cb, NULL);
    llama_backend_init();
}

static void impl_free(void *p)
{
    llama_impl *m = p;
    if (!m) return;
    llm_helper_stop(m->helper);
    llm_batch_free(m);
    if (m->ctx) llama_free(m->ctx);
    if (m->model) llama_model_free(m->model);
    free(m->pieces);
    free(m->piece_at);
    pthread_mutex_destroy(&m->mu);
    pthread_cond_destroy(&m->slot_free);
    pthread_cond_destroy(&m->sampled);
    free(m);
}

/* A clear message before llama.cpp's own: missing, unreadable, not GGUF. */
static int check_file(const char *path, ward_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ward_err_set(err, WARD_EMODEL, "cannot open model %s: %s",
                            path, strerror(errno));
    char magic[4] = {0};
    size_t n = fread(magic, 1, 4, f);
    fclose(f);
    if (n != 4 || memcmp(magic, "GGUF", 4))
        return ward_err_set(err, WARD_EMODEL, "%s is not a GGUF model file; a chat model in GGUF format is "
                            "needed", path);
    return WARD_OK;
}

/* Encoder-only models (BERT embedders) cannot generate. */
static int is_embedding_model(const struct llama_model *model)
{
    char arch[64] = "", key[128], val[16] = "";
    llama_model_meta_val_str(model, "general.architecture", arch, sizeof arch);
    snprintf(key, sizeof key, "%s.attention.causal", arch);
    llama_model_meta_val_str(model, key, val, sizeof val);
    return !strcmp(val, "false") || !llama_model_has_decoder(model) || llama_model_has_encoder(model);
}

static int threads(int n)
{
    if (n > 0) return n;
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c > 0 ? (int)c : 1;
}

int llm_llama_open(const ward_llm_params *p, void **out, char **model_id, ward_err *err)
{
    pthread_once(&backend_once, backend_init);
    int rc = check_file(p->model_path, err);
    if (rc) return rc;
    if (p->n_slots > LLM_MAX_SLOTS)
        return ward_err_set(err, WARD_EUSAGE, "llm_slots is %d; at most %d requests can be decoded together",
                            p->n_slots, LLM_MAX_SLOTS);
    int slots = p->n_slots > 0 ? p->n_slots : LLM_DEFAULT_SLOTS;
    llama_impl *m = ward_xcalloc(1, sizeof *m);
    pthread_mutex_init(&m->mu, NULL);
    pthread_cond_init(&m->slot_free, NULL);
    pthread_cond_init(&m->sampled, NULL);
    last_error[0] = 0;
    m->model = llama_model_load_from_file(p->model_path, llama_model_default_params());
    if (!m->model) {
        rc = ward_err_set(err, WARD_EMODEL, "llama.cpp cannot load %s (%s): the file is corrupt or its "
                          "architecture is not supported by this llama.cpp", p->model_path,
                          llm_llama_why("no detail"));
    } else if (is_embedding_model(m->model)) {
        rc = ward_err_set(err, WARD_EMODEL, "%s is an embedding model (it cannot generate text); "
                          "a chat model is needed", p->model_path);
    }
    if (!rc) {
        struct llama_context_params cp = llama_context_default_params();
        int n_train = llama_model_n_ctx_train(m->model);
        int n_ctx = p->n_ctx > 0 ? p->n_ctx : 4096;
        if (n_train > 0 && n_ctx > n_train) n_ctx = n_train;
        /* Each sequence gets a KV stream of its own (not unified): the
         * requests share no prefix, and attention then reads only the
         * sequence's own keys. */
        cp.n_seq_max = (uint32_t)slots;
        cp.kv_unified = false;
        cp.n_ctx = (uint32_t)n_ctx * cp.n_seq_max;
        cp.n_batch = cp.n_ctx < 2048 ? cp.n_ctx : 2048;
        cp.n_ubatch = cp.n_batch < 512 ? cp.n_batch : 512;
        cp.n_threads = cp.n_threads_batch = threads(p->n_threads);
        cp.no_perf = true;
        m->ctx = llama_init_from_model(m->model, cp);
        if (!m->ctx)
            rc = ward_err_set(err, WARD_EMODEL, "llama.cpp cannot create a context of %d tokens x %d "
                              "sequences for %s (%s): lower llm_ctx or llm_slots", n_ctx, slots, p->model_path,
                              llm_llama_why("out of memory?"));
    }
    if (!rc) {
        m->vocab = llama_model_get_vocab(m->model);
        m->n_vocab = llama_vocab_n_tokens(m->vocab);
        rc = llm_batch_init(m, slots, err);
        /* A second core masks half the vocabulary for a grammar. */
        if (!rc && llama_n_threads(m->ctx) > 1) m->helper = llm_helper_start();
    }
    if (rc) {
        impl_free(m);
        return rc;
    }
    m->tmpl = llama_model_chat_template(m->model, NULL);
    m->seed = p->seed;
    llama_model_desc(m->model, m->desc, sizeof m->desc);
    const char *slash = strrchr(p->model_path, '/');
    *model_id = ward_xstrdup(slash ? slash + 1 : p->model_path);
    *out = m;
    return WARD_OK;
}

/* The chat rendered by the model's template, ending with the assistant cue. */
static int format_chat(llama_impl *m, const ward_chat_msg *msgs, size_t n, ward_buf *out, ward_err *err)
{
    struct llama_chat_message *cm = ward_xcalloc(n, sizeof *cm);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        cm[i].role = msgs[i].role;
        cm[i].content = msgs[i].content;
        total += strlen(msgs[i].content) + 64;
    }
    const char *tmpl = m->tmpl ? m->tmpl : "chatml";
    int32_t cap = (int32_t)(2 * total + 256), len;
    char *buf = ward_xmalloc((size_t)cap);
    len = llama_chat_apply_template(tmpl, cm, n, true, buf, cap);
    if (len > cap) {
        buf = ward_xrealloc(buf, (size_t)len + 1);
        len = llama_chat_apply_template(tmpl, cm, n, true, buf, len + 1);
    }
    free(cm);
    if (len < 0) {
        free(buf);
        return ward_err_set(err, WARD_EMODEL, "the model's chat template is not one llama.cpp can apply "
                            "(llama_chat_apply_template knows the common families: ChatML, Llama, "
                            "Mistral, Gemma, Phi...)");
    }
    ward_buf_append(out, buf, (size_t)len);
    free(buf);
    return WARD_OK;
}

static llama_token *tokenize(llama_impl *m, const char *text, size_t len, int *n_out)
{
    int n = -llama_tokenize(m->vocab, text, (int32_t)len, NULL, 0, true, true);
    llama_token *t = ward_xmalloc(sizeof *t * (size_t)(n > 0 ? n : 1));
    n = llama_tokenize(m->vocab, text, (int32_t)len, t, n, true, true);
    /* Templates that spell out the BOS text make the tokenizer add a second one. */
    llama_token bos = llama_vocab_bos(m->vocab);
    if (n >= 2 && t[0] == bos && t[1] == bos) {
        memmove(t, t + 1, sizeof *t * (size_t)(n - 1));
        n--;
    }
    *n_out = n;
    return t;
}

/* After the output ended: structured output must be complete. */
static int check_complete(llama_impl *m, llm_job *j, const ward_gen_params *g, ward_err *err)
{
    if (!j->s.grammar || j->ended_eog || j->st.done || llm_sample_complete(&j->s)) return WARD_OK;
    if (j->out->n_gen < g->max_tokens)
        return ward_err_set(err, WARD_EMODEL, "the structured output was not complete when the context window "
                            "(%d tokens) filled up: shorten the prompt or raise n_ctx (llm_ctx)", m->n_ctx_seq);
    return ward_err_set(err, WARD_EOUTPUT, "the structured output was not complete after %d tokens (max_tokens): "
                        "raise max_tokens", g->max_tokens);
}

/* Threads share a ward_llm (the server): each request runs on its
 * caller's thread, decoded together with the others in flight. */
static int llama_chat(void *impl, const ward_chat_msg *msgs, size_t n, const ward_gen_params *g,
                      ward_gen_result *out, ward_err *err)
{
    llama_impl *m = impl;
    llm_job j;
    memset(&j, 0, sizeof j);
    j.t0 = llm_now_ms();
    j.out = out, j.err = err;
    ward_buf text;
    ward_buf_init(&text);
    int rc = format_chat(m, msgs, n, &text, err);
    if (!rc) j.prompt = tokenize(m, text.data, text.len, &j.n_prompt);
    ward_buf_free(&text);
    out->n_prompt = j.n_prompt;
    if (!rc && j.n_prompt >= m->n_ctx_seq)
        rc = ward_err_set(err, WARD_EINPUT, "the prompt is %d tokens but the model's context holds %d: "
                          "shorten it or raise n_ctx (llm_ctx)", j.n_prompt, m->n_ctx_seq);
    if (!rc) rc = llm_sample_init(&j.s, m, g, err);
    llm_stream_init(&j.st, g);
    if (!rc) {
        llm_batch_run(m, &j);
        rc = j.rc;
    }
    if (!rc) rc = check_complete(m, &j, g, err);
    if (!rc) llm_stream_finish(&j.st, out);
    llm_stream_free(&j.st);
    llm_sample_free(&j.s);
    free(j.prompt);
    out->ms_total = llm_now_ms() - j.t0;
    return rc;
}

static int llama_probe(void *impl, ward_buf *info, ward_err *err)
{
    (void)err;
    llama_impl *m = impl;
    if (info)
        ward_buf_printf(info, "%s, %.1fM parameters, context %d tokens, %d requests at once, chat template: %s",
                        m->desc, (double)llama_model_n_params(m->model) / 1e6, m->n_ctx_seq, m->n_slots,
                        m->tmpl ? "from the model" : "none in the model (ChatML used)");
    return WARD_OK;
}

static int llama_n_ctx_of(void *impl)
{
    return ((llama_impl *)impl)->n_ctx_seq;
}

const llm_ops llm_llama_ops = {"llama", llama_chat, llama_probe, impl_free, llama_n_ctx_of, llm_batch_cancel};

#endif
