/* llm_llama.c — generation with llama.cpp in-process, any chat GGUF.
 *
 * The prompt is the model's own chat template (GGUF metadata) applied by
 * llama_chat_apply_template; a model without one gets ChatML. Sampling is
 * greedy at temperature 0 (a plain argmax over the logits, the fastest
 * path), else top-p, temperature and a seeded draw.
 *
 * Structured output: a JSON schema becomes a GBNF grammar (llama.cpp's
 * converter, schema_grammar.cpp) and the grammar sampler masks every token
 * that would leave it. It fails closed: a schema or grammar that does not
 * compile is an error before any token, and output that is not complete
 * when max_tokens runs out is an error too. To make that rare, the last
 * quarter of the budget is "closing mode": among the tokens the grammar
 * allows, prefer end-of-output, then tokens that close strings, arrays and
 * objects, then the longest (forced literals such as property names).
 *
 * KV-cache reuse: the context remembers the tokens whose keys and values it
 * holds. A new prompt that shares a prefix with them (one patient's chart
 * across several questions) decodes only the rest; the stale tail is
 * removed with llama_memory_seq_rm. n_prompt_reused reports the saving. */
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

const llm_ops llm_llama_ops = {"llama", no_chat, no_probe, no_free, NULL};

#else

#include <jansson.h>
#include <llama.h>
#include <math.h>
#include <pthread.h>
#include <unistd.h>

typedef struct llama_impl {
    struct llama_model *model;
    struct llama_context *ctx;
    const struct llama_vocab *vocab;
    const char *tmpl;          /* chat template from the GGUF (owned by the model), or NULL */
    llama_token *cache;        /* tokens the context holds, position by position */
    int n_cache, cap_cache;
    unsigned seed;
    char desc[256];
    pthread_mutex_t lock;      /* one generation at a time: the context is not shareable */
    char *pieces;              /* closing mode: every token's text, NUL-separated */
    int *piece_at;             /* offset of token i's text in pieces */
} llama_impl;

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

static const char *why(const char *fallback)
{
    char *s = ward_str_trim(last_error);
    return *s ? s : fallback;
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
    if (m->ctx) llama_free(m->ctx);
    if (m->model) llama_model_free(m->model);
    free(m->cache);
    free(m->pieces);
    free(m->piece_at);
    pthread_mutex_destroy(&m->lock);
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
    llama_impl *m = ward_xcalloc(1, sizeof *m);
    pthread_mutex_init(&m->lock, NULL);
    last_error[0] = 0;
    m->model = llama_model_load_from_file(p->model_path, llama_model_default_params());
    if (!m->model) {
        rc = ward_err_set(err, WARD_EMODEL, "llama.cpp cannot load %s (%s): the file is corrupt or its "
                          "architecture is not supported by this llama.cpp", p->model_path,
                          why("no detail"));
    } else if (is_embedding_model(m->model)) {
        rc = ward_err_set(err, WARD_EMODEL, "%s is an embedding model (it cannot generate text); "
                          "a chat model is needed", p->model_path);
    }
    if (!rc) {
        struct llama_context_params cp = llama_context_default_params();
        int n_train = llama_model_n_ctx_train(m->model);
        int n_ctx = p->n_ctx > 0 ? p->n_ctx : 4096;
        if (n_train > 0 && n_ctx > n_train) n_ctx = n_train;
        cp.n_ctx = (uint32_t)n_ctx;
        cp.n_batch = cp.n_ctx < 2048 ? cp.n_ctx : 2048;
        cp.n_ubatch = cp.n_batch < 512 ? cp.n_batch : 512;
        cp.n_threads = cp.n_threads_batch = threads(p->n_threads);
        cp.no_perf = true;
        m->ctx = llama_init_from_model(m->model, cp);
        if (!m->ctx)
            rc = ward_err_set(err, WARD_EMODEL, "llama.cpp cannot create a context of %d tokens for %s (%s)",
                              n_ctx, p->model_path, why("out of memory?"));
    }
    if (rc) {
        impl_free(m);
        return rc;
    }
    m->vocab = llama_model_get_vocab(m->model);
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

static void cache_push(llama_impl *m, const llama_token *t, int n)
{
    if (m->n_cache + n > m->cap_cache) {
        m->cap_cache = (m->n_cache + n) * 2;
        m->cache = ward_xrealloc(m->cache, sizeof *m->cache * (size_t)m->cap_cache);
    }
    memcpy(m->cache + m->n_cache, t, sizeof *t * (size_t)n);
    m->n_cache += n;
}

static void cache_reset(llama_impl *m)
{
    llama_memory_clear(llama_get_memory(m->ctx), true);
    m->n_cache = 0;
}

static int decode(llama_impl *m, llama_token *t, int n, ward_err *err)
{
    int nb = (int)llama_n_batch(m->ctx);
    for (int i = 0; i < n; i += nb) {
        int k = n - i < nb ? n - i : nb;
        if (llama_decode(m->ctx, llama_batch_get_one(t + i, k))) {
            cache_reset(m);
            return ward_err_set(err, WARD_EMODEL, "llama.cpp failed to decode (%s)", why("no detail"));
        }
        cache_push(m, t + i, k);
    }
    return WARD_OK;
}

/* Feeds the prompt, keeping the cached prefix it shares with the last one;
 * returns how many prompt tokens were served from the cache. */
static int feed_prompt(llama_impl *m, llama_token *prompt, int n, int *reused, ward_err *err)
{
    int common = 0;
    while (common < m->n_cache && common < n && m->cache[common] == prompt[common]) common++;
    if (common == n) common--;   /* the last token is decoded again for its logits */
    if (common <= 0 || !llama_memory_seq_rm(llama_get_memory(m->ctx), 0, common, -1)) {
        cache_reset(m);
        common = 0;
    }
    m->n_cache = common;
    *reused = common;
    return decode(m, prompt + common, n - common, err);
}

/* Sampling state of one generation. */
typedef struct gen {
    llama_impl *m;
    const ward_gen_params *g;
    struct llama_sampler *chain;   /* temperature, top-p, draw; NULL: greedy argmax */
    struct llama_sampler *grammar; /* the constraint, or NULL */
    llama_token_data *cand;        /* closing mode scratch */
    int n_vocab;
} gen;

/* llama.cpp's converter enforces only anchored patterns ("^...$"); it
 * would let any string through for the others, so they are refused. */
static int unanchored_pattern(json_t *node)
{
    if (json_is_array(node)) {
        size_t i;
        json_t *v;
        json_array_foreach(node, i, v) if (unanchored_pattern(v)) return 1;
    }
    if (!json_is_object(node)) return 0;
    const char *k;
    json_t *v;
    json_object_foreach(node, k, v) {
        const char *pat = json_string_value(v);
        if (!strcmp(k, "pattern") && pat && (pat[0] != '^' || !ward_str_endswith(pat, "$"))) return 1;
        if (unanchored_pattern(v)) return 1;
    }
    return 0;
}

static int make_sampler(gen *s, ward_err *err)
{
    const ward_gen_params *g = s->g;
    char *gbnf = NULL;
    if (g->json_schema) {
        json_t *schema = json_loads(g->json_schema, JSON_DECODE_ANY, NULL);
        int bad = unanchored_pattern(schema);
        json_decref(schema);
        if (bad)
            return ward_err_set(err, WARD_EUSAGE, "the JSON schema has a pattern that is not anchored "
                                "(^...$), which the grammar cannot enforce; nothing was generated");
        char why_s[512] = "";
        if (llm_schema_to_grammar(g->json_schema, &gbnf, why_s, sizeof why_s))
            return ward_err_set(err, WARD_EUSAGE, "the JSON schema cannot be compiled to a grammar "
                                "(%s); nothing was generated", ward_str_trim(why_s));
    }
    const char *grammar = gbnf ? gbnf : g->grammar;
    if (grammar) {
        last_error[0] = 0;
        s->grammar = llama_sampler_init_grammar(s->m->vocab, grammar, "root");
        free(gbnf);
        if (!s->grammar)
            return ward_err_set(err, WARD_EUSAGE, "the grammar does not compile (%s); nothing was generated",
                                why("GBNF parse error"));
    }
    if (g->temperature <= 0) return WARD_OK;   /* greedy: a plain argmax, no chain */
    s->chain = llama_sampler_chain_init(llama_sampler_chain_default_params());
    if (g->ignore_eos) {
        int n = 0;
        llama_logit_bias *bias = ward_xmalloc(sizeof *bias * (size_t)s->n_vocab);
        for (llama_token t = 0; t < s->n_vocab; t++)
            if (llama_vocab_is_eog(s->m->vocab, t)) bias[n++] = (llama_logit_bias){t, -INFINITY};
        llama_sampler_chain_add(s->chain, llama_sampler_init_logit_bias(s->n_vocab, n, bias));
        free(bias);
    }
    if (g->top_p > 0 && g->top_p < 1) llama_sampler_chain_add(s->chain, llama_sampler_init_top_p(g->top_p, 1));
    llama_sampler_chain_add(s->chain, llama_sampler_init_temp(g->temperature));
    llama_sampler_chain_add(s->chain, llama_sampler_init_dist(s->m->seed));
    return WARD_OK;
}

/* The largest logit. Eight independent lanes let the compiler use SIMD
 * (one running maximum is a dependency chain it must keep in order):
 * ~3x faster on a 32k vocabulary, which matters at hundreds of tokens/s. */
static float max_logit(const float *l, int n)
{
    float m[8];
    for (int k = 0; k < 8; k++) m[k] = -INFINITY;
    int i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; k++) m[k] = l[i + k] > m[k] ? l[i + k] : m[k];
    float best = -INFINITY;
    for (int k = 0; k < 8; k++) best = m[k] > best ? m[k] : best;
    for (; i < n; i++) best = l[i] > best ? l[i] : best;
    return best;
}

/* Greedy choice; end-of-generation tokens are skipped only when asked
 * (benchmarks that must generate a fixed number of tokens). */
static llama_token argmax(const gen *s, const float *logits)
{
    int n = s->n_vocab;
    float best = max_logit(logits, n);
    llama_token t = 0;
    while (t < n - 1 && logits[t] != best) t++;
    if (!s->g->ignore_eos || !llama_vocab_is_eog(s->m->vocab, t)) return t;
    llama_token alt = -1;
    for (int i = 0; i < n; i++)
        if ((alt < 0 || logits[i] > logits[alt]) && !llama_vocab_is_eog(s->m->vocab, i)) alt = i;
    return alt;
}

/* JSON lexical state at the end of text: inside a string, after a backslash. */
typedef struct jstate {
    int in_string, escaped;
} jstate;

static void jstate_feed(jstate *j, const char *p, int len, int *closes, int *opens)
{
    for (int i = 0; i < len; i++) {
        char c = p[i];
        if (j->in_string) {
            if (j->escaped) j->escaped = 0;
            else if (c == '\\') j->escaped = 1;
            else if (c == '"') j->in_string = 0, ++*closes;
        } else if (c == '"') {
            j->in_string = 1, ++*opens;
        } else if (c == '}' || c == ']') {
            ++*closes;
        } else if (c == '{' || c == '[') {
            ++*opens;
        }
    }
}

/* Closing mode score: structures closed minus opened, then length (forced
 * literals such as property names go fastest in long tokens). */
static int closing_score(jstate at, const char *piece, int len)
{
    int closes = 0, opens = 0;
    jstate_feed(&at, piece, len, &closes, &opens);
    return 1000 * (closes - opens) + len;
}

/* Every token's text, made once: closing mode scores most of the
 * vocabulary at each step. */
static void load_pieces(llama_impl *m, int n_vocab)
{
    if (m->pieces) return;
    ward_buf b;
    ward_buf_init(&b);
    m->piece_at = ward_xmalloc(sizeof *m->piece_at * (size_t)n_vocab);
    for (int t = 0; t < n_vocab; t++) {
        char piece[256];
        int len = llama_token_to_piece(m->vocab, t, piece, sizeof piece - 1, 0, false);
        m->piece_at[t] = (int)b.len;
        ward_buf_append(&b, piece, len > 0 ? (size_t)len : 0);
        ward_buf_putc(&b, 0);
    }
    m->pieces = ward_buf_steal(&b);
}

/* Closing mode: the allowed token that ends the structure soonest. */
static llama_token closing_token(gen *s, const float *logits, const char *text)
{
    jstate at = {0, 0};
    int ignore = 0;
    jstate_feed(&at, text, (int)strlen(text), &ignore, &ignore);
    for (int i = 0; i < s->n_vocab; i++) s->cand[i] = (llama_token_data){i, logits[i], 0.0f};
    llama_token_data_array arr = {s->cand, (size_t)s->n_vocab, -1, false};
    llama_sampler_apply(s->grammar, &arr);
    llama_token best = -1;
    int best_score = INT32_MIN;
    for (size_t i = 0; i < arr.size; i++) {
        if (isinf(arr.data[i].logit)) continue;
        llama_token t = arr.data[i].id;
        if (llama_vocab_is_eog(s->m->vocab, t)) return t;
        const char *piece = s->m->pieces + s->m->piece_at[t];
        int score = closing_score(at, piece, (int)strlen(piece));
        if (score > best_score) best_score = score, best = t;
    }
    return best;
}

/* True when the grammar accepts token t next (one candidate, not 32k+). */
static int grammar_allows(gen *s, llama_token t)
{
    llama_token_data d = {t, 0.0f, 0.0f};
    llama_token_data_array arr = {&d, 1, -1, false};
    llama_sampler_apply(s->grammar, &arr);
    return !isinf(d.logit);
}

/* True when the grammar may end here (it allows an end-of-generation token). */
static int grammar_complete(gen *s)
{
    llama_token eog[2] = {llama_vocab_eos(s->m->vocab), llama_vocab_eot(s->m->vocab)};
    for (int i = 0; i < 2; i++)
        if (eog[i] >= 0 && grammar_allows(s, eog[i])) return 1;
    return 0;
}

/* The next token without the grammar. */
static llama_token pick(gen *s, const float *logits)
{
    return s->chain ? llama_sampler_sample(s->chain, s->m->ctx, -1) : argmax(s, logits);
}

/* The next token among those the grammar allows: the whole vocabulary
 * masked, then the same sampling. */
static llama_token pick_constrained(gen *s, const float *logits)
{
    for (int i = 0; i < s->n_vocab; i++) s->cand[i] = (llama_token_data){i, logits[i], 0.0f};
    llama_token_data_array arr = {s->cand, (size_t)s->n_vocab, -1, false};
    llama_sampler_apply(s->grammar, &arr);
    if (s->chain) {
        llama_sampler_apply(s->chain, &arr);
        if (arr.selected >= 0 && (size_t)arr.selected < arr.size && !isinf(arr.data[arr.selected].logit)) {
            llama_token t = arr.data[arr.selected].id;
            llama_sampler_accept(s->chain, t);
            return t;
        }
    }
    size_t best = arr.size;
    for (size_t i = 0; i < arr.size; i++)
        if (!isinf(arr.data[i].logit) && (best == arr.size || arr.data[i].logit > arr.data[best].logit)) best = i;
    return best == arr.size ? llama_vocab_eos(s->m->vocab) : arr.data[best].id;
}

/* With a grammar, the unconstrained choice is tried first and kept when the
 * grammar allows it (as llama.cpp's own sampler does): checking one token
 * is far cheaper than masking the vocabulary, and inside a string most
 * tokens are allowed. Greedy output is the same either way. */
static llama_token next_token(gen *s, int closing, const char *text)
{
    const float *logits = llama_get_logits_ith(s->m->ctx, -1);
    if (!s->grammar) return pick(s, logits);
    llama_token t = closing ? closing_token(s, logits, text) : pick(s, logits);
    if (t < 0 || !grammar_allows(s, t)) t = pick_constrained(s, logits);
    llama_sampler_accept(s->grammar, t);
    return t;
}

static void append_piece(gen *s, llama_token t, ward_buf *piece)
{
    ward_buf_reset(piece);
    char small[256];
    int n = llama_token_to_piece(s->m->vocab, t, small, sizeof small, 0, false);
    if (n >= 0) {
        ward_buf_append(piece, small, (size_t)n);
        return;
    }
    char *big = ward_xmalloc((size_t)-n);
    n = llama_token_to_piece(s->m->vocab, t, big, -n, 0, false);
    if (n > 0) ward_buf_append(piece, big, (size_t)n);
    free(big);
}

/* The token loop; sets *ended_eog when the model (or grammar) ended the
 * output. The budget is max_tokens or the room left in the context,
 * whichever is smaller, and closing mode works from that budget. */
static int generate(gen *s, llm_stream *st, ward_gen_result *out, double t0, int *ended_eog, ward_err *err)
{
    int n_ctx = (int)llama_n_ctx(s->m->ctx), room = n_ctx - s->m->n_cache;
    int max = s->g->max_tokens < room ? s->g->max_tokens : room;
    int reserve = max / 4 > 64 ? 64 : max / 4 < 8 ? 8 : max / 4;
    ward_buf piece;
    ward_buf_init(&piece);
    int rc = WARD_OK;
    for (int i = 0; i < max && !rc; i++) {
        llama_token t = next_token(s, s->grammar && max - i <= reserve, st->text.data);
        if (i == 0) out->ms_first_token = llm_now_ms() - t0;
        if (llama_vocab_is_eog(s->m->vocab, t) && !s->g->ignore_eos) {
            *ended_eog = 1;
            break;
        }
        out->n_gen++;
        append_piece(s, t, &piece);
        if (llm_stream_push(st, piece.data ? piece.data : "", piece.len)) break;
        if (i + 1 == max || s->m->n_cache + 1 >= n_ctx) break;
        rc = decode(s->m, &t, 1, err);
    }
    ward_buf_free(&piece);
    return rc;
}

static int llama_chat_locked(llama_impl *m, const ward_chat_msg *msgs, size_t n, const ward_gen_params *g,
                             ward_gen_result *out, ward_err *err)
{
    double t0 = llm_now_ms();
    gen s = {m, g, NULL, NULL, NULL, llama_vocab_n_tokens(m->vocab)};
    ward_buf text;
    ward_buf_init(&text);
    int rc = format_chat(m, msgs, n, &text, err), n_prompt = 0, ended_eog = 0;
    llama_token *prompt = rc ? NULL : tokenize(m, text.data, text.len, &n_prompt);
    ward_buf_free(&text);
    if (!rc && n_prompt >= (int)llama_n_ctx(m->ctx))
        rc = ward_err_set(err, WARD_EINPUT, "the prompt is %d tokens but the model's context holds %d: "
                          "shorten it or raise n_ctx (llm_ctx)", n_prompt, (int)llama_n_ctx(m->ctx));
    if (!rc) rc = make_sampler(&s, err);
    if (!rc) rc = feed_prompt(m, prompt, n_prompt, &out->n_prompt_reused, err);
    out->n_prompt = n_prompt;
    free(prompt);
    llm_stream st;
    llm_stream_init(&st, g);
    if (s.grammar) {
        s.cand = ward_xmalloc(sizeof *s.cand * (size_t)s.n_vocab);
        load_pieces(m, s.n_vocab);
    }
    if (!rc) rc = generate(&s, &st, out, t0, &ended_eog, err);
    if (!rc && s.grammar && !ended_eog && !st.done && !grammar_complete(&s))
        rc = out->n_gen < g->max_tokens
                 ? ward_err_set(err, WARD_EMODEL, "the structured output was not complete when the context "
                                "window (%u tokens) filled up: shorten the prompt or raise n_ctx (llm_ctx)",
                                llama_n_ctx(m->ctx))
                 : ward_err_set(err, WARD_EOUTPUT, "the structured output was not complete after %d tokens "
                                "(max_tokens): raise max_tokens", g->max_tokens);
    if (!rc) llm_stream_finish(&st, out);
    llm_stream_free(&st);
    if (s.chain) llama_sampler_free(s.chain);
    if (s.grammar) llama_sampler_free(s.grammar);
    free(s.cand);
    out->ms_total = llm_now_ms() - t0;
    return rc;
}

/* Threads share a ward_llm (the server); they take turns on its context. */
static int llama_chat(void *impl, const ward_chat_msg *msgs, size_t n, const ward_gen_params *g,
                      ward_gen_result *out, ward_err *err)
{
    llama_impl *m = impl;
    pthread_mutex_lock(&m->lock);
    int rc = llama_chat_locked(m, msgs, n, g, out, err);
    pthread_mutex_unlock(&m->lock);
    return rc;
}

static int llama_probe(void *impl, ward_buf *info, ward_err *err)
{
    (void)err;
    llama_impl *m = impl;
    if (info)
        ward_buf_printf(info, "%s, %.1fM parameters, context %u tokens, chat template: %s", m->desc,
                        (double)llama_model_n_params(m->model) / 1e6, llama_n_ctx(m->ctx),
                        m->tmpl ? "from the model" : "none in the model (ChatML used)");
    return WARD_OK;
}

static int llama_n_ctx_of(void *impl)
{
    return (int)llama_n_ctx(((llama_impl *)impl)->ctx);
}

const llm_ops llm_llama_ops = {"llama", llama_chat, llama_probe, impl_free, llama_n_ctx_of};

#endif
