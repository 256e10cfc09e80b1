/* ann.c — the ANN benchmark's data tools and Ward's side of it.
 *
 *   bench_ann gen N NQ DIM BASE QUERIES     clustered vectors, fixed seeds
 *   bench_ann export DATA_DIR NQ BASE QUERIES  a store's embeddings (last NQ rows are the queries)
 *   bench_ann gt BASE QUERIES GT [THREADS]  exact top-10 by brute force
 *   bench_ann run BASE QUERIES GT           Ward: build, ef sweep, filtered search
 *
 * run reads ANN_M, ANN_EFC, ANN_BUILD_THREADS, ANN_REPS, ANN_INT8 (see
 * ann.sh). The generator draws points around n/1000 cluster centres along
 * a shared 32-dimensional subspace plus small isotropic noise: a low
 * intrinsic dimension like real text embeddings, so recall targets are
 * reachable, yet not so easy that ef does not matter. */
#include "ann_common.h"
#include "ward/hnsw.h"

#include <math.h>
#include <sqlite3.h>

#define RANK 32
#define GT_K 10

static uint64_t rng_s;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static float gauss(void)
{
    double u = ((double)(rng_next() >> 11) + 1) * 0x1.0p-53, v = (double)(rng_next() >> 11) * 0x1.0p-53;
    return (float)(sqrt(-2 * log(u)) * cos(6.283185307179586 * v));
}

static void normalize(float *v, uint32_t dim)
{
    double s = 0;
    for (uint32_t i = 0; i < dim; i++) s += (double)v[i] * v[i];
    float inv = s > 0 ? (float)(1 / sqrt(s)) : 0;
    for (uint32_t i = 0; i < dim; i++) v[i] *= inv;
}

/* n points; centres and subspace come from fixed seeds, points from seed. */
static float *generate(uint32_t n, uint32_t dim, uint32_t ncent, uint64_t seed)
{
    float *cent = malloc(sizeof(float) * (size_t)ncent * dim), *A = malloc(sizeof(float) * dim * RANK);
    rng_s = 1234;
    for (size_t i = 0; i < (size_t)ncent * dim; i++) cent[i] = gauss();
    for (size_t i = 0; i < (size_t)dim * RANK; i++) A[i] = gauss() / sqrtf(RANK);
    rng_s = seed;
    float *v = malloc(sizeof(float) * (size_t)n * dim);
    for (uint32_t p = 0; p < n; p++) {
        const float *c = cent + (size_t)(rng_next() % ncent) * dim;
        float z[RANK], *x = v + (size_t)p * dim;
        for (int r = 0; r < RANK; r++) z[r] = gauss();
        for (uint32_t i = 0; i < dim; i++) {
            float s = 0;
            for (int r = 0; r < RANK; r++) s += A[i * RANK + r] * z[r];
            x[i] = c[i] + 0.8f * s + 0.3f * gauss();
        }
        normalize(x, dim);
    }
    free(cent);
    free(A);
    return v;
}

static int cmd_gen(char **argv)
{
    uint32_t n = (uint32_t)atol(argv[0]), nq = (uint32_t)atol(argv[1]), dim = (uint32_t)atol(argv[2]);
    uint32_t ncent = n / 1000 > 16 ? n / 1000 : 16;
    float *b = generate(n, dim, ncent, 1);
    ann_write_vecs(argv[3], b, n, dim);
    free(b);
    float *q = generate(nq, dim, ncent, 2);
    ann_write_vecs(argv[4], q, nq, dim);
    free(q);
    return 0;
}

/* Embeddings of an ingested corpus (ward index must have run). */
static int cmd_export(char **argv)
{
    sqlite3 *db;
    char path[4096];
    snprintf(path, sizeof path, "%s/ward.db", argv[0]);
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL)) ann_die("cannot open", path);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT dim, vec FROM embeddings ORDER BY chunk_id", -1, &st, NULL))
        ann_die("no embeddings table", path);
    uint32_t dim = 0, n = 0, cap = 0;
    float *v = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        uint32_t d = (uint32_t)sqlite3_column_int(st, 0);
        if (!dim) dim = d;
        if (d != dim || (size_t)sqlite3_column_bytes(st, 1) != sizeof(float) * d) continue;
        if (n == cap) v = realloc(v, sizeof(float) * (size_t)(cap = cap ? cap * 2 : 1024) * dim);
        memcpy(v + (size_t)n * dim, sqlite3_column_blob(st, 1), sizeof(float) * dim);
        normalize(v + (size_t)n * dim, dim);
        n++;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    uint32_t nq = (uint32_t)atol(argv[1]);
    if (nq > n / 10) nq = n / 10;
    if (n < 100) ann_die("fewer than 100 embeddings", path);
    ann_write_vecs(argv[2], v, n - nq, dim);
    ann_write_vecs(argv[3], v + (size_t)(n - nq) * dim, nq, dim);
    fprintf(stderr, "exported %u vectors of dim %u (%u queries)\n", n - nq, dim, nq);
    free(v);
    return 0;
}

/* ---- brute force ---- */

typedef struct gt_job {
    const ann_vecs *b, *q;
    const uint8_t *keep;   /* NULL: every row */
    int32_t *out;
    volatile long next;
} gt_job;


/* Keeps the GT_K best (highest dot) of one query. */
typedef struct topk {
    float d[GT_K];
    int32_t i[GT_K];
    int have;
} topk;

static void topk_add(topk *t, float s, int32_t r)
{
    if (t->have == GT_K && s <= t->d[GT_K - 1]) return;
    int i = t->have < GT_K ? t->have++ : GT_K - 1;
    for (; i > 0 && t->d[i - 1] < s; i--) {
        t->d[i] = t->d[i - 1];
        t->i[i] = t->i[i - 1];
    }
    t->d[i] = s;
    t->i[i] = r;
}

/* Queries go in blocks of 16 so each base row is read from memory once
 * per block, not once per query (-ffast-math vectorizes ann_dot). */
#define GT_BLOCK 16
static void *gt_worker(void *arg)
{
    gt_job *j = arg;
    uint32_t dim = j->b->dim;
    for (long q0; (q0 = __atomic_fetch_add(&j->next, GT_BLOCK, __ATOMIC_RELAXED)) < (long)j->q->n;) {
        long nb = (long)j->q->n - q0 < GT_BLOCK ? (long)j->q->n - q0 : GT_BLOCK;
        topk t[GT_BLOCK];
        memset(t, 0, sizeof t);
        for (uint32_t r = 0; r < j->b->n; r++) {
            if (j->keep && !j->keep[r]) continue;
            const float *row = j->b->v + (size_t)r * dim;
            for (long b = 0; b < nb; b++) topk_add(&t[b], ann_dot(j->q->v + (size_t)(q0 + b) * dim, row, dim), (int32_t)r);
        }
        for (long b = 0; b < nb; b++)
            for (int i = 0; i < GT_K; i++) j->out[(size_t)(q0 + b) * GT_K + i] = i < t[b].have ? t[b].i[i] : -1;
    }
    return NULL;
}

static ann_gt brute(const ann_vecs *b, const ann_vecs *q, const uint8_t *keep, int threads)
{
    ann_gt g = {q->n, GT_K, malloc(sizeof(int32_t) * q->n * GT_K), NULL, NULL};
    gt_job j = {b, q, keep, g.ids, 0};
    pthread_t t[64];
    for (int i = 0; i < threads && i < 64; i++) pthread_create(&t[i], NULL, gt_worker, &j);
    for (int i = 0; i < threads && i < 64; i++) pthread_join(t[i], NULL);
    return g;
}

static int cmd_gt(int argc, char **argv)
{
    ann_vecs b = ann_read_vecs(argv[0]), q = ann_read_vecs(argv[1]);
    ann_gt g = brute(&b, &q, NULL, argc > 3 ? atoi(argv[3]) : 2);
    FILE *f = fopen(argv[2], "wb");
    if (!f) ann_die("cannot write", argv[2]);
    fwrite("WANNGT01", 1, 8, f);
    fwrite(&g.nq, 4, 1, f);
    fwrite(&g.k, 4, 1, f);
    fwrite(g.ids, sizeof(int32_t) * GT_K, g.nq, f);
    fclose(f);
    free(b.v);
    free(q.v);
    free(g.ids);
    return 0;
}

/* ---- Ward ---- */

typedef struct ward_ctx {
    ward_hnsw *h;
    int ef;
    const uint8_t *keep;   /* filtered runs */
    int64_t *allowed;      /* the allowed rows, for exact search */
    size_t nallowed;
} ward_ctx;

static void ward_set_ef(void *ctx, int ef) { ((ward_ctx *)ctx)->ef = ef; }

static int keep_row(int64_t id, void *ud) { return ((const uint8_t *)ud)[id]; }

static void ward_query(void *ctx, const float *q, int k, int64_t *out)
{
    ward_ctx *c = ctx;
    ward_hnsw_hit hit[64];
    int n = ward_hnsw_search(c->h, q, k, c->ef, c->keep ? keep_row : NULL, (void *)c->keep, hit);
    for (int i = 0; i < k; i++) out[i] = i < n ? hit[i].id : -1;
}

static void ward_query_exact(void *ctx, const float *q, int k, int64_t *out)
{
    ward_ctx *c = ctx;
    ward_hnsw_hit hit[64];
    int n = ward_hnsw_search_exact(c->h, q, k, c->allowed, c->nallowed, hit);
    for (int i = 0; i < k; i++) out[i] = i < n ? hit[i].id : -1;
}

/* 1% of rows, scattered (not a contiguous range). */
static void filtered(ward_ctx *c, const ann_vecs *b, const ann_vecs *q, int threads)
{
    uint8_t *keep = calloc(b->n, 1);
    c->allowed = malloc(sizeof(int64_t) * b->n);
    c->nallowed = 0;
    rng_s = 99;
    for (uint32_t r = 0; r < b->n; r++)
        if (rng_next() % 100 == 0) {
            keep[r] = 1;
            c->allowed[c->nallowed++] = r;
        }
    ann_gt g = brute(b, q, keep, threads);
    g.base = b;
    g.qs = q;
    int64_t *found = malloc(sizeof(int64_t) * q->n * 10);
    c->keep = keep;
    int efs[] = {10, 32, 64, 128, 256};
    for (size_t e = 0; e < sizeof efs / sizeof efs[0]; e++) {
        c->ef = efs[e];
        double c0 = ann_cpu(), qps = ann_run_queries(c, ward_query, q, 10, 1, found);
        printf("ward filtered selectivity 0.01 allowed %zu ef %d threads 1 qps %.1f recall %.4f cpuqps %.1f\n",
               c->nallowed, efs[e], qps, ann_recall(&g, found, 10), q->n / (ann_cpu() - c0));
    }
    double c0 = ann_cpu(), qps = ann_run_queries(c, ward_query_exact, q, 10, 1, found);
    printf("ward filtered-exact selectivity 0.01 allowed %zu threads 1 qps %.1f recall %.4f cpuqps %.1f\n",
           c->nallowed, qps, ann_recall(&g, found, 10), q->n / (ann_cpu() - c0));
    c->keep = NULL;
    free(found);
    free(g.ids);
    free(keep);
    free(c->allowed);
}

static int cmd_run(char **argv)
{
    ann_vecs b = ann_read_vecs(argv[0]), q = ann_read_vecs(argv[1]);
    ann_gt g = ann_read_gt(argv[2]);
    g.base = &b;
    g.qs = &q;
    ward_hnsw_params p = ward_hnsw_default_params();
    p.dim = (int)b.dim;
    p.M = ann_env_int("ANN_M", 16);
    p.ef_construction = ann_env_int("ANN_EFC", 200);
    p.int8 = ann_env_int("ANN_INT8", 0);
    int threads = ann_env_int("ANN_BUILD_THREADS", 2);
    const char *lib = p.int8 ? "ward-int8" : "ward";
    ward_ctx c = {0};
    ward_err err = {0};
    if (ward_hnsw_new(&p, &c.h, &err)) ann_die(err.msg, "params");
    int64_t *ids = malloc(sizeof(int64_t) * b.n);
    for (uint32_t i = 0; i < b.n; i++) ids[i] = i;
    size_t rss0 = ann_rss();
    double t0 = ann_now(), c0 = ann_cpu();
    if (ward_hnsw_add_batch(c.h, ids, b.v, b.n, threads, &err)) ann_die(err.msg, argv[0]);
    double secs = ann_now() - t0, cpu = ann_cpu() - c0;
    /* The scratch of the first search (visited marks) belongs to the index too. */
    ward_set_ef(&c, 10);
    int64_t one[10];
    ward_query(&c, q.v, 10, one);
    printf("%s build threads %d seconds %.2f memory %zu cpu_seconds %.2f\n", lib, threads, secs, ann_rss() - rss0,
           cpu);
    fprintf(stderr, "%s: ward_hnsw_memory %zu bytes\n", lib, ward_hnsw_memory(c.h));
    fflush(stdout);
    free(ids);
    if (ann_env_int("ANN_SWEEP", 1))
        ann_sweep(lib, &c, ward_set_ef, ward_query, NULL, &q, &g, ann_env_int("ANN_REPS", 2));
    if (!p.int8) filtered(&c, &b, &q, threads);
    ward_hnsw_free(c.h);
    free(b.v);
    free(q.v);
    free(g.ids);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 7 && !strcmp(argv[1], "gen")) return cmd_gen(argv + 2);
    if (argc >= 6 && !strcmp(argv[1], "export")) return cmd_export(argv + 2);
    if (argc >= 5 && !strcmp(argv[1], "gt")) return cmd_gt(argc - 2, argv + 2);
    if (argc >= 5 && !strcmp(argv[1], "run")) return cmd_run(argv + 2);
    fprintf(stderr,
            "usage: bench_ann gen N NQ DIM BASE QUERIES\n"
            "       bench_ann export DATA_DIR NQ BASE QUERIES\n"
            "       bench_ann gt BASE QUERIES GT [THREADS]\n"
            "       bench_ann run BASE QUERIES GT\n");
    return 1;
}
