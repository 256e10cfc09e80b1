/* hnsw.c — Ward's vector index: HNSW graph construction and search.
 *
 * HNSW (Malkov & Yashunin) keeps a navigable graph per layer; a node lives
 * on layers 0..L with L drawn geometrically (1/M of nodes reach each next
 * layer). Search descends greedily through the sparse upper layers and runs
 * a best-first search with a bounded result list (ef) on layer 0. Insertion
 * runs the same search with ef_construction and links the new node to the
 * neighbours the "diversity" heuristic keeps: a candidate is dropped when it
 * is closer to an already kept neighbour than to the new node, so links
 * spread over directions instead of piling into one cluster.
 *
 * What this file adds to the textbook algorithm:
 * - Filters and tombstones share one rule: a node that may not be returned
 *   still routes the search, and the result bound only tightens once ef
 *   allowed nodes are held. At 1% selectivity the search therefore keeps
 *   widening around the query until it has found enough allowed nodes,
 *   instead of stopping in a neighbourhood that holds none.
 * - Scratch space (visited marks with a generation counter, heaps, the
 *   encoded query) comes from a pool in the index, so concurrent searches
 *   share nothing mutable and a search never clears an n-sized array.
 * - Each layer-0 step first gathers the unvisited neighbours and prefetches
 *   their records, then computes distances: the memory loads overlap.
 * - add_batch links nodes from several threads, with striped locks on link
 *   lists; slots, vectors and layers are assigned up front in one thread.
 */
#include "store/hnsw_int.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_STRIPES 4096

typedef struct hnsw_cand {
    float d;
    uint32_t s;
} hnsw_cand;

struct hnsw_scratch {
    uint16_t *mark;           /* mark[s] == gen: visited in this search */
    size_t mark_n;
    uint16_t gen;
    hnsw_cand *cand, *res;    /* min-heap by d; res holds -d (max-heap) */
    size_t ncand, ccap, nres, rcap;
    char *q;                  /* the encoded query */
    uint32_t *links;          /* copy of one link list */
    uint32_t *fresh;          /* the nodes to score next */
    uint32_t *other;          /* filtered-out neighbours of one node */
    uint32_t *links2;         /* copy of a second link list (two hops) */
    hnsw_cand *sel;           /* neighbour selection */
    hnsw_scratch *next;
};

ward_hnsw_params ward_hnsw_default_params(void)
{
    ward_hnsw_params p = {0};
    p.M = 16;
    p.ef_construction = 200;
    p.ef_search = 64;
    p.seed = 42;
    return p;
}

int hnsw_check_params(const ward_hnsw_params *p, ward_err *err)
{
    if (p->dim < 1 || p->dim > 65536)
        return ward_err_set(err, WARD_EUSAGE, "vector index: dimension %d out of range 1..65536", p->dim);
    if (p->M < 2 || p->M > 128)
        return ward_err_set(err, WARD_EUSAGE, "vector index: M %d out of range 2..128", p->M);
    if (p->ef_construction < 1 || p->ef_construction > 100000)
        return ward_err_set(err, WARD_EUSAGE, "vector index: ef_construction %d out of range 1..100000",
                            p->ef_construction);
    if (p->ef_search < 1 || p->ef_search > 100000)
        return ward_err_set(err, WARD_EUSAGE, "vector index: ef_search %d out of range 1..100000",
                            p->ef_search);
    if (p->int8 != 0 && p->int8 != 1)
        return ward_err_set(err, WARD_EUSAGE, "vector index: int8 must be 0 or 1");
    return 0;
}

static void *xaligned(size_t n)
{
    void *p = aligned_alloc(64, (n + 63) & ~(size_t)63);
    if (!p) abort();
    return p;
}

ward_hnsw *hnsw_alloc(ward_hnsw_params p)
{
    ward_hnsw *h = ward_xcalloc(1, sizeof *h);
    h->p = p;
    h->M0 = 2 * p.M;
    h->vec_bytes = p.int8 ? ((sizeof(float) + (size_t)p.dim + 3) & ~(size_t)3) : sizeof(float) * (size_t)p.dim;
    h->rec_bytes = (h->vec_bytes + sizeof(uint32_t) * (size_t)(h->M0 + 1) + 63) & ~(size_t)63;
    h->entry = HNSW_NONE;
    h->top = -1;
    h->rng = p.seed ^ 0x9e3779b97f4a7c15ull;
    h->k = hnsw_dist_pick();
    pthread_rwlock_init(&h->rw, NULL);
    pthread_mutex_init(&h->pool_mu, NULL);
    pthread_mutex_init(&h->entry_mu, NULL);
    return h;
}

int ward_hnsw_new(const ward_hnsw_params *pp, ward_hnsw **out, ward_err *err)
{
    ward_hnsw_params p = pp ? *pp : ward_hnsw_default_params();
    *out = NULL;
    int rc = hnsw_check_params(&p, err);
    if (rc) return rc;
    *out = hnsw_alloc(p);
    return 0;
}

void ward_hnsw_free(ward_hnsw *h)
{
    if (!h) return;
    for (size_t s = 0; s < h->n; s++) free(h->upper[s]);
    free(h->upper);
    free(h->rec);
    free(h->ids);
    free(h->level);
    free(h->dead);
    free(h->mkeys);
    free(h->mslots);
    for (hnsw_scratch *sc = h->pool, *nx; sc; sc = nx) {
        nx = sc->next;
        free(sc->mark);
        free(sc->cand);
        free(sc->res);
        free(sc->q);
        free(sc->links);
        free(sc->fresh);
        free(sc->other);
        free(sc->links2);
        free(sc->sel);
        free(sc);
    }
    pthread_rwlock_destroy(&h->rw);
    pthread_mutex_destroy(&h->pool_mu);
    pthread_mutex_destroy(&h->entry_mu);
    free(h);
}

ward_hnsw_params ward_hnsw_get_params(const ward_hnsw *h)
{
    return h->p;
}

/* ---- capacity and the id map ---- */

int hnsw_reserve(ward_hnsw *h, size_t want)
{
    if (want <= h->cap) return 0;
    if (want > (size_t)HNSW_NONE - 1) return WARD_ENOMEM;
    size_t cap = h->cap ? h->cap : 1024;
    while (cap < want) cap = cap * 2 > (size_t)HNSW_NONE - 1 ? (size_t)HNSW_NONE - 1 : cap * 2;
    char *rec = xaligned(cap * h->rec_bytes);
    if (h->n) memcpy(rec, h->rec, h->n * h->rec_bytes);
    free(h->rec);
    h->rec = rec;
    h->upper = ward_xrealloc(h->upper, cap * sizeof *h->upper);
    h->ids = ward_xrealloc(h->ids, cap * sizeof *h->ids);
    h->level = ward_xrealloc(h->level, cap);
    h->dead = ward_xrealloc(h->dead, cap);
    h->cap = cap;
    return 0;
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static uint32_t map_get(const ward_hnsw *h, int64_t id)
{
    if (!h->mcap) return HNSW_NONE;
    size_t mask = h->mcap - 1;
    for (size_t i = mix64((uint64_t)id) & mask;; i = (i + 1) & mask) {
        if (h->mslots[i] == HNSW_NONE) return HNSW_NONE;
        if (h->mkeys[i] == id) return h->mslots[i];
    }
}

void hnsw_map_put(ward_hnsw *h, int64_t id, uint32_t s)
{
    if (2 * (h->mused + 1) > h->mcap) {   /* keep the load under 1/2 */
        size_t old = h->mcap, cap = old ? old * 2 : 1024;
        int64_t *ok = h->mkeys;
        uint32_t *os = h->mslots;
        h->mkeys = ward_xmalloc(cap * sizeof *h->mkeys);
        h->mslots = ward_xmalloc(cap * sizeof *h->mslots);
        memset(h->mslots, 0xff, cap * sizeof *h->mslots);
        h->mcap = cap;
        h->mused = 0;
        for (size_t i = 0; i < old; i++)
            if (os[i] != HNSW_NONE) hnsw_map_put(h, ok[i], os[i]);
        free(ok);
        free(os);
    }
    size_t mask = h->mcap - 1;
    for (size_t i = mix64((uint64_t)id) & mask;; i = (i + 1) & mask) {
        if (h->mslots[i] == HNSW_NONE) {
            h->mkeys[i] = id;
            h->mslots[i] = s;
            h->mused++;
            return;
        }
        if (h->mkeys[i] == id) {
            h->mslots[i] = s;
            return;
        }
    }
}

/* ---- vectors ---- */

/* Normalizes v and stores it in the index's representation at out;
 * -1 for a zero or non-finite vector. */
static int encode(const ward_hnsw *h, const float *v, char *out)
{
    double ss = 0;
    for (int i = 0; i < h->p.dim; i++) ss += (double)v[i] * v[i];
    if (!(ss > 0) || !isfinite(ss)) return -1;
    float inv = (float)(1.0 / sqrt(ss));
    if (!h->p.int8) {
        float *o = (float *)(void *)out;
        for (int i = 0; i < h->p.dim; i++) o[i] = v[i] * inv;
        return 0;
    }
    float mx = 0;
    for (int i = 0; i < h->p.dim; i++) mx = fmaxf(mx, fabsf(v[i] * inv));
    float scale = mx / 127.0f, qs = 127.0f / mx;
    memcpy(out, &scale, sizeof scale);
    int8_t *c = (int8_t *)(out + sizeof(float));
    for (int i = 0; i < h->p.dim; i++) c[i] = (int8_t)lrintf(v[i] * inv * qs);
    memset(out + sizeof(float) + h->p.dim, 0, h->vec_bytes - sizeof(float) - (size_t)h->p.dim);
    return 0;
}

static inline float dist(const ward_hnsw *h, const char *a, const char *b)
{
    if (!h->p.int8) return 1.0f - h->k.dot_f32((const float *)(const void *)a, (const float *)(const void *)b,
                                               (size_t)h->p.dim);
    float sa, sb;
    memcpy(&sa, a, sizeof sa);
    memcpy(&sb, b, sizeof sb);
    int32_t d = h->k.dot_i8((const int8_t *)(a + sizeof(float)), (const int8_t *)(b + sizeof(float)),
                            (size_t)h->p.dim);
    return 1.0f - sa * sb * (float)d;
}

static inline void prefetch_rec(const ward_hnsw *h, uint32_t s)
{
    const char *p = hnsw_vec(h, s);
    __builtin_prefetch(p);
    __builtin_prefetch(p + 64);
    __builtin_prefetch(p + 128);
    __builtin_prefetch(p + 192);
}

/* The part of a vector prefetch_rec left out: asked for one node ahead,
 * it arrives while the current distance is computed. */
static inline void prefetch_rest(const ward_hnsw *h, uint32_t s)
{
    const char *p = hnsw_vec(h, s);
    for (size_t off = 256; off < h->vec_bytes; off += 64) __builtin_prefetch(p + off);
}

/* ---- scratch pool ---- */

static hnsw_scratch *scratch_get(const ward_hnsw *hc)
{
    ward_hnsw *h = (ward_hnsw *)hc;   /* the pool is the one mutable part */
    pthread_mutex_lock(&h->pool_mu);
    hnsw_scratch *sc = h->pool;
    if (sc) h->pool = sc->next;
    pthread_mutex_unlock(&h->pool_mu);
    if (!sc) {
        sc = ward_xcalloc(1, sizeof *sc);
        sc->q = xaligned(h->vec_bytes);
        sc->links = ward_xmalloc(sizeof *sc->links * (size_t)(h->M0 + 1));
        sc->fresh = ward_xmalloc(sizeof *sc->fresh * (size_t)(h->M0 + 1));
        sc->other = ward_xmalloc(sizeof *sc->other * (size_t)(h->M0 + 1));
        sc->links2 = ward_xmalloc(sizeof *sc->links2 * (size_t)(h->M0 + 1));
        sc->sel = ward_xmalloc(sizeof *sc->sel * (size_t)(h->M0 + 2));
    }
    if (sc->mark_n < h->cap) {
        free(sc->mark);
        sc->mark = ward_xcalloc(h->cap, sizeof *sc->mark);
        sc->mark_n = h->cap;
        sc->gen = 0;
    }
    return sc;
}

static void scratch_put(const ward_hnsw *hc, hnsw_scratch *sc)
{
    ward_hnsw *h = (ward_hnsw *)hc;
    pthread_mutex_lock(&h->pool_mu);
    sc->next = h->pool;
    h->pool = sc;
    pthread_mutex_unlock(&h->pool_mu);
}

static void new_search(hnsw_scratch *sc)
{
    if (++sc->gen == 0) {
        memset(sc->mark, 0, sc->mark_n * sizeof *sc->mark);
        sc->gen = 1;
    }
    sc->ncand = sc->nres = 0;
}

static inline int visit(hnsw_scratch *sc, uint32_t s)
{
    if (sc->mark[s] == sc->gen) return 1;
    sc->mark[s] = sc->gen;
    return 0;
}

/* ---- heaps (min-heaps on d; results store -d to pop the worst first) ---- */

static void heap_push(hnsw_cand **v, size_t *n, size_t *cap, float d, uint32_t s)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        *v = ward_xrealloc(*v, *cap * sizeof **v);
    }
    hnsw_cand *a = *v;
    size_t i = (*n)++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (a[p].d <= d) break;
        a[i] = a[p];
        i = p;
    }
    a[i] = (hnsw_cand){d, s};
}

static void heap_pop(hnsw_cand *a, size_t *n)
{
    hnsw_cand last = a[--(*n)];
    size_t i = 0, m = *n;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= m) break;
        if (c + 1 < m && a[c + 1].d < a[c].d) c++;
        if (a[c].d >= last.d) break;
        a[i] = a[c];
        i = c;
    }
    if (m) a[i] = last;
}

/* ---- locking during parallel builds ---- */

static inline void lock_node(const ward_hnsw *h, uint32_t s)
{
    if (h->stripes) pthread_mutex_lock(&h->stripes[s % N_STRIPES]);
}

static inline void unlock_node(const ward_hnsw *h, uint32_t s)
{
    if (h->stripes) pthread_mutex_unlock(&h->stripes[s % N_STRIPES]);
}

/* Copies s's links at level l into sc->links (under its lock while a
 * parallel build may be writing them). */
static const uint32_t *read_links_to(const ward_hnsw *h, uint32_t *buf, uint32_t s, int l)
{
    const uint32_t *ln = hnsw_links(h, s, l);
    if (!h->stripes) return ln;
    lock_node(h, s);
    memcpy(buf, ln, sizeof *ln * (ln[0] + 1));
    unlock_node(h, s);
    return buf;
}

static const uint32_t *read_links(const ward_hnsw *h, hnsw_scratch *sc, uint32_t s, int l)
{
    return read_links_to(h, sc->links, s, l);
}

/* ---- search ---- */

static inline int allowed(const ward_hnsw *h, uint32_t s, ward_hnsw_filter_fn f, void *ud)
{
    return !h->dead[s] && (!f || f(h->ids[s], ud));
}

/* Greedy walk on an upper layer: moves to the closest neighbour until none
 * is closer. */
static uint32_t greedy(const ward_hnsw *h, hnsw_scratch *sc, const char *q, uint32_t ep, int l)
{
    float d = dist(h, q, hnsw_vec(h, ep));
    for (int moved = 1; moved;) {
        moved = 0;
        const uint32_t *ln = read_links(h, sc, ep, l);
        for (uint32_t j = 1; j <= ln[0]; j++) {
            float dd = dist(h, q, hnsw_vec(h, ln[j]));
            if (dd < d) {
                d = dd;
                ep = ln[j];
                moved = 1;
            }
        }
    }
    return ep;
}

/* The unvisited neighbours of c, into sc->fresh; returns how many. */
static uint32_t gather(const ward_hnsw *h, hnsw_scratch *sc, uint32_t c, int l)
{
    const uint32_t *ln = read_links(h, sc, c, l);
    uint32_t cnt = ln[0], m = 0;
    for (uint32_t j = 1; j <= cnt; j++) __builtin_prefetch(&sc->mark[ln[j]]);
    for (uint32_t j = 1; j <= cnt; j++)
        if (!visit(sc, ln[j])) {
            sc->fresh[m++] = ln[j];
            prefetch_rec(h, ln[j]);
        }
    return m;
}

/* With a filter: up to M0 unvisited allowed nodes near c, into sc->fresh.
 * Allowed neighbours come first; then each filtered-out neighbour lends
 * its own allowed neighbours (two hops), so distances are only computed
 * for nodes that can be returned, and at 1% selectivity a step still
 * finds some. The filtered-out neighbours go to sc->other (*nother). */
static uint32_t gather_filtered(const ward_hnsw *h, hnsw_scratch *sc, uint32_t c, int l,
                                ward_hnsw_filter_fn f, void *ud, uint32_t *nother)
{
    const uint32_t *ln = read_links(h, sc, c, l);
    uint32_t cnt = ln[0], m = 0, no = 0, max = (uint32_t)h->M0;
    for (uint32_t j = 1; j <= cnt; j++) __builtin_prefetch(&sc->mark[ln[j]]);
    for (uint32_t j = 1; j <= cnt; j++) {
        uint32_t x = ln[j];
        if (visit(sc, x)) continue;
        if (allowed(h, x, f, ud)) {
            sc->fresh[m++] = x;
            prefetch_rec(h, x);
        } else {
            sc->other[no++] = x;
            __builtin_prefetch(hnsw_links(h, x, l));
        }
    }
    for (uint32_t j = 0; j < no && m < max; j++) {
        const uint32_t *l2 = read_links_to(h, sc->links2, sc->other[j], l);
        for (uint32_t i = 1; i <= l2[0] && m < max; i++) {
            uint32_t y = l2[i];
            if (sc->mark[y] == sc->gen || !allowed(h, y, f, ud)) continue;
            visit(sc, y);
            sc->fresh[m++] = y;
            prefetch_rec(h, y);
        }
    }
    *nother = no;
    return m;
}

/* Scores sc->fresh[0..m): closer than the bound goes to the candidates,
 * and (unless route_only) to the results. Returns the new bound. */
static float score(const ward_hnsw *h, hnsw_scratch *sc, const char *q, const uint32_t *xs, uint32_t m,
                   size_t ef, float bound, int route_only)
{
    for (uint32_t j = 0; j < m; j++) {
        uint32_t x = xs[j];
        if (j + 1 < m) prefetch_rest(h, xs[j + 1]);
        float dx = dist(h, q, hnsw_vec(h, x));
        if (dx >= bound) continue;
        heap_push(&sc->cand, &sc->ncand, &sc->ccap, dx, x);
        if (route_only) continue;
        heap_push(&sc->res, &sc->nres, &sc->rcap, -dx, x);
        if (sc->nres > ef) heap_pop(sc->res, &sc->nres);
        if (sc->nres >= ef) bound = -sc->res[0].d;
    }
    return bound;
}

/* Best-first search on layer l from ep; the ef closest allowed nodes end up
 * in sc->res. skip (a node being inserted) is never visited. Nodes that
 * may not be returned (tombstones, filtered out) still route: the bound
 * only tightens once ef allowed nodes are held, and when a step finds few
 * allowed nodes the search walks on through the filtered-out ones. */
static void search_layer(const ward_hnsw *h, hnsw_scratch *sc, const char *q, uint32_t ep, int l,
                         size_t ef, ward_hnsw_filter_fn f, void *ud, uint32_t skip)
{
    int filtering = f || h->live != h->n;
    new_search(sc);
    if (skip != HNSW_NONE) visit(sc, skip);
    visit(sc, ep);
    float d = dist(h, q, hnsw_vec(h, ep));
    heap_push(&sc->cand, &sc->ncand, &sc->ccap, d, ep);
    if (allowed(h, ep, f, ud)) heap_push(&sc->res, &sc->nres, &sc->rcap, -d, ep);
    float bound = sc->nres >= ef ? -sc->res[0].d : INFINITY;
    while (sc->ncand) {
        hnsw_cand c = sc->cand[0];
        if (c.d > bound) break;
        heap_pop(sc->cand, &sc->ncand);
        uint32_t no = 0;
        uint32_t m = filtering ? gather_filtered(h, sc, c.s, l, f, ud, &no) : gather(h, sc, c.s, l);
        bound = score(h, sc, q, sc->fresh, m, ef, bound, 0);
        /* Few allowed nodes near c: walk on through the filtered-out
         * neighbours too, but only those that bring us closer. */
        if (no && m < (uint32_t)(h->p.M / 4 + 1)) score(h, sc, q, sc->other, no, ef, fminf(bound, c.d), 1);
    }
}

/* Pops sc->res into v (closest first); returns the count. */
static size_t take_results(hnsw_scratch *sc, hnsw_cand *v)
{
    size_t n = sc->nres;
    for (size_t i = n; i-- > 0;) {
        v[i] = (hnsw_cand){-sc->res[0].d, sc->res[0].s};
        heap_pop(sc->res, &sc->nres);
    }
    return n;
}

/* ---- insertion ---- */

static int cmp_cand(const void *a, const void *b)
{
    float x = ((const hnsw_cand *)a)->d, y = ((const hnsw_cand *)b)->d;
    return (x > y) - (x < y);
}

/* The diversity heuristic over c[0..n) sorted by distance to the base
 * node: keeps at most max, in place; returns how many. */
static size_t select_neighbors(const ward_hnsw *h, hnsw_cand *c, size_t n, size_t max)
{
    size_t m = 0;
    for (size_t i = 0; i < n && m < max; i++) {
        int keep = 1;
        for (size_t j = 0; j < m && keep; j++)
            if (dist(h, hnsw_vec(h, c[i].s), hnsw_vec(h, c[j].s)) < c[i].d) keep = 0;
        if (keep) c[m++] = c[i];
    }
    return m;
}

/* Adds the link nb -> s at level l; a full list is re-selected. */
static void add_link(const ward_hnsw *h, hnsw_scratch *sc, uint32_t nb, uint32_t s, float d, int l)
{
    uint32_t max = l ? (uint32_t)h->p.M : (uint32_t)h->M0;
    lock_node(h, nb);
    uint32_t *ln = hnsw_links(h, nb, l);
    if (ln[0] < max) {
        ln[1 + ln[0]++] = s;
    } else {
        hnsw_cand *c = sc->sel;
        const char *base = hnsw_vec(h, nb);
        for (uint32_t j = 0; j < ln[0]; j++) c[j] = (hnsw_cand){dist(h, base, hnsw_vec(h, ln[j + 1])), ln[j + 1]};
        c[ln[0]] = (hnsw_cand){d, s};
        qsort(c, ln[0] + 1, sizeof *c, cmp_cand);
        size_t m = select_neighbors(h, c, ln[0] + 1, max);
        for (size_t j = 0; j < m; j++) ln[1 + j] = c[j].s;
        ln[0] = (uint32_t)m;
    }
    unlock_node(h, nb);
}

/* Links slot s (vector, level and empty link lists already in place). */
static void insert_slot(ward_hnsw *h, hnsw_scratch *sc, uint32_t s)
{
    int L = h->level[s];
    pthread_mutex_lock(&h->entry_mu);
    uint32_t ep = h->entry;
    int top = h->top;
    int holds = L > top;   /* a new top node keeps the lock until linked */
    if (ep == HNSW_NONE) {
        h->entry = s;
        h->top = L;
        pthread_mutex_unlock(&h->entry_mu);
        return;
    }
    if (!holds) pthread_mutex_unlock(&h->entry_mu);
    const char *q = hnsw_vec(h, s);
    for (int l = top; l > L; l--) ep = greedy(h, sc, q, ep, l);
    size_t max_sel = (size_t)h->p.M;
    hnsw_cand *found = ward_xmalloc(sizeof *found * ((size_t)h->p.ef_construction + 1));
    for (int l = L < top ? L : top; l >= 0; l--) {
        search_layer(h, sc, q, ep, l, (size_t)h->p.ef_construction, NULL, NULL, s);
        size_t n = take_results(sc, found);
        if (!n) continue;   /* only tombstones nearby: keep ep */
        ep = found[0].s;
        size_t m = select_neighbors(h, found, n, max_sel);
        lock_node(h, s);
        uint32_t *ln = hnsw_links(h, s, l);
        for (size_t j = 0; j < m; j++) ln[1 + j] = found[j].s;
        ln[0] = (uint32_t)m;
        unlock_node(h, s);
        for (size_t j = 0; j < m; j++) add_link(h, sc, found[j].s, s, found[j].d, l);
    }
    free(found);
    if (holds) {
        h->entry = s;
        h->top = L;
        pthread_mutex_unlock(&h->entry_mu);
    }
}

static int draw_level(ward_hnsw *h)
{
    h->rng += 0x9e3779b97f4a7c15ull;
    double u = ((double)(mix64(h->rng) >> 11) + 1.0) * 0x1.0p-53;   /* (0, 1] */
    int l = (int)(-log(u) / log((double)h->p.M));
    return l < HNSW_MAX_LEVEL - 1 ? l : HNSW_MAX_LEVEL - 1;
}

/* Takes a slot for id with its encoded vector; tombstones the old slot of
 * a replaced id. Needs the capacity reserved. */
static uint32_t place(ward_hnsw *h, int64_t id, const float *vec)
{
    uint32_t old = map_get(h, id);
    if (old != HNSW_NONE && !h->dead[old]) {
        h->dead[old] = 1;
        h->live--;
    }
    uint32_t s = (uint32_t)h->n++;
    encode(h, vec, hnsw_vec(h, s));
    hnsw_links(h, s, 0)[0] = 0;
    h->ids[s] = id;
    h->dead[s] = 0;
    int L = draw_level(h);
    h->level[s] = (uint8_t)L;
    h->upper[s] = L ? ward_xcalloc((size_t)L * (size_t)(h->p.M + 1), sizeof(uint32_t)) : NULL;
    hnsw_map_put(h, id, s);
    h->live++;
    return s;
}

static int check_vec(const ward_hnsw *h, const float *v, size_t row, ward_err *err)
{
    double ss = 0;
    for (int i = 0; i < h->p.dim; i++) ss += (double)v[i] * v[i];
    if (ss > 0 && isfinite(ss)) return 0;
    return ward_err_set(err, WARD_EINPUT, "vector index: vector %zu is zero or not finite", row);
}

int ward_hnsw_add(ward_hnsw *h, int64_t id, const float *vec, ward_err *err)
{
    return ward_hnsw_add_batch(h, &id, vec, 1, 1, err);
}

typedef struct batch_job {
    ward_hnsw *h;
    uint32_t first;
    size_t n;
    atomic_size_t next;
} batch_job;

static void *batch_worker(void *arg)
{
    batch_job *job = arg;
    hnsw_scratch *sc = scratch_get(job->h);
    for (size_t i; (i = atomic_fetch_add(&job->next, 1)) < job->n;)
        insert_slot(job->h, sc, job->first + (uint32_t)i);
    scratch_put(job->h, sc);
    return NULL;
}

static void link_parallel(ward_hnsw *h, uint32_t first, size_t n, int threads)
{
    batch_job job = {.h = h, .first = first, .n = n};
    atomic_init(&job.next, 0);
    if (threads <= 1 || n < 2 * (size_t)threads) {
        batch_worker(&job);
        return;
    }
    h->stripes = ward_xmalloc(sizeof *h->stripes * N_STRIPES);
    for (int i = 0; i < N_STRIPES; i++) pthread_mutex_init(&h->stripes[i], NULL);
    pthread_t *t = ward_xmalloc(sizeof *t * (size_t)threads);
    int started = 0;
    for (int i = 0; i < threads; i++)
        if (!pthread_create(&t[started], NULL, batch_worker, &job)) started++;
    if (!started) batch_worker(&job);   /* no threads to be had: do it here */
    for (int i = 0; i < started; i++) pthread_join(t[i], NULL);
    free(t);
    for (int i = 0; i < N_STRIPES; i++) pthread_mutex_destroy(&h->stripes[i]);
    free(h->stripes);
    h->stripes = NULL;
}

int ward_hnsw_add_batch(ward_hnsw *h, const int64_t *ids, const float *vecs, size_t n, int threads,
                        ward_err *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = check_vec(h, vecs + i * (size_t)h->p.dim, i, err);
        if (rc) return rc;
    }
    if (threads <= 0) threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    pthread_rwlock_wrlock(&h->rw);
    if (hnsw_reserve(h, h->n + n)) {
        pthread_rwlock_unlock(&h->rw);
        return ward_err_set(err, WARD_ENOMEM, "vector index: too many vectors");
    }
    uint32_t first = (uint32_t)h->n;
    for (size_t i = 0; i < n; i++) place(h, ids[i], vecs + i * (size_t)h->p.dim);
    if (n && h->entry == HNSW_NONE) {   /* the first node alone, so threads have an entry */
        hnsw_scratch *sc = scratch_get(h);
        insert_slot(h, sc, first++);
        scratch_put(h, sc);
        n--;
    }
    link_parallel(h, first, n, threads);
    pthread_rwlock_unlock(&h->rw);
    return 0;
}

int ward_hnsw_delete(ward_hnsw *h, int64_t id)
{
    pthread_rwlock_wrlock(&h->rw);
    uint32_t s = map_get(h, id);
    int rc = WARD_ENOTFOUND;
    if (s != HNSW_NONE && !h->dead[s]) {
        h->dead[s] = 1;
        h->live--;
        rc = 0;
    }
    pthread_rwlock_unlock(&h->rw);
    return rc;
}

int ward_hnsw_contains(const ward_hnsw *h, int64_t id)
{
    pthread_rwlock_rdlock((pthread_rwlock_t *)&h->rw);
    uint32_t s = map_get(h, id);
    int r = s != HNSW_NONE && !h->dead[s];
    pthread_rwlock_unlock((pthread_rwlock_t *)&h->rw);
    return r;
}

/* ---- public search ---- */

/* Moves the best k of sc->res into out, closest first. */
static int emit(const ward_hnsw *h, hnsw_scratch *sc, int k, ward_hnsw_hit *out)
{
    while (sc->nres > (size_t)k) heap_pop(sc->res, &sc->nres);
    int n = (int)sc->nres;
    for (int i = n; i-- > 0;) {
        out[i] = (ward_hnsw_hit){h->ids[sc->res[0].s], -sc->res[0].d};
        heap_pop(sc->res, &sc->nres);
    }
    return n;
}

/* Below this share of allowed nodes a filtered search scans every node:
 * the graph's allowed nodes are then too sparse to navigate well (recall
 * drops) and too far apart to reach cheaply, while a scan is exact and
 * costs one filter call per node plus a distance per allowed node. */
#define SCAN_BELOW 0.02
#define SAMPLE 256

/* The filter's pass rate on up to SAMPLE live nodes spread over the index. */
static double selectivity(const ward_hnsw *h, ward_hnsw_filter_fn f, void *ud)
{
    size_t step = h->n > SAMPLE ? h->n / SAMPLE : 1, seen = 0, pass = 0;
    for (size_t s = step / 2; s < h->n; s += step)
        if (!h->dead[s]) {
            seen++;
            pass += f(h->ids[s], ud) != 0;
        }
    return seen ? (double)pass / (double)seen : 0;
}

/* Keeps the k closest in sc->res while scanning (each slot once). */
static void exact_one(const ward_hnsw *h, hnsw_scratch *sc, uint32_t s, size_t k)
{
    if (h->dead[s] || visit(sc, s)) return;
    float d = dist(h, sc->q, hnsw_vec(h, s));
    if (sc->nres == k && d >= -sc->res[0].d) return;
    heap_push(&sc->res, &sc->nres, &sc->rcap, -d, s);
    if (sc->nres > k) heap_pop(sc->res, &sc->nres);
}

static void scan(const ward_hnsw *h, hnsw_scratch *sc, size_t k, ward_hnsw_filter_fn f, void *ud)
{
    new_search(sc);
    for (uint32_t s = 0; s < h->n; s++)
        if (!h->dead[s] && (!f || f(h->ids[s], ud))) exact_one(h, sc, s, k);
}

int ward_hnsw_search(const ward_hnsw *h, const float *q, int k, int ef, ward_hnsw_filter_fn f,
                     void *ud, ward_hnsw_hit *out)
{
    if (k <= 0 || !q || !out) return 0;
    pthread_rwlock_rdlock((pthread_rwlock_t *)&h->rw);
    int n = 0;
    if (h->entry != HNSW_NONE) {
        hnsw_scratch *sc = scratch_get(h);
        if (!encode(h, q, sc->q)) {
            if (ef <= 0) ef = h->p.ef_search;
            if (ef < k) ef = k;
            if (f && selectivity(h, f, ud) < SCAN_BELOW) {
                scan(h, sc, (size_t)k, f, ud);
            } else {
                uint32_t ep = h->entry;
                for (int l = h->top; l > 0; l--) ep = greedy(h, sc, sc->q, ep, l);
                search_layer(h, sc, sc->q, ep, 0, (size_t)ef, f, ud, HNSW_NONE);
            }
            n = emit(h, sc, k, out);
        }
        scratch_put(h, sc);
    }
    pthread_rwlock_unlock((pthread_rwlock_t *)&h->rw);
    return n;
}

int ward_hnsw_search_exact(const ward_hnsw *h, const float *q, int k, const int64_t *ids, size_t n,
                           ward_hnsw_hit *out)
{
    if (k <= 0 || !q || !out) return 0;
    pthread_rwlock_rdlock((pthread_rwlock_t *)&h->rw);
    hnsw_scratch *sc = scratch_get(h);
    int found = 0;
    if (!encode(h, q, sc->q)) {
        new_search(sc);
        if (ids) {
            for (size_t i = 0; i < n; i++) {
                uint32_t s = map_get(h, ids[i]);
                if (s != HNSW_NONE) exact_one(h, sc, s, (size_t)k);
            }
        } else {
            for (uint32_t s = 0; s < h->n; s++) exact_one(h, sc, s, (size_t)k);
        }
        found = emit(h, sc, k, out);
    }
    scratch_put(h, sc);
    pthread_rwlock_unlock((pthread_rwlock_t *)&h->rw);
    return found;
}

size_t ward_hnsw_count(const ward_hnsw *h)
{
    return h->live;
}

size_t ward_hnsw_deleted(const ward_hnsw *h)
{
    return h->n - h->live;
}

size_t ward_hnsw_memory(const ward_hnsw *h)
{
    pthread_rwlock_rdlock((pthread_rwlock_t *)&h->rw);
    size_t m = sizeof *h + h->cap * (h->rec_bytes + sizeof *h->upper + sizeof *h->ids + 2);
    for (size_t s = 0; s < h->n; s++)
        m += (size_t)h->level[s] * (size_t)(h->p.M + 1) * sizeof(uint32_t);
    m += h->mcap * (sizeof *h->mkeys + sizeof *h->mslots);
    pthread_mutex_lock((pthread_mutex_t *)&h->pool_mu);
    for (const hnsw_scratch *sc = h->pool; sc; sc = sc->next)
        m += sc->mark_n * sizeof *sc->mark + (sc->ccap + sc->rcap) * sizeof(hnsw_cand);
    pthread_mutex_unlock((pthread_mutex_t *)&h->pool_mu);
    pthread_rwlock_unlock((pthread_rwlock_t *)&h->rw);
    return m;
}
