/* ann_common.h — what the ANN benchmark programs share (Ward's bench/ann.c
 * and the peers bench/ann_hnswlib.cpp, bench/ann_faiss.cpp), so every
 * library is fed and timed the same way: the vector files, ground truth,
 * resident-memory deltas, the ef sweep and the output lines that
 * bench/ann.sh turns into the table.
 *
 * Files: vectors are "WANNVEC1" u32 n u32 dim, then n*dim float32 (already
 * L2-normalized: every library searches by inner product); ground truth is
 * "WANNGT01" u32 nq u32 k, then nq*k int32 row numbers, nearest first.
 *
 * Output (one line each, parsed by ann.sh):
 *   LIB build threads T seconds S memory BYTES
 *   LIB search ef E threads T qps Q recall R cpuqps C
 * qps is wall-clock; cpuqps is queries per CPU-second of the process, which
 * a busy neighbour on a shared machine disturbs much less (at 1 thread it
 * is the single-core speed).
 * Header-only, C and C++. */
#ifndef WARD_ANN_COMMON_H
#define WARD_ANN_COMMON_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct ann_vecs {
    uint32_t n, dim;
    float *v;
} ann_vecs;

static inline double ann_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static inline double ann_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static inline void ann_die(const char *what, const char *path)
{
    fprintf(stderr, "ann: %s: %s\n", path, what);
    exit(2);
}

static inline ann_vecs ann_read_vecs(const char *path)
{
    ann_vecs a = {0, 0, NULL};
    char magic[8];
    FILE *f = fopen(path, "rb");
    if (!f) ann_die("cannot open", path);
    if (fread(magic, 1, 8, f) != 8 || memcmp(magic, "WANNVEC1", 8) || fread(&a.n, 4, 1, f) != 1 ||
        fread(&a.dim, 4, 1, f) != 1)
        ann_die("not a vector file", path);
    a.v = (float *)malloc(sizeof(float) * (size_t)a.n * a.dim);
    if (!a.v || fread(a.v, sizeof(float) * a.dim, a.n, f) != a.n) ann_die("short vector file", path);
    fclose(f);
    return a;
}

static inline void ann_write_vecs(const char *path, const float *v, uint32_t n, uint32_t dim)
{
    FILE *f = fopen(path, "wb");
    if (!f) ann_die("cannot write", path);
    fwrite("WANNVEC1", 1, 8, f);
    fwrite(&n, 4, 1, f);
    fwrite(&dim, 4, 1, f);
    if (fwrite(v, sizeof(float) * dim, n, f) != n || fclose(f)) ann_die("write failed", path);
}

typedef struct ann_gt {
    uint32_t nq, k;
    int32_t *ids;
    const ann_vecs *base, *qs;   /* when set, recall counts ties (see ann_recall) */
} ann_gt;

static inline ann_gt ann_read_gt(const char *path)
{
    ann_gt g = {0, 0, NULL, NULL, NULL};
    char magic[8];
    FILE *f = fopen(path, "rb");
    if (!f) ann_die("cannot open", path);
    if (fread(magic, 1, 8, f) != 8 || memcmp(magic, "WANNGT01", 8) || fread(&g.nq, 4, 1, f) != 1 ||
        fread(&g.k, 4, 1, f) != 1)
        ann_die("not a ground-truth file", path);
    g.ids = (int32_t *)malloc(sizeof(int32_t) * (size_t)g.nq * g.k);
    if (!g.ids || fread(g.ids, sizeof(int32_t) * g.k, g.nq, f) != g.nq) ann_die("short ground truth", path);
    fclose(f);
    return g;
}

/* A peer's command line, BASE QUERIES GT: reads the three files; g counts
 * ties against b and q (which the caller owns). */
static inline void ann_read_peer_args(int argc, char **argv, ann_vecs *b, ann_vecs *q, ann_gt *g)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s BASE QUERIES GT\n", argv[0]);
        exit(1);
    }
    *b = ann_read_vecs(argv[1]);
    *q = ann_read_vecs(argv[2]);
    *g = ann_read_gt(argv[3]);
    g->base = b;
    g->qs = q;
}

/* Resident memory of this process in bytes. */
static inline size_t ann_rss(void)
{
    long pages = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = 0;
        fclose(f);
    }
    return (size_t)rss * (size_t)sysconf(_SC_PAGESIZE);
}

static inline float ann_dot(const float *a, const float *b, uint32_t n)
{
    float s = 0;
    for (uint32_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

/* recall@k of found[nq*k] (row numbers, -1 for none) against gt. With the
 * vectors at hand a hit also counts when it is as close as the k-th true
 * neighbour (up to 1e-5): real corpora hold duplicate texts, identical
 * vectors, and which of two equal rows a library returns is a tie, not a
 * miss (ann-benchmarks counts recall the same way). */
static inline double ann_recall(const ann_gt *gt, const int64_t *found, int k)
{
    long good = 0;
    for (uint32_t q = 0; q < gt->nq; q++) {
        const int32_t *want = gt->ids + (size_t)q * gt->k;
        float kth = -2;
        if (gt->base && want[k - 1] >= 0)
            kth = ann_dot(gt->qs->v + (size_t)q * gt->qs->dim, gt->base->v + (size_t)want[k - 1] * gt->base->dim,
                          gt->base->dim);
        for (int i = 0; i < k; i++) {
            int64_t f = found[(size_t)q * k + i];
            int hit = 0;
            for (int j = 0; j < k && !hit; j++) hit = f == want[j];
            if (!hit && f >= 0 && gt->base)
                hit = ann_dot(gt->qs->v + (size_t)q * gt->qs->dim, gt->base->v + (size_t)f * gt->base->dim,
                              gt->base->dim) >= kth - 1e-5f;
            good += hit;
        }
    }
    return (double)good / ((double)gt->nq * k);
}

/* One query: writes k row numbers (or -1) to out. */
typedef void (*ann_query_fn)(void *ctx, const float *q, int k, int64_t *out);
/* Sets ef before a round of queries (not concurrently with queries). */
typedef void (*ann_ef_fn)(void *ctx, int ef);

typedef struct ann_job {
    void *ctx;
    ann_query_fn query;
    const ann_vecs *qs;
    int k;
    int64_t *found;
    volatile long next;
} ann_job;

static inline void *ann_worker(void *arg)
{
    ann_job *j = (ann_job *)arg;
    for (long q; (q = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED)) < (long)j->qs->n;)
        j->query(j->ctx, j->qs->v + (size_t)q * j->qs->dim, j->k, j->found + (size_t)q * j->k);
    return NULL;
}

/* Runs every query once on `threads` threads; returns queries/s. */
static inline double ann_run_queries(void *ctx, ann_query_fn query, const ann_vecs *qs, int k, int threads,
                                     int64_t *found)
{
    ann_job j = {ctx, query, qs, k, found, 0};
    pthread_t t[64];
    double t0 = ann_now();
    for (int i = 0; i < threads && i < 64; i++) pthread_create(&t[i], NULL, ann_worker, &j);
    for (int i = 0; i < threads && i < 64; i++) pthread_join(t[i], NULL);
    return qs->n / (ann_now() - t0);
}

/* The ef values tried, from cheap to expensive. */
static const int ann_efs[] = {10, 12, 16, 20, 24, 32, 40, 48, 64, 80, 96, 128, 160, 192, 256, 320, 384, 512,
                              640, 768, 1024, 1536, 2048};

/* The sweep: for each ef, 1 and 2 threads (each the best of `reps` runs,
 * so a busy neighbour on a shared machine hurts less); stops once recall
 * passes 0.995 (or stops rising). run_all, when given, replaces per-query calls (FAISS
 * searches a whole batch with its own threads). */
typedef double (*ann_batch_fn)(void *ctx, const ann_vecs *qs, int k, int threads, int64_t *found);

static inline void ann_sweep(const char *lib, void *ctx, ann_ef_fn set_ef, ann_query_fn query,
                             ann_batch_fn run_all, const ann_vecs *qs, const ann_gt *gt, int reps)
{
    int k = 10;
    int64_t *found = (int64_t *)malloc(sizeof(int64_t) * (size_t)qs->n * k);
    double hist[sizeof ann_efs / sizeof ann_efs[0]];
    for (size_t e = 0; e < sizeof ann_efs / sizeof ann_efs[0]; e++) {
        set_ef(ctx, ann_efs[e]);
        double recall = 0;
        for (int threads = 1; threads <= 2; threads++) {
            double best = 0, best_cpu = 0;
            for (int r = 0; r < reps; r++) {
                double c0 = ann_cpu();
                double qps = run_all ? run_all(ctx, qs, k, threads, found)
                                     : ann_run_queries(ctx, query, qs, k, threads, found);
                double cpu = qs->n / (ann_cpu() - c0);
                if (qps > best) best = qps;
                if (cpu > best_cpu) best_cpu = cpu;
            }
            recall = ann_recall(gt, found, k);
            printf("%s search ef %d threads %d qps %.1f recall %.4f cpuqps %.1f\n", lib, ann_efs[e], threads, best,
                   recall, best_cpu);
            fflush(stdout);
        }
        if (recall >= 0.995) break;
        /* int8 codes cap recall below 1: stop once it no longer moves */
        hist[e] = recall;
        if (e >= 3 && recall - hist[e - 3] < 0.0005) break;
    }
    free(found);
}

static inline int ann_env_int(const char *name, int def)
{
    const char *v = getenv(name);
    return v && *v ? atoi(v) : def;
}

#endif
