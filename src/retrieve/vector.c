/* vector.c — nearest chunks to a query vector, under the search filters.
 *
 * Three paths, chosen by the size of the filtered set (the store applies
 * the filters in its queries, so they always apply before ranking):
 *  - small (a patient's chart) and no index at hand: scan the stored vectors
 *    of those chunks in SQLite, keeping the best n in a min-heap. Exact, and
 *    no index file is loaded for a few hundred chunks.
 *  - small enough for brute force with the index loaded: exact search over
 *    the filtered ids inside the in-memory graph.
 *  - large or unfiltered: HNSW search, with a membership filter when there
 *    are filters (filtered-out nodes still route, so recall holds).
 */
#include "retrieve_int.h"
#include "ward/embed.h"
#include "ward/vectors.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* Min-heap on score: the root is the worst of the best n so far. */
static void heap_down(retrieve_scored *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && h[l].score < h[m].score) m = l;
        if (r < n && h[r].score < h[m].score) m = r;
        if (m == i) return;
        retrieve_scored t = h[i]; h[i] = h[m]; h[m] = t;
        i = m;
    }
}

static void heap_push(retrieve_scored *h, size_t *len, size_t cap, retrieve_scored x)
{
    assert(*len <= cap);
    if (!cap) return;
    if (*len < cap) {
        size_t i = (*len)++;
        h[i] = x;
        while (i && h[(i - 1) / 2].score > h[i].score) {
            retrieve_scored t = h[i]; h[i] = h[(i - 1) / 2]; h[(i - 1) / 2] = t;
            i = (i - 1) / 2;
        }
    } else if (x.score > h[0].score) {
        h[0] = x;
        heap_down(h, *len, 0);
    }
}

static int best_first(const void *a, const void *b)
{
    const retrieve_scored *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

typedef struct {
    const float *q;
    int dim;
    retrieve_scored *heap;
    size_t len, cap;
} exact_scan;

static int scan_vector(void *ud, int64_t chunk_id, const float *v)
{
    exact_scan *x = ud;
    heap_push(x->heap, &x->len, x->cap, (retrieve_scored){chunk_id, ward_vec_dot(x->q, v, x->dim)});
    return 0;
}

static int vector_exact(ward_store *st, const float *q, int dim, const ward_store_filter *f, size_t n,
                        retrieve_scored **out, size_t *nout, ward_err *err)
{
    exact_scan x = {q, dim, ward_xmalloc(sizeof *x.heap * (n ? n : 1)), 0, n};
    int rc = ward_store_vectors_each(st, f, dim, scan_vector, &x, err);
    if (rc) {
        free(x.heap);
        ward_err_prefix(err, "vector search failed");
        return rc;
    }
    if (x.len) qsort(x.heap, x.len, sizeof *x.heap, best_first);
    *out = x.heap;
    *nout = x.len;
    return WARD_OK;
}

#define EXACT_SQL_MAX 4000      /* filtered chunks scanned in SQLite without the index */
#define EXACT_IDS_MAX 5000      /* filtered chunks searched by brute force in the graph */

typedef struct {
    const int64_t *ids;
    size_t n;
} id_set;

static int in_set(int64_t id, void *ud)
{
    const id_set *set = ud;
    size_t lo = 0, hi = set->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (set->ids[mid] < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < set->n && set->ids[lo] == id;
}

int retrieve_vector(ward_store *st, const float *q, int dim, const ward_search_params *p,
                    const ward_store_filter *f, size_t n, retrieve_scored **out, size_t *nout, ward_err *err)
{
    *out = NULL;
    *nout = 0;
    int filtered = ward_store_filter_active(f);
    size_t nids = f->n_ids;
    int64_t *fetched = NULL;
    if (filtered && !f->ids) {   /* the caller did not fetch them */
        int rc = ward_store_chunk_ids(st, f, &fetched, &nids, err);
        if (rc) return rc;
    }
    const int64_t *ids = f->ids ? f->ids : fetched;
    if (filtered && (!nids || (nids <= EXACT_SQL_MAX && !p->index))) {
        free(fetched);
        return nids ? vector_exact(st, q, dim, f, n, out, nout, err) : WARD_OK;
    }
    ward_hnsw *h = p->index, *own = NULL;
    int rc = h ? WARD_OK : ward_vectors_open(st, &own, err);
    if (!h) h = own;
    ward_hnsw_hit *hits = rc ? NULL : ward_xmalloc(sizeof *hits * (n ? n : 1));
    int found = 0;
    if (!rc && filtered && nids <= EXACT_IDS_MAX) {
        found = ward_hnsw_search_exact(h, q, (int)n, ids, nids, hits);
    } else if (!rc) {
        id_set set = {ids, nids};
        int ef = 2 * (int)n > 100 ? 2 * (int)n : 100;
        found = ward_hnsw_search(h, q, (int)n, ef, filtered ? in_set : NULL, &set, hits);
    }
    if (!rc) {
        *out = ward_xmalloc(sizeof **out * (found > 0 ? (size_t)found : 1));
        for (int i = 0; i < found; i++) (*out)[i] = (retrieve_scored){hits[i].id, 1.0f - hits[i].dist};
        *nout = found > 0 ? (size_t)found : 0;
    }
    free(hits), free(fetched);
    ward_hnsw_free(own);
    return rc;
}
