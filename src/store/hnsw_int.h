/* hnsw_int.h — the vector index's memory layout, shared by hnsw.c (graph,
 * search) and hnsw_file.c (save, load). Not a public header.
 *
 * Nodes are "slots" 0..n-1 in insertion order. Everything layer 0 needs for
 * one slot sits in one record of rec_bytes (a multiple of 64, 64-aligned):
 *
 *     [ vector: dim floats | or float scale + dim int8 codes ][ count | M0 links ]
 *
 * so a search touches one contiguous run of cache lines per node, and the
 * vector starts on a cache line. Upper layers (few nodes: 1/M of them per
 * layer) have one small malloc'ed array per slot: level * (1 + M) uint32.
 * A replaced or deleted id leaves its slot as a tombstone (dead[s] = 1).
 * The id map (open addressing) sends an id to its newest slot. */
#ifndef WARD_HNSW_INT_H
#define WARD_HNSW_INT_H

#include "store/hnsw_dist_int.h"
#include "ward/hnsw.h"

#include <pthread.h>

#define HNSW_MAX_LEVEL 16
#define HNSW_NONE UINT32_MAX

typedef struct hnsw_scratch hnsw_scratch;

struct ward_hnsw {
    ward_hnsw_params p;
    int M0;                   /* layer-0 links per node: 2 * M */
    size_t vec_bytes;         /* stored vector, rounded up to 4 bytes */
    size_t rec_bytes;         /* one layer-0 record */
    char *rec;                /* cap records */
    uint32_t **upper;         /* per slot: links of layers 1..level, or NULL */
    int64_t *ids;
    uint8_t *level, *dead;
    size_t n, cap, live;
    uint32_t entry;           /* HNSW_NONE when empty */
    int top;                  /* level of the entry point; -1 when empty */
    int64_t *mkeys;           /* id map: keys, and slots (HNSW_NONE: empty) */
    uint32_t *mslots;
    size_t mcap, mused;
    uint64_t rng;
    hnsw_dist_kernels k;
    pthread_rwlock_t rw;      /* searches read, add/delete write */
    pthread_mutex_t pool_mu;  /* the scratch pool */
    hnsw_scratch *pool;
    pthread_mutex_t entry_mu; /* parallel build: entry point and top */
    pthread_mutex_t *stripes; /* parallel build: link-list locks, or NULL */
};

static inline char *hnsw_vec(const ward_hnsw *h, uint32_t s)
{
    return h->rec + (size_t)s * h->rec_bytes;
}

/* Links of slot s at level l: [0] = count, then the neighbours. */
static inline uint32_t *hnsw_links(const ward_hnsw *h, uint32_t s, int l)
{
    if (l == 0) return (uint32_t *)(void *)(hnsw_vec(h, s) + h->vec_bytes);
    return h->upper[s] + (size_t)(l - 1) * (size_t)(h->p.M + 1);
}

/* Creates an empty index for validated params (no checks). */
ward_hnsw *hnsw_alloc(ward_hnsw_params p);
/* Room for cap slots; returns 0 or WARD_ENOMEM. */
int hnsw_reserve(ward_hnsw *h, size_t cap);
/* Maps id to slot s (overwrites an older slot for the same id). */
void hnsw_map_put(ward_hnsw *h, int64_t id, uint32_t s);
/* WARD_EUSAGE message for bad params, or 0. */
int hnsw_check_params(const ward_hnsw_params *p, ward_err *err);

#endif
