/* vectors.c — keeping DATA/vectors.hnsw in step with the embeddings table.
 *
 * Ideas a reader needs:
 *  - Staleness costs two reads: the stamp is "MODEL dim=D gen=G" from meta
 *    (embed.model_id, embed.dim, vectors.generation), and ward_hnsw_load
 *    refuses a file whose stamp differs (or that is torn or corrupt).
 *  - Sync reuses a stale graph (same model: a rebuild removes the file): it adds
 *    the stored vectors the graph lacks. When the graph holds ids the store
 *    no longer has (chunks deleted), it starts from an empty graph: deletes
 *    would leave tombstones that slow every search.
 *  - Only this file writes the index file, always through ward_hnsw_save
 *    (temp file, fsync, rename): readers see the old file or the new one.
 */
#include "ward/vectors.h"

#include <stdlib.h>
#include <string.h>

static void index_path(ward_store *st, char *out, size_t cap)
{
    snprintf(out, cap, "%s/vectors.hnsw", ward_store_dir(st));
}

int ward_vectors_stamp(ward_store *st, char *out, size_t cap, ward_err *err)
{
    static const char *const keys[] = {"embed.model_id", "embed.dim", "vectors.generation"};
    char *v[3];
    int rc = ward_store_meta_getv(st, 3, keys, v, err);
    if (!rc && !(v[0] && v[1])) rc = ward_err_set(err, WARD_ENOTFOUND, "the store has no vectors: run `ward index` first");
    if (!rc) snprintf(out, cap, "%s dim=%s gen=%s", v[0], v[1], v[2] ? v[2] : "0");
    free(v[0]), free(v[1]), free(v[2]);
    return rc;
}

static int is_zero(const float *v, int dim)
{
    for (int i = 0; i < dim; i++)
        if (v[i] != 0) return 0;
    return 1;
}

typedef struct {
    ward_hnsw *h;
    int dim;
    size_t n, cap, present;
    int64_t *ids;
    float *vecs;
} missing;

static int collect_missing(void *ud, int64_t id, const float *v)
{
    missing *m = ud;
    if (is_zero(v, m->dim)) return 0;
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 1024;
        m->ids = ward_xrealloc(m->ids, sizeof *m->ids * m->cap);
        m->vecs = ward_xrealloc(m->vecs, sizeof *m->vecs * m->cap * (size_t)m->dim);
    }
    m->ids[m->n] = id;
    memcpy(m->vecs + m->n * (size_t)m->dim, v, sizeof *m->vecs * (size_t)m->dim);
    m->n++;
    return 0;
}

/* Adds the stored vectors h lacks; *stale is set when h holds ids that are
 * no longer stored. Every stored id is read, but only the vectors h lacks:
 * a node whose index is behind by a few writes (another node's, on a
 * shared PostgreSQL store) catches up without reading the whole table. */
static int add_missing(ward_store *st, ward_hnsw *h, int dim, size_t *added, int *stale, ward_err *err)
{
    missing m = {.h = h, .dim = dim};
    int64_t *ids = NULL;
    size_t n = 0, lacking = 0;
    int rc = ward_store_embedded_ids(st, &ids, &n, err);
    for (size_t i = 0; !rc && i < n; i++)
        if (ward_hnsw_contains(h, ids[i])) m.present++;
        else ids[lacking++] = ids[i];
    *stale = !rc && ward_hnsw_count(h) > m.present;
    if (!rc && !*stale && lacking) rc = ward_store_vectors_of(st, ids, lacking, dim, collect_missing, &m, err);
    free(ids);
    if (!rc && !*stale && m.n) rc = ward_hnsw_add_batch(h, m.ids, m.vecs, m.n, 0, err);
    *added = rc || *stale ? 0 : m.n;
    free(m.ids), free(m.vecs);
    return rc;
}

static int build(ward_store *st, const char *stamp, ward_hnsw **out, size_t *added, ward_err *err)
{
    char path[4096], *dim_s = NULL;
    int rc = ward_store_meta_get(st, "embed.dim", &dim_s, err);
    if (rc) return rc;
    index_path(st, path, sizeof path);
    int dim = dim_s ? atoi(dim_s) : 0, stale = 0;
    free(dim_s);
    ward_hnsw *h = NULL;
    /* A stale graph is extended, not rebuilt. It is of the same model:
     * `ward index --rebuild` removes the file before it drops the vectors. */
    ward_err lerr = {0};
    if (ward_hnsw_load(path, NULL, &h, &lerr) == WARD_OK && ward_hnsw_get_params(h).dim != dim) {
        ward_hnsw_free(h);
        h = NULL;
    }
    for (int attempt = 0; attempt < 2 && !rc; attempt++) {
        if (!h) {
            ward_hnsw_params hp = ward_hnsw_default_params();
            hp.dim = dim;
            if ((rc = ward_hnsw_new(&hp, &h, err))) break;
        }
        rc = add_missing(st, h, dim, added, &stale, err);
        if (rc || !stale) break;
        ward_hnsw_free(h);   /* ids the store lost: start over */
        h = NULL;
    }
    if (!rc) {
        ward_err serr = {0};
        if (ward_hnsw_save(h, path, stamp, &serr))   /* a read-only store still searches */
            ward_log(WARD_LOG_WARN, "cannot save the vector index: %s", serr.msg);
    }
    if (rc) {
        ward_hnsw_free(h);
        h = NULL;
    }
    *out = h;
    return rc;
}

int ward_vectors_open(ward_store *st, ward_hnsw **out, ward_err *err)
{
    *out = NULL;
    char stamp[512], path[4096];
    int rc = ward_vectors_stamp(st, stamp, sizeof stamp, err);
    if (rc) return rc;
    index_path(st, path, sizeof path);
    ward_err lerr = {0};
    if (ward_hnsw_load(path, stamp, out, &lerr) == WARD_OK) return WARD_OK;
    size_t added;
    return build(st, stamp, out, &added, err);
}

int ward_vectors_sync(ward_store *st, size_t *added, ward_err *err)
{
    *added = 0;
    char stamp[512], path[4096];
    int rc = ward_vectors_stamp(st, stamp, sizeof stamp, err);
    if (rc == WARD_ENOTFOUND) {   /* no vectors: nothing to index */
        ward_err_clear(err);
        return WARD_OK;
    }
    if (rc) return rc;
    index_path(st, path, sizeof path);
    ward_hnsw *h = NULL;
    ward_err lerr = {0};
    rc = ward_hnsw_load(path, stamp, &h, &lerr) == WARD_OK ? WARD_OK : build(st, stamp, &h, added, err);
    ward_hnsw_free(h);
    return rc;
}
