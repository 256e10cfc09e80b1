/* vector.c — nearest chunks to a query vector, under the search filters.
 *
 * Three paths, chosen by the size of the filtered set (the filters are SQL
 * on the chunk row, so they always apply before ranking):
 *  - small (a patient's chart) and no index at hand: scan the stored vectors
 *    of those chunks in SQLite, keeping the best n in a min-heap. Exact, and
 *    no index file is loaded for a few hundred chunks.
 *  - small enough for brute force with the index loaded: exact search over
 *    the filtered ids inside the in-memory graph.
 *  - large or unfiltered: HNSW search, with a membership filter when there
 *    are filters (filtered-out nodes still route, so recall holds).
 */
#include "retrieve_impl.h"
#include "ward/embed.h"
#include "ward/vectors.h"

#include <stdlib.h>
#include <string.h>

/* Min-heap on score: the root is the worst of the best n so far. */
static void heap_down(ward_scored *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && h[l].score < h[m].score) m = l;
        if (r < n && h[r].score < h[m].score) m = r;
        if (m == i) return;
        ward_scored t = h[i]; h[i] = h[m]; h[m] = t;
        i = m;
    }
}

static void heap_push(ward_scored *h, size_t *len, size_t cap, ward_scored x)
{
    if (*len < cap) {
        size_t i = (*len)++;
        h[i] = x;
        while (i && h[(i - 1) / 2].score > h[i].score) {
            ward_scored t = h[i]; h[i] = h[(i - 1) / 2]; h[(i - 1) / 2] = t;
            i = (i - 1) / 2;
        }
    } else if (x.score > h[0].score) {
        h[0] = x;
        heap_down(h, *len, 0);
    }
}

static int best_first(const void *a, const void *b)
{
    const ward_scored *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int vector_exact(ward_store *st, const float *q, int dim, const ward_search_params *p, size_t n,
                        ward_scored **out, size_t *nout, ward_err *err)
{
    sqlite3_stmt *s = ward_store_prepare(st,
        "SELECT e.chunk_id, e.vec FROM embeddings e JOIN chunks c ON c.id = e.chunk_id WHERE 1" WARD_FILTER_SQL, err);
    if (!s) return WARD_EIO;
    retrieve_bind_filters(s, p);
    ward_scored *h = ward_xmalloc(sizeof *h * (n ? n : 1));
    size_t len = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (sqlite3_column_bytes(s, 1) != dim * (int)sizeof(float)) continue;
        const float *v = sqlite3_column_blob(s, 1);
        heap_push(h, &len, n, (ward_scored){sqlite3_column_int64(s, 0), ward_vec_dot(q, v, dim)});
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(h);
        return ward_err_set(err, WARD_EIO, "vector search failed: %s", sqlite3_errmsg(ward_store_db(st)));
    }
    if (len) qsort(h, len, sizeof *h, best_first);
    *out = h;
    *nout = len;
    return WARD_OK;
}

#define EXACT_SQL_MAX 4000      /* filtered chunks scanned in SQLite without the index */
#define EXACT_IDS_MAX 5000      /* filtered chunks searched by brute force in the graph */

/* The chunks with a vector that pass the filters, ascending. */
static int64_t *filtered_ids(ward_store *st, const ward_search_params *p, size_t *n, ward_err *err)
{
    sqlite3_stmt *s = ward_store_prepare(st,
        "SELECT c.id FROM chunks c JOIN embeddings e ON e.chunk_id = c.id WHERE 1" WARD_FILTER_SQL " ORDER BY c.id", err);
    *n = 0;
    if (!s) return NULL;
    retrieve_bind_filters(s, p);
    size_t cap = 256;
    int64_t *ids = ward_xmalloc(sizeof *ids * cap);
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (*n == cap) ids = ward_xrealloc(ids, sizeof *ids * (cap *= 2));
        ids[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    return ids;
}

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

int retrieve_vector(ward_store *st, const float *q, int dim, const ward_search_params *p, size_t n,
                    ward_scored **out, size_t *nout, ward_err *err)
{
    *out = NULL;
    *nout = 0;
    int filtered = retrieve_has_filters(p);
    size_t nids = 0;
    int64_t *ids = filtered ? filtered_ids(st, p, &nids, err) : NULL;
    if (filtered && !ids) return WARD_EIO;
    if (filtered && (!nids || (nids <= EXACT_SQL_MAX && !p->index))) {
        free(ids);
        return nids ? vector_exact(st, q, dim, p, n, out, nout, err) : WARD_OK;
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
        for (int i = 0; i < found; i++) (*out)[i] = (ward_scored){hits[i].id, 1.0f - hits[i].dist};
        *nout = found > 0 ? (size_t)found : 0;
    }
    free(hits), free(ids);
    ward_hnsw_free(own);
    return rc;
}
