/* index.c — `ward index`: vectors for the chunks that have none yet.
 *
 * Ideas a reader needs:
 *  - Resumable: chunks are taken in id order after a cursor, a batch is
 *    embedded outside any transaction and written in one short transaction.
 *    A killed run keeps every committed batch; the next run finds only the
 *    chunks still without a vector.
 *  - One model per store: every vector row names its model id and dim, and
 *    meta records the embedder (embed.backend, embed.model, embed.url,
 *    embed.model_id, embed.dim) so queries are embedded the same way. A run
 *    with another model is refused until --rebuild drops the old vectors.
 *  - At the end the HNSW file (DATA/vectors.hnsw) is brought up to date,
 *    so the first search does not pay for it.
 *  - --rebuild with the lexical embedder retrains it in the same transaction
 *    that drops the vectors, so the store never holds vectors of a model it
 *    no longer has.
 */
#include "embed_int.h"
#include "ward/vectors.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int embed_lexical_train_tx(ward_store *st, const ward_lexical_params *p, ward_err *err);

ward_index_params ward_index_default_params(void)
{
    ward_index_params p = {0};
    p.embed = ward_embed_default_params();
    p.batch = 64;
    return p;
}

long ward_index_count(ward_store *st)
{
    long n = 0;
    return ward_store_vector_count(st, &n, NULL) ? 0 : n;
}

static void index_file(ward_store *st, char *out, size_t cap)
{
    snprintf(out, cap, "%s/vectors.hnsw", ward_store_dir(st));
}

/* The model and dim of the stored vectors (model NULL when there are none). */
static int stored_model(ward_store *st, char **model, int *dim, ward_index_stats *out, ward_err *err)
{
    int nmodels;
    int rc = ward_store_vector_model(st, model, dim, &nmodels, err);
    if (!rc && nmodels > 1) {
        out->mixed = 1;
        rc = ward_err_set(err, WARD_EINPUT, "the store holds vectors of several models: rebuild the index");
    }
    return rc;
}

static int refuse_mix(const char *have, int have_dim, const char *want, int want_dim, ward_index_stats *out,
                      ward_err *err)
{
    out->mixed = 1;
    return ward_err_set(err, WARD_EINPUT, "the store's vectors were made by %s (dim %d), not %s (dim %d): one index "
                        "holds one model. Rebuild the index with the new embedder to replace them, or index "
                        "with the same model", have, have_dim, want, want_dim);
}

static int drop_vectors(ward_store *st, int retrain_lexical, ward_err *err)
{
    /* The index file goes first: a graph of the old model must never be
     * extended with the new model's vectors. */
    char path[4096];
    index_file(st, path, sizeof path);
    unlink(path);
    int rc = ward_store_begin(st, err);
    if (!rc) rc = ward_store_vectors_drop(st, err);
    if (!rc && retrain_lexical) {
        ward_lexical_params lp = ward_lexical_default_params();
        rc = embed_lexical_train_tx(st, &lp, err);
    }
    if (!rc) rc = ward_store_commit(st, err);
    if (rc) ward_store_rollback(st);
    return rc;
}

static int record_embedder(ward_store *st, const ward_embed_params *p, ward_embedder *e, ward_err *err)
{
    char dim[16];
    snprintf(dim, sizeof dim, "%d", e->dim);
    int rc = ward_store_meta_set(st, "embed.backend", ward_embed_backend_name(p->backend), err);
    /* A model file is recorded by absolute path: queries may run from elsewhere. */
    char *abs = p->backend == WARD_EMBED_LLAMA && p->model ? realpath(p->model, NULL) : NULL;
    if (!rc) rc = ward_store_meta_set(st, "embed.model", abs ? abs : p->model, err);
    free(abs);
    if (!rc) rc = ward_store_meta_set(st, "embed.url", p->url, err);
    if (!rc) rc = ward_store_meta_set(st, "embed.model_id", e->model_id, err);
    if (!rc) rc = ward_store_meta_set(st, "embed.dim", dim, err);
    return rc;
}

/* Reads up to n chunks without a vector after *cursor. */
static int next_batch(ward_store *st, int64_t *cursor, size_t n, int64_t *ids, char **texts, size_t *got,
                      ward_err *err)
{
    int rc = ward_store_chunks_unembedded(st, *cursor, n, ids, texts, got, err);
    assert(*got <= n);
    if (!rc && *got) *cursor = ids[*got - 1];
    return rc;
}

static int write_batch(ward_store *st, ward_embedder *e, size_t m, const int64_t *ids, const float *vecs,
                       ward_err *err)
{
    int rc = ward_store_begin(st, err);
    for (size_t i = 0; !rc && i < m; i++)
        rc = ward_store_vector_put(st, ids[i], e->model_id, vecs + i * (size_t)e->dim, e->dim, err);
    if (!rc) rc = ward_store_commit(st, err);
    if (rc) ward_store_rollback(st);
    return rc;
}

static void report_progress(const ward_index_params *p, size_t done, size_t total)
{
    ward_event ev = {.kind = WARD_EVENT_PROGRESS, .done = done < total ? done : total, .total = total,
                     .unit = "chunks"};
    if (p->report) p->report(p->report_ud, &ev);
}

static int embed_all(ward_store *st, const ward_index_params *p, ward_embedder *e, ward_index_stats *out,
                     ward_err *err)
{
    size_t bs = p->batch > 0 ? (size_t)p->batch : 64;
    int64_t *ids = ward_xmalloc(sizeof *ids * bs), cursor = 0;
    char **texts = ward_xcalloc(bs, sizeof *texts);
    float *vecs = ward_xmalloc(sizeof *vecs * bs * (size_t)e->dim);
    long nchunks = 0, nvectors = 0;
    int rc = ward_store_chunk_count(st, &nchunks, err);
    if (!rc) rc = ward_store_vector_count(st, &nvectors, err);
    size_t total = (size_t)nchunks, done = (size_t)nvectors;
    if (!rc) report_progress(p, done, total);
    while (!rc) {
        size_t m = 0;
        if ((rc = next_batch(st, &cursor, bs, ids, texts, &m, err)) || !m) break;
        rc = ward_embed_batch(e, (const char *const *)texts, m, vecs, err);
        if (!rc) rc = write_batch(st, e, m, ids, vecs, err);
        for (size_t i = 0; i < m; i++) free(texts[i]);
        if (rc) break;
        out->embedded += m;
        done += m;
        report_progress(p, done, total);
    }
    if (!rc && !(rc = ward_store_vector_count(st, &nvectors, err))) out->total = (size_t)nvectors;
    free(ids), free(texts), free(vecs);
    return rc;
}

/* Trains the lexical model when the store has none yet. */
static int train_if_missing(ward_store *st, ward_err *err)
{
    char *id;
    int dim;
    float *common;
    int rc = ward_store_lexical_head(st, &id, &dim, &common, err);
    free(id), free(common);
    if (rc != WARD_ENOTFOUND) return rc;
    ward_err_clear(err);
    ward_lexical_params lp = ward_lexical_default_params();
    return ward_lexical_train(st, &lp, err);
}

/* The embedder params recorded by the last run (strings owned by *keep);
 * ep stays as it is when none are recorded. */
static int recorded_params(ward_store *st, ward_embed_params *ep, char **keep, ward_err *err)
{
    static const char *const keys[] = {"embed.backend", "embed.model", "embed.url"};
    int rc = ward_store_meta_getv(st, 3, keys, keep, err);
    int b = rc ? -1 : ward_embed_backend_parse(keep[0]);
    if (b < 0) return rc;
    ep->backend = (ward_embed_backend)b;
    ep->model = keep[1];
    ep->url = keep[2];
    return WARD_OK;
}

int ward_index_run(ward_store *st, const ward_index_params *p, ward_index_stats *out, ward_err *err)
{
    memset(out, 0, sizeof *out);
    ward_embed_params ep = p->embed;
    char *keep[3] = {NULL, NULL, NULL}, *have = NULL;
    int rc = p->from_store ? recorded_params(st, &ep, keep, err) : WARD_OK;
    ep.store = st;
    int have_dim = 0, lexical = ep.backend == WARD_EMBED_LEXICAL;
    ward_embedder *e = NULL;
    /* A model file or endpoint is checked before anything is dropped. */
    if (!rc && !lexical) rc = ward_embedder_open(&ep, &e, err);
    if (!rc && p->rebuild) {
        rc = drop_vectors(st, lexical, err);
    } else if (!rc) {
        rc = stored_model(st, &have, &have_dim, out, err);
        char *have_backend = NULL;
        if (!rc) rc = ward_store_meta_get(st, "embed.backend", &have_backend, err);
        if (!rc && have && have_backend && strcmp(have_backend, ward_embed_backend_name(ep.backend)))
            rc = refuse_mix(have, have_dim, e ? e->model_id : ward_embed_backend_name(ep.backend), e ? e->dim : 0,
                            out, err);
        free(have_backend);
    }
    if (!rc && lexical) rc = train_if_missing(st, err);
    if (!rc && lexical) rc = ward_embedder_open(&ep, &e, err);
    if (!rc && have && (strcmp(have, e->model_id) || have_dim != e->dim))
        rc = refuse_mix(have, have_dim, e->model_id, e->dim, out, err);
    if (!rc) {
        rc = ward_store_begin(st, err);
        if (!rc) rc = record_embedder(st, &ep, e, err);
        if (!rc) rc = ward_store_commit(st, err);
        if (rc) ward_store_rollback(st);
    }
    if (!rc) {
        out->dim = e->dim;
        out->backend = ep.backend;
        snprintf(out->model_id, sizeof out->model_id, "%s", e->model_id);
        rc = embed_all(st, p, e, out, err);
        size_t added;
        if (!rc) rc = ward_vectors_sync(st, &added, err);   /* searches find the graph ready */
        /* New chunks came in since the last run: compact the lexical index too. */
        if (!rc && out->embedded) rc = ward_store_optimize(st, err);
    }
    ward_embedder_free(e);
    free(have), free(keep[0]), free(keep[1]), free(keep[2]);
    return rc;
}

int ward_embedder_open_store(ward_store *st, ward_embedder **out, ward_err *err)
{
    *out = NULL;
    static const char *const keys[] = {"embed.backend", "embed.model", "embed.url", "embed.model_id"};
    char *v[4];
    int rc = ward_store_meta_getv(st, 4, keys, v, err);
    char *backend = v[0], *model = v[1], *url = v[2], *id = v[3];
    if (!rc && (!backend || !id || ward_embed_backend_parse(backend) < 0))
        rc = ward_err_set(err, WARD_ENOTFOUND, "the store has no vectors: run `ward index` first");
    if (!rc) {
        ward_embed_params p = ward_embed_default_params();
        p.backend = (ward_embed_backend)ward_embed_backend_parse(backend);
        p.model = model;
        p.url = url;
        p.store = st;
        rc = ward_embedder_open(&p, out, err);
    }
    if (!rc && strcmp((*out)->model_id, id)) {
        rc = ward_err_set(err, WARD_EMODEL, "the store's vectors were made by %s, but its embedder now gives %s "
                          "(the model changed?): rebuild the index", id, (*out)->model_id);
        ward_embedder_free(*out);
        *out = NULL;
    }
    free(backend), free(model), free(url), free(id);
    return rc;
}
