/* embed.h — turning text into vectors: one interface, three backends.
 *
 *   lexical  built in, no model file: word vectors trained on the store's
 *            own chunks (PPMI + randomized SVD), sentences by SIF weighting,
 *            so "MI" lands near "myocardial infarction" in a site's notes.
 *   llama    any GGUF embedding model, in-process through llama.cpp, pooled
 *            as the model's metadata says.
 *   http     any OpenAI-compatible /v1/embeddings endpoint (llama-server,
 *            vLLM, Ollama, a hosted API) over libcurl.
 *
 * Every backend returns L2-normalized float32 vectors, so the dot product is
 * the cosine. model_id() names the model precisely enough that vectors with
 * the same id are comparable; the store records it beside every vector and
 * refuses to mix ids (see ward_index_run).
 */
#ifndef WARD_EMBED_H
#define WARD_EMBED_H

#include "ward/core.h"
#include "ward/store.h"

typedef enum { WARD_EMBED_LEXICAL, WARD_EMBED_LLAMA, WARD_EMBED_HTTP } ward_embed_backend;

typedef struct ward_embedder ward_embedder;

typedef struct ward_embed_params {
    ward_embed_backend backend;
    const char *model;      /* llama: GGUF file; http: model name sent (default "default") */
    const char *url;        /* http: base URL ("http://host:8080" or ".../v1") or the full endpoint */
    const char *api_key;    /* http: bearer token, or NULL ($WARD_EMBED_API_KEY) */
    ward_store *store;      /* lexical: where the trained word vectors live */
    int batch;              /* texts per request / per decode (default 32) */
    int timeout_ms;         /* http: per request (default 60 s) */
    int retries;            /* http: retries on 5xx, timeouts, refused connections (default 4) */
    int threads;            /* llama: CPU threads, 0 = all cores */
} ward_embed_params;

ward_embed_params ward_embed_default_params(void);

/* Opens a backend. Errors: WARD_EMODEL for a missing, corrupt or
 * incompatible model (or a build without llama.cpp), WARD_EIO for an
 * endpoint that cannot be reached, WARD_ENOTFOUND for a store with no
 * trained lexical model. */
int ward_embedder_open(const ward_embed_params *p, ward_embedder **out, ward_err *err);
void ward_embedder_free(ward_embedder *e);
/* Embeds n texts into out[n * dim] (row-major), each row of L2 norm 1 (a text
 * with nothing the model knows gives a zero row). */
int ward_embed_batch(ward_embedder *e, const char *const *texts, size_t n, float *out, ward_err *err);
int ward_embedder_dim(const ward_embedder *e);
const char *ward_embedder_model_id(const ward_embedder *e);
ward_embed_backend ward_embedder_backend(const ward_embedder *e);
const char *ward_embed_backend_name(ward_embed_backend b);
/* "lexical", "llama" or "http" -> backend; -1 when unknown. */
int ward_embed_backend_parse(const char *name);

/* Scales v to unit L2 norm (a zero vector stays zero). */
void ward_vec_normalize(float *v, int dim);
float ward_vec_dot(const float *a, const float *b, int dim);

/* The lexical model: trained from the store's chunks and saved in it
 * (tables lexical_words + meta), replacing any previous one. */
typedef struct ward_lexical_params {
    int dim;              /* vector size (default 128; fewer when the vocabulary is smaller) */
    int window;           /* co-occurrence window on each side (default 5) */
    int min_count;        /* words seen fewer times are ignored (default 2) */
    int max_vocab;        /* most frequent words kept (default 40000) */
    long max_tokens;      /* tokens read for training, a fixed prefix (default 20M) */
    uint64_t seed;        /* randomized SVD seed (fixed: same corpus, same model) */
} ward_lexical_params;

ward_lexical_params ward_lexical_default_params(void);
int ward_lexical_train(ward_store *st, const ward_lexical_params *p, ward_err *err);
/* Cosine between two words' vectors in the store's lexical model (tests, tools);
 * WARD_ENOTFOUND when either word is unknown. */
int ward_lexical_similarity(ward_store *st, const char *a, const char *b, float *out, ward_err *err);

/* `ward index`: embeds every chunk that has no vector yet, in batches, one
 * transaction per batch (a killed run keeps what it committed and the next
 * run continues). The store's meta records the embedder (backend, model,
 * url, model id, dim) so queries use the same one. */
typedef struct ward_index_params {
    ward_embed_params embed;
    int from_store;       /* use the embedder the store recorded, if any, instead of embed's */
    int rebuild;          /* drop all vectors (and retrain lexical) first */
    int batch;            /* chunks per transaction (default 64) */
    ward_report_fn report; /* WARD_EVENT_PROGRESS after each batch (unit "chunks"), or NULL */
    void *report_ud;
} ward_index_params;

typedef struct ward_index_stats {
    size_t embedded;      /* vectors written by this run */
    size_t total;         /* chunks with a vector after the run */
    int dim;
    ward_embed_backend backend;
    char model_id[256];
    int mixed;            /* set when refused: the store holds another model's vectors (rebuild replaces them) */
} ward_index_stats;

ward_index_params ward_index_default_params(void);
int ward_index_run(ward_store *st, const ward_index_params *p, ward_index_stats *out, ward_err *err);
/* Opens the embedder recorded in the store by the last `ward index`, for
 * queries. WARD_ENOTFOUND when the store has no vectors. */
int ward_embedder_open_store(ward_store *st, ward_embedder **out, ward_err *err);
/* Count of stored vectors (0 when none), for choosing a search mode. */
long ward_index_count(ward_store *st);

#endif
