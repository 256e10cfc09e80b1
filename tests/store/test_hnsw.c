/* test_hnsw.c — the vector index: recall against brute force on clustered
 * data (float32 and int8), delete and replace, filtered search at 1%
 * selectivity, exact search over an id list, save/load, refusal of torn,
 * corrupt and stale files, concurrent searches, SIMD kernels agreeing with
 * the scalar ones, and bad parameters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <unistd.h>

#include "store/hnsw_dist_int.h"
#include "ward/hnsw.h"

#define N 5000
#define DIM 32
#define NQ 100
#define K 10

static float *data, *queries;
static ward_hnsw *base;   /* N vectors, ids 1000 + i, built once */

static uint64_t rng_state;
static double urand(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rng_state >> 11) * 0x1.0p-53;
}
static float gauss(void)
{
    double u = urand() + 1e-12, v = urand();
    return (float)(sqrt(-2 * log(u)) * cos(6.283185307179586 * v));
}

/* n points around 20 fixed centres (the same centres for any seed). */
static float *clustered(size_t n, uint64_t seed)
{
    float centres[20][DIM];
    rng_state = 7;
    for (int c = 0; c < 20; c++)
        for (int d = 0; d < DIM; d++) centres[c][d] = gauss();
    rng_state = seed;
    float *v = malloc(sizeof *v * n * DIM);
    for (size_t i = 0; i < n; i++) {
        int c = (int)(urand() * 20);
        for (int d = 0; d < DIM; d++) v[i * DIM + d] = centres[c][d] + gauss();
    }
    return v;
}

static int64_t id_of(size_t i) { return 1000 + (int64_t)i; }

typedef struct { int64_t id; double d; } truth;

static int cmp_truth(const void *a, const void *b)
{
    double x = ((const truth *)a)->d, y = ((const truth *)b)->d;
    return (x > y) - (x < y);
}

/* Brute force in double precision, written apart from the index. keep(i)
 * selects rows; the k nearest ids go to out; returns how many. */
static int brute(const float *q, int (*keep)(int64_t), int k, int64_t *out)
{
    truth *t = malloc(sizeof *t * N);
    int m = 0;
    double qn = 0;
    for (int d = 0; d < DIM; d++) qn += (double)q[d] * q[d];
    for (size_t i = 0; i < N; i++) {
        if (keep && !keep(id_of(i))) continue;
        double dot = 0, vn = 0;
        for (int d = 0; d < DIM; d++) {
            dot += (double)q[d] * data[i * DIM + d];
            vn += (double)data[i * DIM + d] * data[i * DIM + d];
        }
        t[m++] = (truth){id_of(i), 1 - dot / sqrt(qn * vn)};
    }
    qsort(t, (size_t)m, sizeof *t, cmp_truth);
    int n = m < k ? m : k;
    for (int i = 0; i < n; i++) out[i] = t[i].id;
    free(t);
    return n;
}

static int hits_in(const ward_hnsw_hit *h, int n, const int64_t *want, int nw)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < nw; j++)
            if (h[i].id == want[j]) c++;
    return c;
}

static ward_hnsw *build(ward_hnsw_params p, size_t n)
{
    ward_hnsw *h;
    ward_err err = {0};
    assert_int_equal(ward_hnsw_new(&p, &h, &err), 0);
    for (size_t i = 0; i < n; i++) assert_int_equal(ward_hnsw_add(h, id_of(i), data + i * DIM, &err), 0);
    return h;
}

static ward_hnsw_params params(void)
{
    ward_hnsw_params p = ward_hnsw_default_params();
    p.dim = DIM;
    p.ef_construction = 100;
    return p;
}

/* A new index of the tests' parameters. */
static int new_index(ward_hnsw **h, ward_err *err)
{
    ward_hnsw_params p = params();
    return ward_hnsw_new(&p, h, err);
}

/* recall@K over the queries, against brute force with keep. */
static double recall(const ward_hnsw *h, int ef, ward_hnsw_filter_fn f, int (*keep)(int64_t))
{
    int good = 0, total = 0;
    for (int q = 0; q < NQ; q++) {
        int64_t want[K];
        ward_hnsw_hit hit[K];
        int nw = brute(queries + q * DIM, keep, K, want);
        int n = ward_hnsw_search(h, queries + q * DIM, K, ef, f, NULL, hit);
        for (int i = 0; i < n; i++)
            if (f) assert_true(f(hit[i].id, NULL));
        for (int i = 1; i < n; i++) assert_true(hit[i - 1].dist <= hit[i].dist);
        good += hits_in(hit, n, want, nw);
        total += nw;
    }
    return (double)good / total;
}

static int setup(void **state)
{
    (void)state;
    data = clustered(N, 1);
    queries = clustered(NQ, 2);
    base = build(params(), N);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ward_hnsw_free(base);
    free(data);
    free(queries);
    return 0;
}

static void test_recall(void **state)
{
    (void)state;
    assert_int_equal(ward_hnsw_count(base), N);
    double r = recall(base, 64, NULL, NULL);
    print_message("recall@10 float32 ef=64: %.3f\n", r);
    assert_true(r >= 0.95);
    assert_true(ward_hnsw_memory(base) >= (size_t)N * DIM * sizeof(float));
}

static void test_int8_recall(void **state)
{
    (void)state;
    ward_hnsw_params p = params();
    p.int8 = 1;
    ward_hnsw *h = build(p, N);
    double r = recall(h, 64, NULL, NULL);
    print_message("recall@10 int8 ef=64: %.3f\n", r);
    assert_true(r >= 0.90);
    assert_true(ward_hnsw_memory(h) < ward_hnsw_memory(base));
    ward_hnsw_free(h);
}

static int is_even(int64_t id) { return id % 2 == 0; }

static void test_delete(void **state)
{
    (void)state;
    ward_hnsw *h = build(params(), N);
    for (size_t i = 0; i < N; i++)
        if (!is_even(id_of(i))) assert_int_equal(ward_hnsw_delete(h, id_of(i)), 0);
    assert_int_equal(ward_hnsw_delete(h, id_of(1)), WARD_ENOTFOUND);
    assert_int_equal(ward_hnsw_delete(h, 42), WARD_ENOTFOUND);
    assert_int_equal(ward_hnsw_count(h), N / 2);
    assert_int_equal(ward_hnsw_deleted(h), N / 2);
    assert_false(ward_hnsw_contains(h, id_of(1)));
    assert_true(ward_hnsw_contains(h, id_of(0)));
    ward_hnsw_hit hit[K];
    for (int q = 0; q < NQ; q++) {
        int n = ward_hnsw_search(h, queries + q * DIM, K, 64, NULL, NULL, hit);
        assert_int_equal(n, K);
        for (int i = 0; i < n; i++) assert_true(is_even(hit[i].id));
    }
    double r = recall(h, 64, NULL, is_even);
    print_message("recall@10 after deleting half: %.3f\n", r);
    assert_true(r >= 0.95);
    /* Deleted ids can come back. */
    ward_err err = {0};
    assert_int_equal(ward_hnsw_add(h, id_of(1), data + DIM, &err), 0);
    assert_int_equal(ward_hnsw_search(h, data + DIM, 1, 0, NULL, NULL, hit), 1);
    assert_int_equal(hit[0].id, id_of(1));
    ward_hnsw_free(h);
}

static void test_replace(void **state)
{
    (void)state;
    ward_hnsw *h = build(params(), 1000);
    ward_err err = {0};
    ward_hnsw_hit hit[3];
    const float *fresh = queries + 5 * DIM;   /* a vector the index has not seen */
    assert_int_equal(ward_hnsw_add(h, id_of(7), fresh, &err), 0);
    assert_int_equal(ward_hnsw_count(h), 1000);
    assert_int_equal(ward_hnsw_deleted(h), 1);
    assert_int_equal(ward_hnsw_search(h, fresh, 3, 0, NULL, NULL, hit), 3);
    assert_int_equal(hit[0].id, id_of(7));
    assert_true(hit[0].dist < 1e-5);
    /* The old vector no longer finds id 7 at distance 0. */
    int n = ward_hnsw_search(h, data + 7 * DIM, 3, 0, NULL, NULL, hit);
    for (int i = 0; i < n; i++) assert_true(hit[i].id != id_of(7) || hit[i].dist > 1e-3);
    /* A batch with a duplicate id keeps the last vector. */
    int64_t ids[2] = {id_of(9), id_of(9)};
    float two[2 * DIM];
    memcpy(two, data, sizeof(float) * DIM);
    memcpy(two + DIM, fresh + DIM, sizeof(float) * DIM);
    assert_int_equal(ward_hnsw_add_batch(h, ids, two, 2, 1, &err), 0);
    assert_int_equal(ward_hnsw_count(h), 1000);
    assert_int_equal(ward_hnsw_search(h, fresh + DIM, 1, 0, NULL, NULL, hit), 1);
    assert_int_equal(hit[0].id, id_of(9));
    ward_hnsw_free(h);
}

static int one_percent(int64_t id) { return id % 100 == 7; }
static int filter_one_percent(int64_t id, void *ud) { (void)ud; return one_percent(id); }
static int five_percent(int64_t id) { return id % 20 == 3; }
static int filter_five_percent(int64_t id, void *ud) { (void)ud; return five_percent(id); }

static void test_filtered(void **state)
{
    (void)state;
    double r = recall(base, 64, filter_one_percent, one_percent);
    print_message("recall@10 filtered at 1%%: %.3f\n", r);
    assert_true(r >= 0.95);
    /* 5% goes through the graph (1% scans), which must keep recall too. */
    r = recall(base, 64, filter_five_percent, five_percent);
    print_message("recall@10 filtered at 5%%: %.3f\n", r);
    assert_true(r >= 0.95);
    /* Exact search over the allowed ids equals brute force, order included. */
    int64_t allowed[N / 100 + 2], n = 0;
    allowed[n++] = 99999999;   /* unknown ids are skipped */
    for (size_t i = 0; i < N; i++)
        if (one_percent(id_of(i))) allowed[n++] = id_of(i);
    allowed[n++] = id_of(7);   /* and repeated ones count once */
    for (int q = 0; q < 10; q++) {
        int64_t want[K];
        ward_hnsw_hit hit[K];
        brute(queries + q * DIM, one_percent, K, want);
        int got = ward_hnsw_search_exact(base, queries + q * DIM, K, allowed, (size_t)n, hit);
        assert_int_equal(got, K);
        int same = 0;
        for (int i = 0; i < K; i++) same += hit[i].id == want[i];
        assert_true(same >= K - 1);   /* float vs double may swap a near tie */
        assert_int_equal(hits_in(hit, K, want, K), K);
    }
    /* Brute force over everything. */
    ward_hnsw_hit all[K];
    assert_int_equal(ward_hnsw_search_exact(base, queries, K, NULL, 0, all), K);
    int64_t want[K];
    brute(queries, NULL, K, want);
    assert_int_equal(hits_in(all, K, want, K), K);
}

static int none(int64_t id, void *ud) { (void)id; (void)ud; return 0; }

static void test_small_cases(void **state)
{
    (void)state;
    ward_hnsw *h;
    ward_err err = {0};
    ward_hnsw_hit hit[K];
    assert_int_equal(new_index(&h, &err), 0);
    assert_int_equal(ward_hnsw_search(h, queries, K, 0, NULL, NULL, hit), 0);
    assert_int_equal(ward_hnsw_add(h, 5, data, &err), 0);
    assert_int_equal(ward_hnsw_search(h, queries, K, 0, NULL, NULL, hit), 1);
    assert_int_equal(ward_hnsw_search(h, queries, K, 0, none, NULL, hit), 0);
    assert_int_equal(ward_hnsw_delete(h, 5), 0);
    assert_int_equal(ward_hnsw_search(h, queries, K, 0, NULL, NULL, hit), 0);
    assert_int_equal(ward_hnsw_search(base, queries, K, 0, none, NULL, hit), 0);
    ward_hnsw_free(h);
}

static char path[256];

static void test_save_load(void **state)
{
    (void)state;
    ward_err err = {0};
    assert_int_equal(ward_hnsw_save(base, path, "model=x dim=32 n=5000", &err), 0);
    ward_hnsw *h;
    assert_int_equal(ward_hnsw_load(path, "model=x dim=32 n=5000", &h, &err), 0);
    assert_int_equal(ward_hnsw_count(h), N);
    for (int q = 0; q < NQ; q++) {
        ward_hnsw_hit a[K], b[K];
        int na = ward_hnsw_search(base, queries + q * DIM, K, 0, NULL, NULL, a);
        int nb = ward_hnsw_search(h, queries + q * DIM, K, 0, NULL, NULL, b);
        assert_int_equal(na, nb);
        for (int i = 0; i < na; i++) {
            assert_int_equal(a[i].id, b[i].id);
            assert_true(a[i].dist == b[i].dist);
        }
    }
    /* It keeps growing after a load, and deletes survive a round trip. */
    assert_int_equal(ward_hnsw_add(h, 1, queries, &err), 0);
    assert_int_equal(ward_hnsw_delete(h, id_of(3)), 0);
    assert_int_equal(ward_hnsw_save(h, path, NULL, &err), 0);
    ward_hnsw_free(h);
    assert_int_equal(ward_hnsw_load(path, NULL, &h, &err), 0);
    assert_int_equal(ward_hnsw_count(h), N);
    assert_true(ward_hnsw_contains(h, 1));
    assert_false(ward_hnsw_contains(h, id_of(3)));
    ward_hnsw_free(h);
    /* An empty index round-trips too. */
    ward_hnsw *e;
    assert_int_equal(new_index(&e, &err), 0);
    assert_int_equal(ward_hnsw_save(e, path, "empty", &err), 0);
    ward_hnsw_free(e);
    assert_int_equal(ward_hnsw_load(path, "empty", &e, &err), 0);
    assert_int_equal(ward_hnsw_count(e), 0);
    ward_hnsw_free(e);
}

static void expect_refused(const char *stamp, const char *words)
{
    ward_hnsw *h = (ward_hnsw *)1;
    ward_err err = {0};
    assert_int_equal(ward_hnsw_load(path, stamp, &h, &err), WARD_EINPUT);
    assert_null(h);
    assert_non_null(strstr(err.msg, words));
    assert_non_null(strstr(err.msg, "rebuild"));
}

static void test_bad_files(void **state)
{
    (void)state;
    ward_err err = {0};
    ward_hnsw *small = build(params(), 300);
    assert_int_equal(ward_hnsw_save(small, path, "s1", &err), 0);
    ward_hnsw_free(small);
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *bytes = malloc((size_t)size);
    assert_int_equal(fread(bytes, 1, (size_t)size, f), (size_t)size);
    fclose(f);

    expect_refused("s2", "stale");
    /* Torn at many points: inside the header, the slots, the checksum. */
    long cuts[] = {0, 5, 40, size / 3, size / 2, size - 40, size - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        assert_int_equal(truncate(path, cuts[i]), 0);
        expect_refused("s1", "torn");
    }
    /* One flipped byte anywhere after the stamp. */
    long flips[] = {size / 4, size / 2, size - 20};
    for (size_t i = 0; i < sizeof flips / sizeof flips[0]; i++) {
        bytes[flips[i]] ^= 0x10;
        f = fopen(path, "wb");
        fwrite(bytes, 1, (size_t)size, f);
        fclose(f);
        expect_refused("s1", "corrupt");
        bytes[flips[i]] ^= 0x10;
    }
    /* Trailing garbage. */
    f = fopen(path, "wb");
    fwrite(bytes, 1, (size_t)size, f);
    fputc('x', f);
    fclose(f);
    expect_refused("s1", "torn");
    free(bytes);
    ward_hnsw *h;
    unlink(path);
    assert_int_equal(ward_hnsw_load(path, "s1", &h, &err), WARD_ENOTFOUND);
    assert_int_equal(ward_hnsw_save(base, "/nonexistent-dir/x.idx", "s", &err), WARD_EIO);
}

typedef struct { int64_t ids[NQ][K]; int n[NQ]; } run;

static void *search_all(void *arg)
{
    run *r = arg;
    for (int rep = 0; rep < 3; rep++)
        for (int q = 0; q < NQ; q++) {
            ward_hnsw_hit hit[K];
            r->n[q] = ward_hnsw_search(base, queries + q * DIM, K, 0, q % 2 ? filter_one_percent : NULL, NULL,
                                       hit);
            for (int i = 0; i < r->n[q]; i++) r->ids[q][i] = hit[i].id;
        }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    run *one = calloc(1, sizeof *one), *many = calloc(4, sizeof *many);
    search_all(one);
    pthread_t t[4];
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, search_all, &many[i]), 0);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    for (int i = 0; i < 4; i++) assert_memory_equal(&many[i], one, sizeof *one);
    free(one);
    free(many);
}

static void test_batch_threads(void **state)
{
    (void)state;
    ward_hnsw *h;
    ward_err err = {0};
    assert_int_equal(new_index(&h, &err), 0);
    int64_t *ids = malloc(sizeof *ids * N);
    for (size_t i = 0; i < N; i++) ids[i] = id_of(i);
    assert_int_equal(ward_hnsw_add_batch(h, ids, data, N / 2, 2, &err), 0);
    assert_int_equal(ward_hnsw_add_batch(h, ids + N / 2, data + (N / 2) * DIM, N - N / 2, 3, &err), 0);
    assert_int_equal(ward_hnsw_count(h), N);
    double r = recall(h, 64, NULL, NULL);
    print_message("recall@10 parallel build: %.3f\n", r);
    assert_true(r >= 0.95);
    free(ids);
    ward_hnsw_free(h);
}

static void test_kernels(void **state)
{
    (void)state;
    hnsw_dist_kernels s, k;
    assert_true(hnsw_dist_by_name("scalar", &s));
    assert_false(hnsw_dist_by_name("nonsense", &k));
    const char *names[] = {"avx2", "avx512"};
    float a[131], b[131];
    int8_t x[131], y[131];
    rng_state = 3;
    for (int i = 0; i < 131; i++) {
        a[i] = gauss();
        b[i] = gauss();
        x[i] = (int8_t)(urand() * 255 - 127);
        y[i] = (int8_t)(urand() * 255 - 127);
    }
    x[0] = y[0] = -127;
    for (size_t j = 0; j < 2; j++) {
        if (!hnsw_dist_by_name(names[j], &k)) continue;
        for (size_t n = 0; n <= 131; n++) {
            assert_true(fabsf(k.dot_f32(a, b, n) - s.dot_f32(a, b, n)) < 1e-3f);
            assert_int_equal(k.dot_i8(x, y, n), s.dot_i8(x, y, n));
        }
    }
}

static void test_bad_input(void **state)
{
    (void)state;
    ward_hnsw *h = (ward_hnsw *)1;
    ward_err err = {0};
    ward_hnsw_params p = params();
    p.dim = 0;
    assert_int_equal(ward_hnsw_new(&p, &h, &err), WARD_EUSAGE);
    assert_null(h);
    assert_non_null(strstr(err.msg, "dimension"));
    p = params();
    p.M = 1;
    assert_int_equal(ward_hnsw_new(&p, &h, &err), WARD_EUSAGE);
    p = params();
    p.int8 = 2;
    assert_int_equal(ward_hnsw_new(&p, &h, &err), WARD_EUSAGE);
    p = params();
    p.ef_search = 0;
    assert_int_equal(ward_hnsw_new(&p, &h, &err), WARD_EUSAGE);
    assert_int_equal(new_index(&h, &err), 0);
    float zero[DIM] = {0}, bad[DIM] = {0};
    bad[3] = NAN;
    assert_int_equal(ward_hnsw_add(h, 1, zero, &err), WARD_EINPUT);
    assert_int_equal(ward_hnsw_add(h, 1, bad, &err), WARD_EINPUT);
    bad[3] = INFINITY;
    assert_int_equal(ward_hnsw_add(h, 1, bad, &err), WARD_EINPUT);
    assert_int_equal(ward_hnsw_count(h), 0);
    ward_hnsw_hit hit[1];
    assert_int_equal(ward_hnsw_add(h, 1, data, &err), 0);
    assert_int_equal(ward_hnsw_search(h, zero, 1, 0, NULL, NULL, hit), 0);
    assert_int_equal(ward_hnsw_search(h, data, 0, 0, NULL, NULL, hit), 0);
    ward_hnsw_free(h);
    ward_hnsw_free(NULL);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/ward-hnsw-test-%d.idx", tmp ? tmp : "/tmp", (int)getpid());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recall),       cmocka_unit_test(test_int8_recall),
        cmocka_unit_test(test_delete),       cmocka_unit_test(test_replace),
        cmocka_unit_test(test_filtered),     cmocka_unit_test(test_small_cases),
        cmocka_unit_test(test_save_load),    cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_threads),      cmocka_unit_test(test_batch_threads),
        cmocka_unit_test(test_kernels),      cmocka_unit_test(test_bad_input),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    unlink(path);
    return rc;
}
