/* retrieve_impl.h — what the search paths share inside src/retrieve.
 *
 * Filters are one SQL fragment on the chunk row `c`, with fixed parameter
 * numbers (?2 patient, ?3 kind, ?4 since, ?5 until), so the BM25 and the
 * vector paths apply exactly the same filters, before ranking. */
#ifndef WARD_RETRIEVE_IMPL_H
#define WARD_RETRIEVE_IMPL_H

#include "ward/retrieve.h"

#define WARD_FILTER_SQL                                                                  \
    " AND (?2 IS NULL OR (?2 = '' AND c.patient_id IS NULL) OR c.patient_id = ?2)"       \
    " AND (?3 IS NULL OR c.kind = ?3)"                                                    \
    " AND (?4 IS NULL OR c.date >= ?4) AND (?5 IS NULL OR c.date <= ?5 || 'T99')"

void retrieve_bind_filters(sqlite3_stmt *s, const ward_search_params *p);
int retrieve_has_filters(const ward_search_params *p);

/* A ranked list of chunk ids, best first. */
typedef struct {
    int64_t id;
    float score;
} ward_scored;

/* The n chunks nearest to q (unit vector of dim values) under p's filters:
 * exact scan for a small filtered set, the HNSW index otherwise. */
int retrieve_vector(ward_store *st, const float *q, int dim, const ward_search_params *p, size_t n,
                    ward_scored **out, size_t *nout, ward_err *err);

/* Reciprocal-rank fusion: score(d) = sum over lists of w / (k0 + rank),
 * rank from 1; weights NULL: all 1. */
void retrieve_rrf(const ward_scored *const *lists, const size_t *lens, const double *weights, size_t nlists,
                  double k0, ward_scored **out, size_t *nout);

/* Fills a hit from the store (text, document, offsets); the snippet is the
 * start of the chunk text. */
int retrieve_fill_hit(ward_store *st, int64_t chunk_id, int snippet_words, ward_hit *h, ward_err *err);
void retrieve_hit_free(ward_hit *h);

#endif
