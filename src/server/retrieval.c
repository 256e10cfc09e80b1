/* retrieval.c — what searches keep between requests: each worker thread's
 * embedder and the server's one vector index.
 *
 * Opening them costs far more than a search (the lexical embedder reads
 * its whole word table, the index file is tens of MB), so they are opened
 * on first use and kept while the store's vectors stamp (embedding model,
 * dimension and vectors.generation, which every change to the embeddings
 * bumps) stays the same. After a `ward index` the stamp differs and the
 * next request reopens them; a store without vectors gets neither, and
 * searches fall back to BM25 as ward_search's AUTO mode does.
 *
 * Embedders are per thread (one is not meant to be shared). The index is
 * shared by every worker: an HNSW search only reads the graph (its scratch
 * space comes from a pool inside the index). A reload swaps it under the
 * write side of index_lock, so no search still holds the one being freed.
 */
#include "server_int.h"
#include "ward/embed.h"
#include "ward/vectors.h"

#include <stdlib.h>
#include <string.h>

typedef struct worker_embedder {
    ward_embedder *e;
    char stamp[SRV_STAMP_MAX];
} worker_embedder;

static pthread_key_t embed_key;
static pthread_once_t embed_once = PTHREAD_ONCE_INIT;

static void worker_embedder_free(void *p)
{
    worker_embedder *w = p;
    ward_embedder_free(w->e);
    free(w);
}

static void embed_key_init(void)
{
    pthread_key_create(&embed_key, worker_embedder_free);
}

/* The store's vectors stamp; WARD_ENOTFOUND when it has no vectors. */
static int stamp_of(ward_store *st, char out[SRV_STAMP_MAX], ward_err *err)
{
    return ward_vectors_stamp(st, out, SRV_STAMP_MAX, err);
}

static ward_embedder *embedder_for(ward_store *st, const char *stamp, ward_err *err)
{
    pthread_once(&embed_once, embed_key_init);
    worker_embedder *w = pthread_getspecific(embed_key);
    if (!w) {
        w = ward_xcalloc(1, sizeof *w);
        pthread_setspecific(embed_key, w);
    }
    if (w->e && !strcmp(w->stamp, stamp)) return w->e;
    ward_embedder_free(w->e);
    w->e = NULL;
    if (ward_embedder_open_store(st, &w->e, err)) return NULL;
    snprintf(w->stamp, sizeof w->stamp, "%s", stamp);
    return w->e;
}

ward_embedder *srv_embedder(ward_store *st, ward_err *err)
{
    char stamp[SRV_STAMP_MAX];
    if (stamp_of(st, stamp, err)) return NULL;
    return embedder_for(st, stamp, err);
}

/* Holds the read side of index_lock on an index matching stamp (loading
 * it first when needed); NULL, unlocked, when it cannot be loaded. */
static ward_hnsw *index_for(ward_server *s, ward_store *st, const char *stamp, ward_err *err)
{
    for (int tries = 0; tries < 3; tries++) {
        pthread_rwlock_rdlock(&s->index_lock);
        if (s->index && !strcmp(s->index_stamp, stamp)) return s->index;
        pthread_rwlock_unlock(&s->index_lock);
        pthread_rwlock_wrlock(&s->index_lock);
        int rc = WARD_OK;
        if (!s->index || strcmp(s->index_stamp, stamp)) {
            ward_hnsw_free(s->index);
            s->index = NULL;
            s->index_stamp[0] = 0;
            if (!(rc = ward_vectors_open(st, &s->index, err))) snprintf(s->index_stamp, SRV_STAMP_MAX, "%s", stamp);
        }
        pthread_rwlock_unlock(&s->index_lock);
        if (rc) return NULL;
    }
    ward_err_set(err, WARD_EBUSY, "the vector index keeps changing; try again");
    return NULL;
}

void srv_vectors_acquire(ward_server *s, ward_store *st, ward_search_params *p)
{
    char stamp[SRV_STAMP_MAX];
    ward_err err = {0};
    p->embedder = NULL;
    p->index = NULL;
    if (stamp_of(st, stamp, &err)) return;  /* no vectors: BM25 */
    p->embedder = embedder_for(st, stamp, &err);
    if (p->embedder) p->index = index_for(s, st, stamp, &err);
    /* Either failing leaves ward_search to open what it needs itself, and
     * to report why it cannot (or to fall back to BM25 and say why). */
    if (!p->index) {
        p->embedder = NULL;
        if (err.code) srv_report(s, WARD_EVENT_WARNING, err.code, "search without the kept index: %s", err.msg);
    }
}

void srv_vectors_release(ward_server *s, ward_search_params *p)
{
    if (p->index) pthread_rwlock_unlock(&s->index_lock);
    p->index = NULL;
    p->embedder = NULL;
}

void srv_vectors_free(ward_server *s)
{
    ward_hnsw_free(s->index);
    s->index = NULL;
}
