/* embed_llama.c — embeddings from any GGUF embedding model, in-process.
 *
 * Ideas a reader needs:
 *  - Pooling comes from the model's metadata (the context is created with
 *    LLAMA_POOLING_TYPE_UNSPECIFIED): mean/CLS for BERT-family encoders,
 *    last-token for decoder embedding models. A model with no pooling (a
 *    chat model) or rank pooling (a reranker) is refused: its per-sequence
 *    output is not a sentence embedding.
 *  - Several texts go into one llama_batch as distinct sequences, so the
 *    model runs once per batch; a sequence sees only its own tokens, which
 *    is why batched vectors equal one-by-one vectors. Each text is cut to the
 *    context length (n_batch = n_ubatch = n_ctx: non-causal encoders need a
 *    whole sequence in one micro-batch).
 *  - Vectors come out L2-normalized, like every Ward embedder's.
 */
#include "embed_int.h"

#ifndef WARD_HAVE_LLAMA

int embed_llama_open(const ward_embed_params *p, ward_embedder *e, ward_err *err)
{
    (void)p, (void)e;
    return ward_err_set(err, WARD_EMODEL, "this build has no llama.cpp: use the lexical or the http embedder, or "
                        "rebuild Ward with llama.cpp (scripts/llama.sh, see docs/models.md)");
}

#else
#include "llama_load_int.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    struct llama_model *model;
    struct llama_context *ctx;
    const struct llama_vocab *vocab;
    int n_ctx, n_seq, encoder_only;
} llama_embed;

static void llama_embed_free(ward_embedder *e)
{
    llama_embed *le = e->impl;
    if (!le) return;
    if (le->ctx) llama_free(le->ctx);
    if (le->model) llama_model_free(le->model);
    free(le);
}

/* Runs the model on `seqs` texts already in batch b and copies their pooled
 * vectors into out. */
static int run_batch(ward_embedder *e, struct llama_batch *b, int seqs, float *out, ward_err *err)
{
    llama_embed *le = e->impl;
    llama_memory_clear(llama_get_memory(le->ctx), true);
    int rc = le->encoder_only ? llama_encode(le->ctx, *b) : llama_decode(le->ctx, *b);
    if (rc != 0) return ward_err_set(err, WARD_EMODEL, "the embedding model failed on a batch (llama.cpp error %d)", rc);
    for (int s = 0; s < seqs; s++) {
        const float *v = llama_get_embeddings_seq(le->ctx, s);
        if (!v) return ward_err_set(err, WARD_EMODEL, "the embedding model gave no pooled output");
        memcpy(out + (size_t)s * e->dim, v, sizeof *out * (size_t)e->dim);
        ward_vec_normalize(out + (size_t)s * e->dim, e->dim);
    }
    b->n_tokens = 0;
    return WARD_OK;
}

static int llama_embed_batch(ward_embedder *e, const char *const *texts, size_t n, float *out, ward_err *err)
{
    llama_embed *le = e->impl;
    struct llama_batch b = llama_batch_init(le->n_ctx, 0, 1);
    int rc = WARD_OK, seqs = 0;
    size_t first = 0;    /* the text of sequence 0 in the pending batch */
    for (size_t i = 0; i < n && !rc; i++) {
        llama_token *tok;
        int nt = embed_llama_tokenize(le->vocab, texts[i] ? texts[i] : "", 1, le->n_ctx, &tok);
        /* Flush when full, and before an empty text so rows stay in order. */
        if (seqs && (b.n_tokens + nt > le->n_ctx || seqs == le->n_seq || !nt)) {
            rc = run_batch(e, &b, seqs, out + first * e->dim, err);
            seqs = 0;
        }
        if (!seqs) first = i;
        if (!nt) memset(out + i * e->dim, 0, sizeof *out * (size_t)e->dim);  /* nothing to embed */
        for (int t = 0; !rc && t < nt; t++) {
            b.token[b.n_tokens] = tok[t];
            b.pos[b.n_tokens] = t;
            b.n_seq_id[b.n_tokens] = 1;
            b.seq_id[b.n_tokens][0] = seqs;
            b.logits[b.n_tokens] = 1;
            b.n_tokens++;
        }
        if (nt) seqs++;
        free(tok);
    }
    if (!rc && seqs) rc = run_batch(e, &b, seqs, out + first * e->dim, err);
    llama_batch_free(b);
    return rc;
}

static const embed_ops llama_ops = {llama_embed_batch, llama_embed_free};

int embed_llama_open(const ward_embed_params *p, ward_embedder *e, ward_err *err)
{
    llama_embed *le = ward_xcalloc(1, sizeof *le);
    e->impl = le;
    e->ops = &llama_ops;
    int rc = embed_llama_load(p->model, "embedding model", &le->model, err);
    if (rc) goto fail;
    int train = llama_model_n_ctx_train(le->model);
    le->n_ctx = train > 0 && train < 8192 ? train : 8192;
    le->n_seq = e->batch < 256 ? e->batch : 256;
    e->batch = le->n_seq;
    /* llama.cpp reserves its graph with n_ctx / n_seq tokens per sequence:
     * a remainder breaks the pooling graph (assert), so round it away. */
    if (le->n_ctx >= le->n_seq) le->n_ctx -= le->n_ctx % le->n_seq;
    struct llama_context_params cp = llama_context_default_params();
    cp.embeddings = true;
    cp.pooling_type = LLAMA_POOLING_TYPE_UNSPECIFIED;
    cp.n_ctx = cp.n_batch = cp.n_ubatch = (uint32_t)le->n_ctx;
    cp.n_seq_max = (uint32_t)le->n_seq;
    cp.kv_unified = true;   /* decoder models: one long text may use the whole cache */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    cp.n_threads = cp.n_threads_batch = p->threads > 0 ? p->threads : (int)(cores > 0 ? cores : 1);
    le->ctx = llama_init_from_model(le->model, cp);
    if (!le->ctx) {
        rc = ward_err_set(err, WARD_EMODEL, "embedding model %s: llama.cpp cannot create a context for it", p->model);
        goto fail;
    }
    enum llama_pooling_type pool = llama_pooling_type(le->ctx);
    if (pool == LLAMA_POOLING_TYPE_NONE || pool == LLAMA_POOLING_TYPE_RANK) {
        rc = ward_err_set(err, WARD_EMODEL, "%s is not an embedding model: %s (use a GGUF embedding model such as "
                          "a BGE, E5, GTE or nomic-embed conversion)", p->model,
                          pool == LLAMA_POOLING_TYPE_RANK ? "it is a reranker (rank pooling)"
                                                          : "its metadata names no pooling type (a chat model?)");
        goto fail;
    }
    le->vocab = llama_model_get_vocab(le->model);
    le->encoder_only = llama_model_has_encoder(le->model) && !llama_model_has_decoder(le->model);
    e->dim = llama_model_n_embd_out(le->model);
    embed_llama_model_id(p->model, e->model_id, sizeof e->model_id);
    return WARD_OK;
fail:
    llama_embed_free(e);
    e->impl = NULL;
    e->ops = NULL;
    return rc;
}
#endif
