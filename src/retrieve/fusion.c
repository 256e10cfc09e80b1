/* fusion.c — reciprocal-rank fusion of ranked lists (BM25, vectors).
 *
 * RRF adds w / (k0 + rank) over the lists a chunk appears in (k0 = 60 in
 * the literature, w the list's weight): it needs no score calibration between BM25 and cosine,
 * rewards agreement between the lists, and a chunk that one list ranks
 * first still scores well when the other list misses it. Ties keep the
 * order of the first list, so the output is deterministic.
 *
 * Tied scores share a rank. A list that cannot tell items apart (the
 * lexical vectors of "2023-01-05 Hemoglobin A1c 7.9 %" and "2024-03-02
 * Hemoglobin A1c 8.1 %" are the same: numbers carry no meaning to them)
 * then adds the same amount to each, and the other list's order stands,
 * instead of the tie being broken by an arbitrary id order. */
#include "retrieve_int.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
    int64_t id;
    double score;
    size_t first;   /* position of first appearance (list-major): the tie-break */
} fused;

static int tied(float a, float b)
{
    float m = fabsf(a) > fabsf(b) ? fabsf(a) : fabsf(b);
    return fabsf(a - b) <= 1e-5f * (m > 1 ? m : 1);
}

static int by_score(const void *a, const void *b)
{
    const fused *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

static int by_id(const void *a, const void *b)
{
    const fused *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

void retrieve_rrf(const retrieve_scored *const *lists, const size_t *lens, const double *weights, size_t nlists,
                  double k0, retrieve_scored **out, size_t *nout)
{
    size_t total = 0, at = 0;
    for (size_t l = 0; l < nlists; l++) total += lens[l];
    fused *f = ward_xmalloc(sizeof *f * (total ? total : 1));
    for (size_t l = 0; l < nlists; l++) {
        size_t rank = 0;   /* tied scores share the rank of the first of them */
        for (size_t r = 0; r < lens[l]; r++, at++) {
            if (r && !tied(lists[l][r].score, lists[l][rank].score)) rank = r;
            f[at] = (fused){lists[l][r].id, (weights ? weights[l] : 1.0) / (k0 + (double)rank + 1), at};
        }
    }
    /* Merge the entries of each chunk: sort by id, sum, keep the earliest position. */
    if (total) qsort(f, total, sizeof *f, by_id);
    size_t m = 0;
    for (size_t i = 0; i < total; i++) {
        if (m && f[m - 1].id == f[i].id) {
            f[m - 1].score += f[i].score;
            if (f[i].first < f[m - 1].first) f[m - 1].first = f[i].first;
        } else {
            f[m++] = f[i];
        }
    }
    if (m) qsort(f, m, sizeof *f, by_score);
    *out = ward_xmalloc(sizeof **out * (m ? m : 1));
    for (size_t i = 0; i < m; i++) (*out)[i] = (retrieve_scored){f[i].id, (float)f[i].score};
    *nout = m;
    free(f);
}
