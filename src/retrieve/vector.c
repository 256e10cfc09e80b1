/* vector.c — nearest chunks to a query vector, under the search filters.
 *
 * The exact path scans the stored vectors of the filtered chunks (the
 * filters are SQL on the chunk row, so they apply before ranking) and keeps
 * the best n in a min-heap. It is exact at any selectivity, which is what a
 * patient's chart search needs: a few hundred chunks are scanned in well
 * under a millisecond. */
#include "retrieve_impl.h"
#include "ward/embed.h"

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

int retrieve_vector(ward_store *st, const float *q, int dim, const ward_search_params *p, size_t n,
                    ward_scored **out, size_t *nout, ward_err *err)
{
    *out = NULL;
    *nout = 0;
    return vector_exact(st, q, dim, p, n, out, nout, err);
}
