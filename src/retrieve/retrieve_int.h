/* retrieve_int.h — what the search paths share inside src/retrieve.
 *
 * Filters become one ward_store_filter, which the store applies inside its
 * queries (BM25 and vector candidates alike), before ranking. */
#ifndef WARD_RETRIEVE_INT_H
#define WARD_RETRIEVE_INT_H

#include "ward/retrieve.h"

/* The store filter for p's patient, scope, kind and dates. */
ward_store_filter retrieve_filter(const ward_search_params *p);

/* A ranked list of chunk ids, best first. */
typedef struct {
    int64_t id;
    float score;
} retrieve_scored;

/* The n chunks nearest to q (unit vector of dim values) under the filter f
 * (p's, retrieve_filter; its chunk ids when it carries them): exact scan
 * for a small filtered set, the HNSW index (p->index, or the store's)
 * otherwise. */
int retrieve_vector(ward_store *st, const float *q, int dim, const ward_search_params *p,
                    const ward_store_filter *f, size_t n, retrieve_scored **out, size_t *nout, ward_err *err);

/* Reciprocal-rank fusion: score(d) = sum over lists of w / (k0 + rank),
 * rank from 1; weights NULL: all 1. */
void retrieve_rrf(const retrieve_scored *const *lists, const size_t *lens, const double *weights, size_t nlists,
                  double k0, retrieve_scored **out, size_t *nout);

/* BM25-led score fusion for the built-in lexical vectors (fusion.c):
 * (1 - alpha) * scaled bm25 + alpha * scaled cosine, each min-max scaled. */
void retrieve_bm25_led(const retrieve_scored *bm25, size_t nb, const retrieve_scored *vec, size_t nv, double alpha,
                       retrieve_scored **out, size_t *nout);

/* Fills a hit from the store (text, document, offsets); the snippet is the
 * start of the chunk text. */
int retrieve_fill_hit(ward_store *st, int64_t chunk_id, int snippet_words, ward_hit *h, ward_err *err);
void retrieve_hit_free(ward_hit *h);
/* Query widening (widen.c): when the lexicon adds phrases to query (other
 * names of the concepts it names, abbreviations by case, drugs of a class
 * it names), fts becomes the FTS5 expression of the query's own terms
 * `own` (ward_search_fts_query), counted twice, OR those phrases; returns
 * their number, 0: nothing added (fts untouched). */
int retrieve_widen(const char *query, const char *own, ward_buf *fts);

#endif
