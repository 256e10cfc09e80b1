/* test_vector_index.c — the store's vector index (DATA/vectors.hnsw) and
 * the three vector search paths, on 12,000 random chunks in two kinds:
 * unfiltered HNSW, filtered HNSW (a set too large for brute force), exact
 * in-graph and exact SQL search for small sets. Every path returns only
 * chunks that pass the filter, with recall@10 >= 0.9 against brute force;
 * a torn or stale index file is rebuilt; deleted chunks leave the index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "test_util.h"

#include "retrieve/retrieve_int.h"
#include "store/store_int.h" /* tests of the store itself may use its internals */
#include "ward/embed.h"
#include "ward/vectors.h"

enum { DIM = 16, N = 12000, K = 10 };
static char dir[256];
static ward_store *st;
static float *vecs;   /* row i is chunk i + 1 */

static uint64_t rng = 7;
static float frand(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (float)((rng >> 11) / 9007199254740992.0) * 2 - 1;
}

static int setup(void **state)
{
    (void)state;
    if (!test_tmpdir(dir, sizeof dir, "vindex")) return -1;
    ward_err err = {0};
    if (ward_store_open(dir, NULL, &st, &err)) return -1;
    vecs = malloc(sizeof *vecs * N * DIM);
    for (int i = 0; i < N * DIM; i++) vecs[i] = frand();
    for (int i = 0; i < N; i++) ward_vec_normalize(vecs + i * DIM, DIM);
    /* One document per kind; chunk i+1 is of kind "a" when i is even. */
    ward_store_exec(st, "BEGIN; INSERT INTO documents(id,kind,text,hash) VALUES(1,'a','x','h1'),(2,'b','x','h2');"
                        "INSERT INTO meta VALUES('embed.model_id','test'),('embed.dim','16'),('embed.backend','lexical');", &err);
    store_stmt *c = store_prepare(st, "INSERT INTO chunks(id,document_id,seq,start,end,text,kind) VALUES(?,?,0,0,1,'x',?)", &err);
    store_stmt *e = store_prepare(st, "INSERT INTO embeddings(chunk_id,model,dim,vec) VALUES(?,'test',16,?)", &err);
    for (int i = 0; i < N; i++) {
        store_bind_int64(c, 1, i + 1);
        store_bind_int64(c, 2, i % 2 ? 2 : 1);
        store_bind_text(c, 3, i % 2 ? "b" : "a");
        store_step(c), store_reset(c);
        store_bind_int64(e, 1, i + 1);
        store_bind_blob(e, 2, vecs + i * DIM, DIM * sizeof(float));
        store_step(e), store_reset(e);
    }
    store_finalize(c), store_finalize(e);
    return ward_store_exec(st, "COMMIT", &err);
}

static int teardown(void **state)
{
    (void)state;
    ward_store_free(st);
    free(vecs);
    test_rmdir(dir);
    return 0;
}

/* Brute-force top K among chunks i with want(i). */
static void truth(const float *q, int parity, int64_t lo, int64_t hi, int64_t *ids)
{
    float best[K];
    for (int j = 0; j < K; j++) best[j] = -2, ids[j] = -1;
    for (int i = 0; i < N; i++) {
        if ((parity >= 0 && i % 2 != parity) || i + 1 < lo || i + 1 > hi) continue;
        float d = ward_vec_dot(q, vecs + i * DIM, DIM);
        for (int j = 0; j < K; j++)
            if (d > best[j]) {
                memmove(best + j + 1, best + j, sizeof *best * (K - j - 1));
                memmove(ids + j + 1, ids + j, sizeof *ids * (K - j - 1));
                best[j] = d, ids[j] = i + 1;
                break;
            }
    }
}

static int recall(const retrieve_scored *got, size_t n, const int64_t *want)
{
    int r = 0;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < K; j++) r += got[i].id == want[j];
    return r;
}

static void check_queries(ward_search_params *p, int parity, int64_t lo, int64_t hi, int min_recall)
{
    int total = 0;
    for (int t = 0; t < 20; t++) {
        float q[DIM];
        for (int i = 0; i < DIM; i++) q[i] = frand();
        ward_vec_normalize(q, DIM);
        retrieve_scored *got;
        size_t n;
        ward_err err = {0};
        ward_store_filter f = retrieve_filter(p);
        assert_int_equal(retrieve_vector(st, q, DIM, p, &f, K, &got, &n, &err), 0);
        assert_int_equal(n, K);
        for (size_t i = 0; i < n; i++) {
            assert_true(parity < 0 || (got[i].id - 1) % 2 == parity);   /* the filter holds */
            assert_true(got[i].id >= lo && got[i].id <= hi);
            if (i) assert_true(got[i].score <= got[i - 1].score + 1e-6f);
        }
        int64_t want[K];
        truth(q, parity, lo, hi, want);
        total += recall(got, n, want);
        free(got);
    }
    assert_true(total >= min_recall * 20 * K / 100);
}

static void test_paths(void **state)
{
    (void)state;
    ward_search_params p = ward_search_default_params();
    check_queries(&p, -1, 1, N, 90);                 /* unfiltered: HNSW */
    char path[400];
    snprintf(path, sizeof path, "%s/vectors.hnsw", dir);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);            /* built and saved on first use */
    p.kind = "b";
    check_queries(&p, 1, 1, N, 90);                  /* 6,000 allowed: filtered HNSW */
    p.kind = "a";
    p.since = NULL;
    ward_hnsw *h;
    ward_err err = {0};
    assert_int_equal(ward_vectors_open(st, &h, &err), 0);
    assert_int_equal(ward_hnsw_count(h), N);
    p.index = h;
    check_queries(&p, 0, 1, N, 90);                  /* with the graph in hand */
    ward_hnsw_free(h);
}

static void test_small_sets_are_exact(void **state)
{
    (void)state;
    /* Chunks 1..600 get a date: a small filtered set, searched exactly. */
    ward_err err = {0};
    assert_int_equal(ward_store_exec(st, "UPDATE chunks SET date='2024-01-01' WHERE id <= 600", &err), 0);
    ward_search_params p = ward_search_default_params();
    p.since = "2024-01-01";
    check_queries(&p, -1, 1, 600, 100);              /* exact SQL scan */
    ward_hnsw *h;
    assert_int_equal(ward_vectors_open(st, &h, &err), 0);
    p.index = h;
    check_queries(&p, -1, 1, 600, 100);              /* exact in the graph */
    ward_hnsw_free(h);
    assert_int_equal(ward_store_exec(st, "UPDATE chunks SET date=NULL", &err), 0);
}

static void test_torn_and_stale_files_are_rebuilt(void **state)
{
    (void)state;
    char path[400], stamp[256];
    snprintf(path, sizeof path, "%s/vectors.hnsw", dir);
    ward_err err = {0};
    size_t added;
    assert_int_equal(ward_vectors_sync(st, &added, &err), 0);
    assert_int_equal(ward_vectors_stamp(st, stamp, sizeof stamp, &err), 0);
    assert_int_equal(truncate(path, 1000), 0);       /* torn */
    ward_hnsw *h;
    assert_int_equal(ward_vectors_open(st, &h, &err), 0);
    assert_int_equal(ward_hnsw_count(h), N);
    ward_hnsw_free(h);
    assert_int_equal(ward_hnsw_load(path, stamp, &h, &err), 0);   /* saved again, whole */
    ward_hnsw_free(h);
    /* Deleting chunks bumps the generation: the file is stale, the graph
     * is rebuilt without them. */
    assert_int_equal(ward_store_exec(st, "DELETE FROM chunks WHERE id > 11000", &err), 0);
    char stamp2[256];
    assert_int_equal(ward_vectors_stamp(st, stamp2, sizeof stamp2, &err), 0);
    assert_string_not_equal(stamp, stamp2);
    assert_int_equal(ward_vectors_sync(st, &added, &err), 0);
    assert_int_equal(added, 11000);
    assert_int_equal(ward_hnsw_load(path, stamp2, &h, &err), 0);
    assert_int_equal(ward_hnsw_count(h), 11000);
    ward_hnsw_free(h);
    /* New vectors extend the graph instead of rebuilding it. */
    assert_int_equal(ward_store_exec(st, "INSERT INTO chunks(id,document_id,seq,start,end,text,kind) VALUES(30000,1,0,0,1,'x','a');"
                                         "INSERT INTO embeddings(chunk_id, model, dim, vec) SELECT 30000, model, dim, vec FROM embeddings WHERE chunk_id = 1", &err), 0);
    assert_int_equal(ward_vectors_sync(st, &added, &err), 0);
    assert_int_equal(added, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_small_sets_are_exact),
        cmocka_unit_test(test_torn_and_stale_files_are_rebuilt),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
