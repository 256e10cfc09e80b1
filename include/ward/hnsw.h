/* hnsw.h — Ward's vector index: a Hierarchical Navigable Small World graph
 * over float32 or int8-quantized vectors, in memory, saved to one file.
 *
 * Distance is cosine: vectors are L2-normalized on add and on search, and
 * dist = 1 - dot(a, b), in [0, 2]; smaller is closer. With int8 = 1 each
 * vector is stored as int8 codes with one float scale (max |x| / 127), a
 * quarter of the memory, at a small cost in recall.
 *
 * Ids are the caller's (chunk ids). Adding an id that is present replaces
 * its vector; delete leaves a tombstone: the node keeps routing searches
 * but is never returned. Many tombstones make the graph slower: rebuild
 * (a new index from SQLite) when ward_hnsw_deleted() grows past the count.
 *
 * Threads: any number of searches may run at once (they only read; each
 * takes scratch space from a pool). Adds and deletes take a write lock held
 * inside the index, so they wait for running searches and block new ones.
 *
 * SQLite is the source of truth: the index file is a cache. Load refuses a
 * torn, corrupt (BLAKE2b checksum) or stale (stamp mismatch) file with
 * WARD_EINPUT, and the caller rebuilds from the stored vectors.
 */
#ifndef WARD_HNSW_H
#define WARD_HNSW_H

#include "ward/core.h"

typedef struct ward_hnsw ward_hnsw;

typedef struct ward_hnsw_params {
    int dim;             /* vector dimension (required, 1..65536) */
    int M;               /* links per node on upper layers; 2*M on layer 0 (default 16) */
    int ef_construction; /* candidate list size while inserting (default 200) */
    int ef_search;       /* default candidate list size for searches (default 64) */
    int int8;            /* 1: store int8 codes + per-vector scale (default 0) */
    uint64_t seed;       /* layer draws: same seed + same adds = same graph */
} ward_hnsw_params;

ward_hnsw_params ward_hnsw_default_params(void);

/* p NULL: the defaults, which set no dim: WARD_EUSAGE (give p with dim). */
int ward_hnsw_new(const ward_hnsw_params *p, ward_hnsw **out, ward_err *err);
void ward_hnsw_free(ward_hnsw *h);
ward_hnsw_params ward_hnsw_get_params(const ward_hnsw *h);

/* Adds (or replaces) id's vector of dim floats. WARD_EINPUT for a zero,
 * NaN or infinite vector. */
int ward_hnsw_add(ward_hnsw *h, int64_t id, const float *vec, ward_err *err);
/* Adds n vectors (row-major n x dim) using up to threads threads (0: all
 * cores). The graph is as good as one built by ward_hnsw_add, but not
 * bit-identical from run to run when threads > 1. */
int ward_hnsw_add_batch(ward_hnsw *h, const int64_t *ids, const float *vecs, size_t n, int threads,
                        ward_err *err);
/* WARD_ENOTFOUND if id is absent (or already deleted). */
int ward_hnsw_delete(ward_hnsw *h, int64_t id);
int ward_hnsw_contains(const ward_hnsw *h, int64_t id);

/* Search filter: nonzero when id may be returned. Called from the searching
 * thread; it must be thread-safe when searches run in parallel. */
typedef int (*ward_hnsw_filter_fn)(int64_t id, void *ud);

typedef struct ward_hnsw_hit {
    int64_t id;
    float dist;   /* 1 - cosine similarity */
} ward_hnsw_hit;

/* The k nearest allowed ids to q, closest first, into out[k]; returns how
 * many were found (< k when fewer are allowed). ef <= 0 takes the index's
 * ef_search; ef below k is raised to k. With a filter, filtered-out nodes
 * still route the search (allowed nodes two hops away are reached through
 * them), and when a sample says under 2% of the nodes pass, the search
 * scans every node instead (exact). When the caller knows the allowed ids
 * and they are few, ward_hnsw_search_exact is cheaper still. */
int ward_hnsw_search(const ward_hnsw *h, const float *q, int k, int ef, ward_hnsw_filter_fn f,
                     void *ud, ward_hnsw_hit *out);
/* Exact k nearest among ids[0..n) (absent or deleted ids are skipped);
 * ids == NULL: among every live vector (brute force). */
int ward_hnsw_search_exact(const ward_hnsw *h, const float *q, int k, const int64_t *ids, size_t n,
                           ward_hnsw_hit *out);

size_t ward_hnsw_count(const ward_hnsw *h);    /* live vectors */
size_t ward_hnsw_deleted(const ward_hnsw *h);  /* tombstones (replaced or deleted) */
size_t ward_hnsw_memory(const ward_hnsw *h);   /* bytes held by the index */

/* Writes the index to path atomically (path.tmp, fsync, rename, fsync of
 * the directory). stamp is free text naming what the index must match in
 * the store (model, dimension, count, max chunk id...): never PHI. */
int ward_hnsw_save(const ward_hnsw *h, const char *path, const char *stamp, ward_err *err);
/* Loads an index saved by ward_hnsw_save. expect_stamp NULL: any stamp.
 * WARD_ENOTFOUND when the file does not exist; WARD_EINPUT when it is torn,
 * corrupt, of another version, or its stamp differs (the message says to
 * rebuild); WARD_EIO for read errors. */
int ward_hnsw_load(const char *path, const char *expect_stamp, ward_hnsw **out, ward_err *err);

#endif
