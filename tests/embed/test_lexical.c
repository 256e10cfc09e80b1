/* test_lexical.c — the built-in lexical embedder, trained on a small corpus
 * of notes: "MI" lands near "myocardial infarction" (they share contexts),
 * far from unrelated words; a patient whose notes never say "MI" still gets
 * the infarction note first for the query "MI" (vector mode), where BM25
 * finds nothing; training is deterministic; a store with too little text
 * is refused with a clear error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_util.h"

#include "ward/embed.h"
#include "ward/retrieve.h"

static char dir[256];

static const char *corpus[] = {
    "History of MI treated with aspirin and statin, followed by cardiology.",
    "Prior MI with elevated troponin, cardiac catheterization and stent.",
    "Old MI on ECG; troponin negative today; continue aspirin and statin.",
    "S/p MI in 2019 with stent, on aspirin, statin and metoprolol.",
    "History of myocardial infarction treated with aspirin and statin, followed by cardiology.",
    "Prior myocardial infarction with elevated troponin, cardiac catheterization and stent.",
    "Myocardial infarction in 2019 with stent, on aspirin, statin and metoprolol.",
    "Type 2 diabetes on metformin; A1c 8.1; glucose elevated; diet counseling.",
    "Diabetes follow up: metformin increased, A1c improved, glucose log reviewed.",
    "Type 2 diabetes controlled on metformin; A1c 6.9; foot exam normal.",
    "Asthma exacerbation with wheezing; albuterol inhaler as needed; inhaled steroid.",
    "Asthma controlled on albuterol and inhaled steroid; no wheezing today.",
    "Wrist fracture after a fall; cast applied by orthopedics; pain controlled.",
    "Fracture of the radius; cast for six weeks; orthopedics follow up.",
};

static const char *other_patient[] = {
    "Prior myocardial infarction, on aspirin and statin.",
    "Type 2 diabetes on metformin, A1c 7.2.",
    "Asthma, albuterol inhaler as needed.",
    "Wrist fracture in a cast.",
};

static void add_note(ward_store *st, const char *patient, const char *text, int n)
{
    ward_err err = {0};
    char title[32];
    snprintf(title, sizeof title, "note %d", n);
    ward_document d = {.patient_id = patient, .kind = "progress_note", .title = title, .date = "2024-05-01",
                       .text = text};
    int64_t id;
    int is_new;
    assert_int_equal(ward_store_add_document(st, &d, &id, &is_new, &err), 0);
    ward_chunk c = {.document_id = id, .start = 0, .end = strlen(text)};
    assert_int_equal(ward_store_add_chunk(st, &c, NULL, &err), 0);
}

static ward_store *corpus_store(const char *name)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ward_store *st = NULL;
    ward_err err = {0};
    assert_int_equal(ward_store_open(path, NULL, &st, &err), 0);
    ward_patient p1 = {.id = "p-1"}, p2 = {.id = "p-2"};
    assert_int_equal(ward_store_put_patient(st, &p1, &err), 0);
    assert_int_equal(ward_store_put_patient(st, &p2, &err), 0);
    for (int round = 0; round < 3; round++)   /* enough repetitions for min_count */
        for (size_t i = 0; i < sizeof corpus / sizeof *corpus; i++) add_note(st, "p-1", corpus[i], round * 100 + (int)i);
    for (size_t i = 0; i < sizeof other_patient / sizeof *other_patient; i++)
        add_note(st, "p-2", other_patient[i], 1000 + (int)i);
    return st;
}

static float sim(ward_store *st, const char *a, const char *b)
{
    float s = 0;
    ward_err err = {0};
    assert_int_equal(ward_lexical_similarity(st, a, b, &s, &err), 0);
    return s;
}

static void test_mi_near_myocardial_infarction(void **state)
{
    (void)state;
    ward_store *st = corpus_store("a");
    ward_index_params ip = ward_index_default_params();
    ward_index_stats stats;
    ward_err err = {0};
    assert_int_equal(ward_index_run(st, &ip, &stats, &err), 0);
    assert_int_equal(stats.embedded, 3 * 14 + 4);
    float near = sim(st, "mi", "infarction");
    assert_true(near > sim(st, "mi", "metformin") + 0.1f);
    assert_true(near > sim(st, "mi", "albuterol") + 0.1f);
    assert_true(near > sim(st, "mi", "fracture") + 0.1f);
    assert_true(sim(st, "mi", "myocardial") > sim(st, "mi", "asthma") + 0.1f);
    float s;
    assert_int_equal(ward_lexical_similarity(st, "mi", "zebra", &s, &err), WARD_ENOTFOUND);

    ward_search_params p = ward_search_default_params();
    p.patient_id = "p-2";
    p.k = 4;
    p.mode = WARD_SEARCH_BM25;
    p.exact = 1;                                       /* the words as typed, no lexicon widening */
    ward_hits hits;
    assert_int_equal(ward_search(st, "MI", &p, &hits, &err), 0);
    assert_int_equal(hits.n, 0);                       /* the word is not in p-2's notes */
    ward_hits_free(&hits);
    p.exact = 0;
    p.mode = WARD_SEARCH_VECTOR;
    assert_int_equal(ward_search(st, "MI", &p, &hits, &err), 0);
    assert_int_equal(hits.mode, WARD_SEARCH_VECTOR);
    assert_true(hits.n >= 1);
    assert_non_null(strstr(hits.v[0].text, "myocardial infarction"));
    for (size_t i = 0; i < hits.n; i++) assert_string_equal(hits.v[i].patient_id, "p-2");
    ward_hits_free(&hits);
    ward_store_free(st);
}

static void test_deterministic_and_reloadable(void **state)
{
    (void)state;
    ward_store *a = corpus_store("b"), *b = corpus_store("c");
    ward_lexical_params lp = ward_lexical_default_params();
    ward_err err = {0};
    assert_int_equal(ward_lexical_train(a, &lp, &err), 0);
    assert_int_equal(ward_lexical_train(b, &lp, &err), 0);
    ward_embed_params ep = ward_embed_default_params();
    ward_embedder *ea, *eb;
    ep.store = a;
    assert_int_equal(ward_embedder_open(&ep, &ea, &err), 0);
    ep.store = b;
    assert_int_equal(ward_embedder_open(&ep, &eb, &err), 0);
    assert_string_equal(ward_embedder_model_id(ea), ward_embedder_model_id(eb));
    int dim = ward_embedder_dim(ea);
    assert_true(dim > 8 && dim <= 128);
    const char *t[] = {"history of MI on aspirin", "zebra quagga", "Asthma with wheezing"};
    float *va = calloc(3 * dim, sizeof *va), *vb = calloc(3 * dim, sizeof *vb);
    assert_int_equal(ward_embed_batch(ea, t, 3, va, &err), 0);
    assert_int_equal(ward_embed_batch(eb, t, 3, vb, &err), 0);
    assert_memory_equal(va, vb, 3 * dim * sizeof *va);
    assert_true(fabsf(ward_vec_dot(va, va, dim) - 1) < 1e-4f);
    assert_true(ward_vec_dot(va + dim, va + dim, dim) == 0);   /* no known word: zero vector */
    free(va), free(vb);
    ward_embedder_free(ea);
    ward_embedder_free(eb);
    ward_store_free(a);
    ward_store_free(b);
}

static void test_too_little_text(void **state)
{
    (void)state;
    char path[400];
    snprintf(path, sizeof path, "%s/empty", dir);
    ward_store *st = NULL;
    ward_err err = {0};
    assert_int_equal(ward_store_open(path, NULL, &st, &err), 0);
    ward_lexical_params lp = ward_lexical_default_params();
    assert_int_equal(ward_lexical_train(st, &lp, &err), WARD_EINPUT);
    assert_non_null(strstr(err.msg, "ingest"));
    ward_embed_params ep = ward_embed_default_params();
    ep.store = st;
    ward_embedder *e;
    assert_int_equal(ward_embedder_open(&ep, &e, &err), WARD_ENOTFOUND);
    ward_store_free(st);
}

int main(void)
{
    if (!test_tmpdir(dir, sizeof dir, "lexical")) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mi_near_myocardial_infarction),
        cmocka_unit_test(test_deterministic_and_reloadable),
        cmocka_unit_test(test_too_little_text),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
