/* llm_sample.c — choosing each next token in-process: greedy, sampled, or
 * under a grammar.
 *
 * Sampling is greedy at temperature 0 (a plain argmax over the logits, the
 * fastest path), else top-p, temperature and a seeded draw. Every request
 * has its own sampler chain and grammar, so requests decoded together in
 * one batch (llm_batch.c) never share sampling state: each reads the
 * logits of its own batch entry.
 *
 * Structured output: a JSON schema becomes a GBNF grammar (llama.cpp's
 * converter, schema_grammar.cpp) and the grammar sampler masks every token
 * that would leave it. It fails closed: a schema or grammar that does not
 * compile is an error before any token. To make output that is still
 * incomplete at max_tokens rare, the last quarter of the budget is
 * "closing mode": among the tokens the grammar allows, prefer
 * end-of-output, then tokens that close strings, arrays and objects, then
 * the longest (forced literals such as property names). */
#ifdef WARD_HAVE_LLAMA
#include "llm_llama_int.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
        llm_llama_clear_why();
        s->grammar = llama_sampler_init_grammar(s->m->vocab, grammar, "root");
        free(gbnf);
        if (!s->grammar)
            return ward_err_set(err, WARD_EUSAGE, "the grammar does not compile (%s); nothing was generated",
                                llm_llama_why("GBNF parse error"));
    }
    if (g->temperature <= 0) return WARD_OK;   /* greedy: a plain argmax, no chain */
    s->chain = llama_sampler_chain_init(llama_sampler_chain_default_params());
    if (g->ignore_eos) {
        int n = 0;
        llama_logit_bias *bias = ward_xmalloc(sizeof *bias * (size_t)s->m->n_vocab);
        for (llama_token t = 0; t < s->m->n_vocab; t++)
            if (llama_vocab_is_eog(s->m->vocab, t)) bias[n++] = (llama_logit_bias){t, -INFINITY};
        llama_sampler_chain_add(s->chain, llama_sampler_init_logit_bias(s->m->n_vocab, n, bias));
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
    int n = s->m->n_vocab;
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
    ward_buf b;
    ward_buf_init(&b);
    m->piece_at = ward_xmalloc(sizeof *m->piece_at * (size_t)n_vocab);
    for (int c = 0; c < 128; c++) m->probe[c] = -1;
    for (int t = 0; t < n_vocab; t++) {
        char piece[256];
        int len = llama_token_to_piece(m->vocab, t, piece, sizeof piece - 1, 0, false);
        m->piece_at[t] = (int)b.len;
        ward_buf_append(&b, piece, len > 0 ? (size_t)len : 0);
        ward_buf_putc(&b, 0);
        unsigned char c = (unsigned char)piece[0];
        if (len == 1 && c > 0 && c < 128 && m->probe[c] < 0 && !llama_vocab_is_eog(m->vocab, t)) m->probe[c] = t;
    }
    m->pieces = ward_buf_steal(&b);
}

/* True when text ends inside a UTF-8 character: the grammar is then part
 * way through one, and a token's first byte is not its first character. */
static int utf8_open(const char *text)
{
    size_t n = strlen(text), back = 0;
    while (back < n && back < 4 && ((unsigned char)text[n - 1 - back] & 0xC0) == 0x80) back++;
    if (back == n) return back > 0;
    unsigned char lead = (unsigned char)text[n - 1 - back];
    size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    return back < need;
}

/* The candidates for masking, in token order. A token whose first byte is
 * an ASCII character the grammar refuses right now cannot be allowed, so
 * it is left out before the grammar sees the vocabulary: the one-byte
 * tokens (one per ASCII character, found in load_pieces) are asked first,
 * about 100 candidates instead of 32k. The rest is masked as before, so
 * the verdicts are the same; only fewer tokens are decoded and matched. */
static llama_token_data_array candidates(gen *s, const float *logits, const char *text)
{
    llama_impl *m = s->m;
    unsigned char refused[128] = {0};
    if (!utf8_open(text)) {
        llama_token_data probe[128];
        size_t n = 0;
        for (int c = 1; c < 128; c++)
            if (m->probe[c] >= 0) probe[n++] = (llama_token_data){m->probe[c], 0.0f, 0.0f};
        llama_token_data_array arr = {probe, n, -1, false};
        llama_sampler_apply(s->grammar, &arr);
        for (size_t i = 0; i < n; i++)
            if (isinf(probe[i].logit)) refused[(unsigned char)m->pieces[m->piece_at[probe[i].id]]] = 1;
    }
    size_t n = 0;
    for (int i = 0; i < m->n_vocab; i++) {
        unsigned char c = (unsigned char)m->pieces[m->piece_at[i]];
        if (c < 128 && refused[c] && !llama_vocab_is_eog(m->vocab, i)) continue;
        s->cand[n++] = (llama_token_data){i, logits[i], 0.0f};
    }
    llama_token_data_array arr = {s->cand, n, -1, false};
    llm_mask(m->helper, s->grammar, &arr);
    return arr;
}

/* Closing mode: the allowed token that ends the structure soonest. */
static llama_token closing_token(gen *s, const float *logits, const char *text)
{
    jstate at = {0, 0};
    int ignore = 0;
    jstate_feed(&at, text, (int)strlen(text), &ignore, &ignore);
    llama_token_data_array arr = candidates(s, logits, text);
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
int llm_sample_complete(gen *s)
{
    llama_token eog[2] = {llama_vocab_eos(s->m->vocab), llama_vocab_eot(s->m->vocab)};
    for (int i = 0; i < 2; i++)
        if (eog[i] >= 0 && grammar_allows(s, eog[i])) return 1;
    return 0;
}

/* The next token without the grammar: the chain over the whole vocabulary
 * (what llama_sampler_sample does, but from a logits row the caller holds:
 * requests sample on their own threads at once, and the context's own
 * accessors are not made for that). */
static llama_token pick(gen *s, const float *logits)
{
    if (!s->chain) return argmax(s, logits);
    for (int i = 0; i < s->m->n_vocab; i++) s->cand[i] = (llama_token_data){i, logits[i], 0.0f};
    llama_token_data_array arr = {s->cand, (size_t)s->m->n_vocab, -1, false};
    llama_sampler_apply(s->chain, &arr);
    llama_token t = arr.selected >= 0 && (size_t)arr.selected < arr.size ? arr.data[arr.selected].id
                                                                        : argmax(s, logits);
    llama_sampler_accept(s->chain, t);
    return t;
}

/* The next token among those the grammar allows: the vocabulary masked
 * (candidates), then the same sampling. */
static llama_token pick_constrained(gen *s, const float *logits, const char *text)
{
    llama_token_data_array arr = candidates(s, logits, text);
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
llama_token llm_sample_next(gen *s, const float *logits, int closing, const char *text)
{
    if (!s->grammar) return pick(s, logits);
    llama_token t = closing ? closing_token(s, logits, text) : pick(s, logits);
    if (t < 0 || !grammar_allows(s, t)) t = pick_constrained(s, logits, text);
    llama_sampler_accept(s->grammar, t);
    return t;
}

int llm_sample_init(gen *s, llama_impl *m, const ward_gen_params *g, ward_err *err)
{
    memset(s, 0, sizeof *s);
    s->m = m, s->g = g;
    int rc = make_sampler(s, err);
    if (rc || (!s->grammar && !s->chain)) return rc;
    s->cand = ward_xmalloc(sizeof *s->cand * (size_t)m->n_vocab);
    if (!s->grammar) return WARD_OK;
    pthread_mutex_lock(&m->mu);   /* made once, by the first request that needs it */
    if (!m->pieces) load_pieces(m, m->n_vocab);
    pthread_mutex_unlock(&m->mu);
    return WARD_OK;
}

void llm_sample_free(gen *s)
{
    if (s->chain) llama_sampler_free(s->chain);
    if (s->grammar) llama_sampler_free(s->grammar);
    free(s->cand);
    memset(s, 0, sizeof *s);
}

#endif
