/* test_scope.c — a search scoped to a list of patients (a server's care
 * team) never returns a chunk of a patient outside the list, in BM25,
 * vector (exact scan and in-graph) and hybrid modes; literature comes in
 * only when asked for. Four charts hold the same words, so a scope that
 * were applied after ranking would show: the out-of-scope charts rank as
 * high as the in-scope ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_util.h"

#include "ward/embed.h"
#include "ward/retrieve.h"
#include "ward/vectors.h"

static char dir[256];
static ward_store *st;

static const char *const WORDS[] = {"metformin", "glucose", "insulin", "a1c", "kidney", "statin",
                                    "lisinopril", "pressure", "retinopathy", "neuropathy"};

/* Stores one document of `owner` (NULL: literature) as one chunk. */
static void add_doc(const char *owner, int i)
{
    char text[512];
    snprintf(text, sizeof text, "Diabetes follow up %d: %s and %s reviewed, %s discussed with %s noted today.", i,
             WORDS[i % 10], WORDS[(i + 3) % 10], WORDS[(i + 5) % 10], WORDS[(i + 7) % 10]);
    ward_document d = {.patient_id = owner, .kind = owner ? "note" : "article", .title = "t", .text = text};
    int64_t did, cid;
    int is_new;
    ward_err err = {0};
    assert_int_equal(ward_store_add_document(st, &d, &did, &is_new, &err), WARD_OK);
    ward_chunk c = {.document_id = did, .start = 0, .end = strlen(text)};
    assert_int_equal(ward_store_add_chunk(st, &c, &cid, &err), WARD_OK);
}

static int setup(void **state)
{
    (void)state;
    if (!test_tmpdir(dir, sizeof dir, "scope")) return -1;
    ward_err err = {0};
    if (ward_store_open(dir, NULL, &st, &err)) return -1;
    const char *owners[] = {"p1", "p2", "p3", "p4", NULL};
    if (ward_store_begin(st, &err)) return -1;
    for (int o = 0; o < 5; o++) {
        if (owners[o]) {
            ward_patient p = {.id = owners[o], .source = "synth"};
            if (ward_store_put_patient(st, &p, &err)) return -1;
        }
        for (int i = 0; i < 40; i++) add_doc(owners[o], i);
    }
    if (ward_store_commit(st, &err)) return -1;
    ward_index_params ip = ward_index_default_params();
    ward_index_stats stats;
    if (ward_index_run(st, &ip, &stats, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ward_store_free(st);
    test_rmdir(dir);
    return 0;
}

/* Runs the query in mode and checks every hit against the scope {p1, p3}. */
static void check_scope(ward_search_mode mode, int literature, struct ward_hnsw *index)
{
    static const char *const scope[] = {"p1", "p3"};
    ward_search_params p = ward_search_default_params();
    p.mode = mode;
    p.k = 50;
    p.patients = scope;
    p.n_patients = 2;
    p.literature = literature;
    p.index = index;
    ward_hits h;
    ward_err err = {0};
    assert_int_equal(ward_search(st, "metformin glucose insulin kidney", &p, &h, &err), WARD_OK);
    assert_int_equal(h.mode, mode);
    assert_true(h.n > 0);
    int lit = 0, in1 = 0, in3 = 0;
    for (size_t i = 0; i < h.n; i++) {
        const char *pid = h.v[i].patient_id;
        if (!pid) {
            lit++;
            continue;
        }
        assert_true(!strcmp(pid, "p1") || !strcmp(pid, "p3"));
        in1 += !strcmp(pid, "p1");
        in3 += !strcmp(pid, "p3");
    }
    assert_true(in1 > 0 && in3 > 0);
    if (literature) assert_true(lit > 0);
    else assert_int_equal(lit, 0);
    ward_hits_free(&h);
}

static void scoped_bm25(void **state)
{
    (void)state;
    check_scope(WARD_SEARCH_BM25, 0, NULL);
    check_scope(WARD_SEARCH_BM25, 1, NULL);
}

static void scoped_vector_and_hybrid(void **state)
{
    (void)state;
    /* Without an index at hand the small scoped set is scanned in SQLite;
     * with the index loaded it is searched exactly inside the graph. */
    check_scope(WARD_SEARCH_VECTOR, 0, NULL);
    check_scope(WARD_SEARCH_VECTOR, 1, NULL);
    check_scope(WARD_SEARCH_HYBRID, 0, NULL);
    check_scope(WARD_SEARCH_HYBRID, 1, NULL);
    ward_hnsw *index = NULL;
    ward_err err = {0};
    assert_int_equal(ward_vectors_open(st, &index, &err), WARD_OK);
    check_scope(WARD_SEARCH_VECTOR, 0, index);
    check_scope(WARD_SEARCH_HYBRID, 1, index);
    ward_hnsw_free(index);
}

/* An empty scope sees literature or nothing, and combines with patient_id. */
static void empty_and_combined_scope(void **state)
{
    (void)state;
    static const char *const none[] = {NULL};
    ward_search_params p = ward_search_default_params();
    p.mode = WARD_SEARCH_BM25;
    p.patients = none;
    p.n_patients = 0;
    ward_hits h;
    ward_err err = {0};
    assert_int_equal(ward_search(st, "metformin", &p, &h, &err), WARD_OK);
    assert_int_equal(h.n, 0);
    ward_hits_free(&h);
    p.literature = 1;
    assert_int_equal(ward_search(st, "metformin", &p, &h, &err), WARD_OK);
    assert_true(h.n > 0);
    for (size_t i = 0; i < h.n; i++) assert_null(h.v[i].patient_id);
    ward_hits_free(&h);
    static const char *const scope[] = {"p1"};
    p.patients = scope;
    p.n_patients = 1;
    p.literature = 0;
    p.patient_id = "p2";   /* outside the scope: nothing */
    assert_int_equal(ward_search(st, "metformin", &p, &h, &err), WARD_OK);
    assert_int_equal(h.n, 0);
    ward_hits_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scoped_bm25),
        cmocka_unit_test(scoped_vector_and_hybrid),
        cmocka_unit_test(empty_and_combined_scope),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
