/* embed_int.h — what the embedding backends share with embed.c.
 *
 * An embedder is a small vtable plus the two facts every caller needs (dim,
 * model id). Each backend's open function fills one in; embed.c dispatches
 * and checks the arguments once for all of them. */
#ifndef WARD_EMBED_INT_H
#define WARD_EMBED_INT_H

#include "ward/embed.h"

typedef struct embed_ops {
    int (*batch)(ward_embedder *e, const char *const *texts, size_t n, float *out, ward_err *err);
    void (*free)(ward_embedder *e);
} embed_ops;

struct ward_embedder {
    const embed_ops *ops;
    void *impl;
    int dim;
    int batch;               /* texts per backend call */
    ward_embed_backend backend;
    char model_id[256];
};

int embed_lexical_open(const ward_embed_params *p, ward_embedder *e, ward_err *err);
int embed_llama_open(const ward_embed_params *p, ward_embedder *e, ward_err *err);
int embed_http_open(const ward_embed_params *p, ward_embedder *e, ward_err *err);

/* Lowercased word tokens of the lexical model: runs of letters, digits and
 * non-ASCII bytes that hold at least one non-digit. Returns the length
 * written to word (NUL-terminated, at most cap-1 bytes), 0 at the end. */
size_t embed_next_word(const char **p, char *word, size_t cap);

/* Deterministic random numbers (xorshift64*), for the randomized SVD. */
uint64_t embed_rand_u64(uint64_t *state);
double embed_rand_gauss(uint64_t *state);

#endif
