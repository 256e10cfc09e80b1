/* fusion.c — fusing the BM25 and vector lists: reciprocal-rank fusion, and
 * a BM25-led score fusion for the built-in lexical vectors.
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

/* Sums the entries of each chunk (sorted by id; the earliest position
 * kept for ties), sorts best first into *out, and frees f. */
static void merge_sorted(fused *f, size_t total, retrieve_scored **out, size_t *nout)
{
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
    merge_sorted(f, total, out, nout);
}

/* BM25-led score fusion (the built-in lexical vectors):
 *
 *     score = [found by BM25] * (alpha + (1 - alpha) * scaled bm25) + alpha * scaled cosine
 *
 * each list min-max scaled to [0, 1] over its own candidates, over the
 * union of the lists (a chunk missing from the vector list scores 0 there).
 * A chunk BM25 found always ranks above one only the vectors found (those
 * fill the list when BM25 finds too few). With a small alpha the order is
 * BM25's wherever BM25 tells chunks clearly apart, and the vectors decide
 * between nearly equal BM25 scores (notes that use the query's words about
 * equally); exactly equal ones stay tied (below). Reciprocal ranks instead give the vectors' first hit as
 * much weight as BM25's second, which on real notes (mtsamples) ranked
 * worse than BM25 alone; docs/vectors.md has the measurements that chose
 * alpha. */
static void scale(const retrieve_scored *v, size_t n, float *lo, float *hi)
{
    *lo = *hi = n ? v[0].score : 0;
    for (size_t i = 1; i < n; i++) {
        if (v[i].score < *lo) *lo = v[i].score;
        if (v[i].score > *hi) *hi = v[i].score;
    }
}

void retrieve_bm25_led(const retrieve_scored *bm25, size_t nb, const retrieve_scored *vec, size_t nv, double alpha,
                       retrieve_scored **out, size_t *nout)
{
    fused *f = ward_xmalloc(sizeof *f * (nb + nv ? nb + nv : 1));
    float blo, bhi, vlo, vhi;
    scale(bm25, nb, &blo, &bhi);
    scale(vec, nv, &vlo, &vhi);
    /* Each BM25 hit's scaled cosine (0 when the vector list lacks it); a
     * vector hit BM25 also found is counted there, not again below. */
    double *cos = ward_xcalloc(nb ? nb : 1, sizeof *cos);
    unsigned char *taken = ward_xcalloc(nv ? nv : 1, 1);
    for (size_t i = 0; i < nb; i++)
        for (size_t j = 0; j < nv; j++)
            if (vec[j].id == bm25[i].id) {
                cos[i] = vhi > vlo ? (vec[j].score - vlo) / (vhi - vlo) : 1;
                taken[j] = 1;
            }
    /* Chunks BM25 scores alike stay tied (each gets the best cosine of its
     * group): the vectors do not pick among exact ties, the caller's date
     * order and then BM25's own order do. Measured: letting the vectors
     * break them lost one or two queries in 475 on mtsamples and gained
     * nothing on chart questions, where the date decides (the records of
     * one test differ only in date and value). */
    for (size_t i = 0, g; i < nb; i = g) {
        double best = cos[i];
        for (g = i + 1; g < nb && tied(bm25[g].score, bm25[i].score); g++)
            if (cos[g] > best) best = cos[g];
        for (size_t k = i; k < g; k++) cos[k] = best;
    }
    size_t at = 0;
    /* Every BM25 hit also gets alpha: a chunk that matches the query's
     * words always ranks above one that only the vectors found. */
    for (size_t i = 0; i < nb; i++, at++)
        f[at] = (fused){bm25[i].id, alpha + (1 - alpha) * (bhi > blo ? (bm25[i].score - blo) / (bhi - blo) : 1)
                                        + alpha * cos[i], at};
    for (size_t j = 0; j < nv; j++)
        if (!taken[j]) f[at] = (fused){vec[j].id, alpha * (vhi > vlo ? (vec[j].score - vlo) / (vhi - vlo) : 1), at}, at++;
    free(cos);
    free(taken);
    merge_sorted(f, at, out, nout);
}
