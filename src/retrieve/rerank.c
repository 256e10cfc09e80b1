/* rerank.c — reordering candidates with a cross-encoder through llama.cpp.
 *
 * Ideas a reader needs:
 *  - The context is made with LLAMA_POOLING_TYPE_RANK: llama.cpp attaches
 *    the model's classification head and returns one score per sequence
 *    (llama_get_embeddings_seq gives n_cls_out floats; Ward uses the first).
 *  - A pair is tokenized as the query with the model's special tokens
 *    ([CLS] query [SEP] for BERT-family rerankers) followed by the chunk and
 *    one more separator. Decoder rerankers with their own prompt format are
 *    not covered.
 *  - One pair per decode: scores never depend on what else is in a batch,
 *    and a model without a head of the expected shape still cannot read
 *    another pair's output.
 */
#include "retrieve_int.h"

#ifndef WARD_HAVE_LLAMA

int ward_reranker_open(const char *model_path, ward_reranker **out, ward_err *err)
{
    (void)model_path;
    *out = NULL;
    return ward_err_set(err, WARD_EMODEL, "this build has no llama.cpp: reranking needs it (see docs/models.md)");
}
void ward_reranker_free(ward_reranker *r) { (void)r; }
int ward_rerank(ward_reranker *r, const char *query, const char *const *docs, size_t n, float *scores, ward_err *err)
{
    (void)r, (void)query, (void)docs, (void)n, (void)scores;
    return ward_err_set(err, WARD_EMODEL, "this build has no llama.cpp");
}

#else
#include "embed/llama_load_int.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct ward_reranker {
    struct llama_model *model;
    struct llama_context *ctx;
    const struct llama_vocab *vocab;
    int n_ctx;
};

void ward_reranker_free(ward_reranker *r)
{
    if (!r) return;
    if (r->ctx) llama_free(r->ctx);
    if (r->model) llama_model_free(r->model);
    free(r);
}

int ward_reranker_open(const char *model_path, ward_reranker **out, ward_err *err)
{
    *out = NULL;
    ward_reranker *r = ward_xcalloc(1, sizeof *r);
    int rc = embed_llama_load(model_path, "reranker", &r->model, err);
    if (!rc) {
        int train = llama_model_n_ctx_train(r->model);
        r->n_ctx = train > 0 && train < 8192 ? train : 8192;
        struct llama_context_params cp = llama_context_default_params();
        cp.embeddings = true;
        cp.pooling_type = LLAMA_POOLING_TYPE_RANK;
        cp.n_ctx = cp.n_batch = cp.n_ubatch = (uint32_t)r->n_ctx;
        cp.n_seq_max = 1;
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        cp.n_threads = cp.n_threads_batch = (int)(cores > 0 ? cores : 1);
        r->ctx = llama_init_from_model(r->model, cp);
        if (!r->ctx) rc = ward_err_set(err, WARD_EMODEL, "reranker %s: llama.cpp cannot run it with rank pooling", model_path);
        r->vocab = llama_model_get_vocab(r->model);
    }
    if (rc) {
        ward_reranker_free(r);
        return rc;
    }
    *out = r;
    return WARD_OK;
}

/* [CLS] query [SEP] doc [SEP], cut to the context (the query is kept). */
static int pair_tokens(ward_reranker *r, const char *query, const char *doc, llama_token **out)
{
    llama_token *q, *d;
    int nq = embed_llama_tokenize(r->vocab, query, 1, r->n_ctx / 2, &q);
    int nd = embed_llama_tokenize(r->vocab, doc, 0, r->n_ctx - nq - 1, &d);
    llama_token sep = llama_vocab_sep(r->vocab);
    if (sep == LLAMA_TOKEN_NULL) sep = llama_vocab_eos(r->vocab);
    llama_token *t = ward_xmalloc(sizeof *t * (size_t)(nq + nd + 1));
    memcpy(t, q, sizeof *t * (size_t)nq);
    memcpy(t + nq, d, sizeof *t * (size_t)nd);
    int n = nq + nd;
    if (sep != LLAMA_TOKEN_NULL) t[n++] = sep;
    free(q), free(d);
    *out = t;
    return n;
}

int ward_rerank(ward_reranker *r, const char *query, const char *const *docs, size_t n, float *scores, ward_err *err)
{
    struct llama_batch b = llama_batch_init(r->n_ctx, 0, 1);
    int rc = WARD_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        llama_token *t;
        int nt = pair_tokens(r, query, docs[i] ? docs[i] : "", &t);
        b.n_tokens = 0;
        for (int j = 0; j < nt; j++) {
            b.token[j] = t[j];
            b.pos[j] = j;
            b.n_seq_id[j] = 1;
            b.seq_id[j][0] = 0;
            b.logits[j] = 1;
        }
        b.n_tokens = nt;
        free(t);
        llama_memory_clear(llama_get_memory(r->ctx), true);
        int dr = llama_decode(r->ctx, b);
        const float *s = dr == 0 ? llama_get_embeddings_seq(r->ctx, 0) : NULL;
        if (!s) rc = ward_err_set(err, WARD_EMODEL, "the reranker failed on a candidate (llama.cpp error %d)", dr);
        else scores[i] = s[0];
    }
    llama_batch_free(b);
    return rc;
}
#endif
