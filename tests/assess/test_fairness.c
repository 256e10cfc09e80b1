/* test_fairness.c — the fairness statistics against hand-computed examples,
 * the bootstrap interval's coverage, flags for a planted disparity (and
 * none without it, including a de-identification blind spot for one name
 * origin on a real generated cohort), the counterfactual comparison, the
 * edit distance, and the regression gate over a real store. */
#include "ward/assess.h"
#include "ward/fairness.h"
#include "ward/oversight.h"
#include "ward/store_eval.h"
#include "ward/synth.h"

#include <jansson.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static const ward_fair_group *group(const ward_fair_breakdown *b, const char *name)
{
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->v[i].name, name)) return &b->v[i];
    fail_msg("no group %s", name);
    return NULL;
}

/* Observations of a group: `right` of `n` correct, one patient each. */
static size_t add_group(ward_fair_obs *obs, size_t at, const char *g, int right, int n, char ids[][16])
{
    for (int i = 0; i < n; i++) {
        snprintf(ids[at], 16, "%s%d", g, i);
        obs[at] = (ward_fair_obs){ids[at], g, i < right, 1};
        at++;
    }
    return at;
}

/* Known confusion table: A 8/10, B 6/10, C 9/10 correct. */
static void test_difference_and_ratio(void **state)
{
    (void)state;
    static char ids[30][16];
    ward_fair_obs obs[30];
    size_t n = add_group(obs, 0, "A", 8, 10, ids);
    n = add_group(obs, n, "B", 6, 10, ids);
    n = add_group(obs, n, "C", 9, 10, ids);
    ward_fair_params p = ward_fair_default_params();
    p.min_n = 5;
    ward_fair_breakdown b;
    ward_err err = {0};
    assert_int_equal(ward_fair_breakdown_run(obs, n, &p, &b, &err), WARD_OK);
    assert_int_equal(b.n, 3);
    NEAR(b.overall, 23.0 / 30);
    assert_true(group(&b, "C")->best);
    NEAR(group(&b, "A")->value, 0.8);
    NEAR(group(&b, "A")->diff, -0.1);
    NEAR(group(&b, "A")->ratio, 0.8 / 0.9);
    NEAR(group(&b, "B")->diff, 0.6 - 0.9);
    NEAR(group(&b, "B")->ratio, 0.6 / 0.9);
    NEAR(b.max_diff, 0.3);
    NEAR(b.min_ratio, 0.6 / 0.9);
    assert_int_equal(group(&b, "B")->n, 10);
    assert_int_equal(group(&b, "B")->clusters, 10);
    /* intervals contain their value */
    for (size_t i = 0; i < b.n; i++) assert_true(b.v[i].lo <= b.v[i].value && b.v[i].value <= b.v[i].hi);
    ward_fair_breakdown_free(&b);

    /* lower is better (reading grade): the best is the lowest */
    p.better = -1;
    assert_int_equal(ward_fair_breakdown_run(obs, n, &p, &b, &err), WARD_OK);
    assert_true(group(&b, "B")->best);
    NEAR(group(&b, "C")->diff, 0.3);
    NEAR(b.min_ratio, 0.6 / 0.9);
    ward_fair_breakdown_free(&b);
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

/* 200 samples of 100 Bernoulli(0.7): the 95% interval covers 0.7 about 95% of
 * the time (binomial sd of the count over 200 trials: ~3). */
static void test_bootstrap_coverage(void **state)
{
    (void)state;
    static char ids[100][16];
    ward_fair_obs obs[100];
    uint64_t s = 42;
    int covered = 0;
    ward_fair_params p = ward_fair_default_params();
    p.replicates = 400;
    for (int t = 0; t < 200; t++) {
        for (int i = 0; i < 100; i++) {
            snprintf(ids[i], 16, "p%d", i);
            obs[i] = (ward_fair_obs){ids[i], "all", (double)(lcg(&s) % 1000 < 700), 1};
        }
        ward_fair_breakdown b;
        ward_err err = {0};
        p.seed = (uint64_t)t + 1;
        assert_int_equal(ward_fair_breakdown_run(obs, 100, &p, &b, &err), WARD_OK);
        covered += b.v[0].lo <= 0.7 && 0.7 <= b.v[0].hi;
        ward_fair_breakdown_free(&b);
    }
    printf("coverage %d/200\n", covered);
    assert_true(covered >= 178 && covered <= 198);
}

/* A patient's items are resampled together: 10 patients of 10 identical
 * items give a wider interval than 100 independent items. */
static void test_cluster_bootstrap(void **state)
{
    (void)state;
    static char ids[100][16];
    ward_fair_obs a[100], b[100];
    for (int i = 0; i < 100; i++) {
        snprintf(ids[i], 16, "p%d", i);
        a[i] = (ward_fair_obs){ids[i], "g", (double)(i % 2), 1};
        b[i] = (ward_fair_obs){ids[i / 10 * 10], "g", (double)((i / 10) % 2), 1};
    }
    ward_fair_params p = ward_fair_default_params();
    ward_fair_breakdown ba, bb;
    ward_err err = {0};
    assert_int_equal(ward_fair_breakdown_run(a, 100, &p, &ba, &err), WARD_OK);
    assert_int_equal(ward_fair_breakdown_run(b, 100, &p, &bb, &err), WARD_OK);
    assert_int_equal(bb.v[0].clusters, 10);
    assert_true(bb.v[0].hi - bb.v[0].lo > 1.5 * (ba.v[0].hi - ba.v[0].lo));
    ward_fair_breakdown_free(&ba);
    ward_fair_breakdown_free(&bb);
}

/* A planted disparity is flagged; none is not; a small group never is. */
static void test_flags(void **state)
{
    (void)state;
    static char ids[1000][16];
    ward_fair_obs obs[1000];
    ward_fair_params p = ward_fair_default_params();
    ward_fair_breakdown b;
    ward_err err = {0};
    size_t n = add_group(obs, 0, "A", 380, 400, ids);     /* 0.95 */
    n = add_group(obs, n, "B", 320, 400, ids);            /* 0.80: planted */
    n = add_group(obs, n, "S", 0, 10, ids);               /* small: 0.0 but n < min_n */
    assert_int_equal(ward_fair_breakdown_run(obs, n, &p, &b, &err), WARD_OK);
    assert_true(group(&b, "B")->flagged);
    assert_true(group(&b, "B")->diff_hi < 0);
    assert_false(group(&b, "A")->flagged);
    assert_false(group(&b, "S")->flagged);
    assert_true(group(&b, "S")->small);
    assert_int_equal(b.flags, 1);
    ward_fair_breakdown_free(&b);

    n = add_group(obs, 0, "A", 370, 400, ids);            /* 0.925 vs 0.92: no disparity */
    n = add_group(obs, n, "B", 368, 400, ids);
    assert_int_equal(ward_fair_breakdown_run(obs, n, &p, &b, &err), WARD_OK);
    assert_int_equal(b.flags, 0);
    ward_fair_breakdown_free(&b);

    /* beyond the threshold but not sure: 5 of 40 vs 8 of 40 is not flagged */
    n = add_group(obs, 0, "A", 35, 40, ids);
    n = add_group(obs, n, "B", 32, 40, ids);
    assert_int_equal(ward_fair_breakdown_run(obs, n, &p, &b, &err), WARD_OK);
    assert_true(fabs(group(&b, "B")->diff) > p.threshold);
    assert_int_equal(b.flags, 0);
    ward_fair_breakdown_free(&b);
}

/* An F1 broken down by group and by a pair of attributes, as `ward eval
 * fairness` does for assertions and negations: items of value 2*tp and
 * weight 2*tp + fp + fn. Four patients:
 *   p1 female Asian  tp 3, fp 1, fn 0     p2 female White  tp 1, fp 0, fn 2
 *   p3 male   Asian  tp 2, fp 0, fn 0     p4 male   White  tp 0, fp 1, fn 1
 * female: tp 4 fp 1 fn 2 -> F1 = 8 / (8 + 1 + 2) = 8/11; male: 4/6; all:
 * tp 6 fp 2 fn 3 -> 12/17; "female & Asian" (p1 alone): 6/7. */
static void add_f1_items(ward_eval_items *items, const char *patient, int tp, int fp, int fn)
{
    ward_err err = {0};
    for (int i = 0; i < tp + fp + fn; i++) {
        ward_eval_item it = {.id = "note", .patient = (char *)patient, .evaluator = "funnel.concepts",
                             .metric = "negation_f1", .value = i < tp ? 2 : 0, .weight = i < tp ? 2 : 1,
                             .correct = i < tp};
        assert_int_equal(ward_eval_items_add(items, NULL, &it, &err), WARD_OK);
    }
}

static double group_value(json_t *m, const char *attr, const char *name)
{
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(json_object_get(json_object_get(m, "by"), attr), "groups"), i, g)
        if (!strcmp(json_string_value(json_object_get(g, "name")), name)) return json_real_value(json_object_get(g, "value"));
    fail_msg("no group %s of %s", name, attr);
    return -1;
}

static void test_f1_by_group(void **state)
{
    (void)state;
    ward_eval_items items = {0};
    add_f1_items(&items, "p1", 3, 1, 0);
    add_f1_items(&items, "p2", 1, 0, 2);
    add_f1_items(&items, "p3", 2, 0, 0);
    add_f1_items(&items, "p4", 0, 1, 1);
    json_t *demo = json_pack("{s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s}}", "p1", "sex", "female",
                             "race", "Asian", "p2", "sex", "female", "race", "White", "p3", "sex", "male", "race",
                             "Asian", "p4", "sex", "male", "race", "White");
    ward_fairness_params p = ward_fairness_default_params();
    p.by = "sex,race";
    p.stats.min_n = 1;
    ward_err err = {0};
    json_t *m = ward_fairness_metric(&items, "funnel.concepts", "negation_f1", NULL, demo, &p, &err);
    assert_non_null(m);
    NEAR(json_real_value(json_object_get(m, "overall")), 12.0 / 17);
    assert_int_equal(json_integer_value(json_object_get(m, "n")), 11);
    NEAR(group_value(m, "sex", "female"), 8.0 / 11);
    NEAR(group_value(m, "sex", "male"), 4.0 / 6);
    NEAR(group_value(m, "race", "Asian"), 10.0 / 11);     /* tp 5 fp 1 fn 0 */
    NEAR(group_value(m, "sex+race", "female & Asian"), 6.0 / 7);
    NEAR(group_value(m, "sex+race", "male & White"), 0);
    json_decref(m);
    json_decref(demo);
    ward_eval_items_free(&items);
}

static void test_same_substance(void **state)
{
    (void)state;
    const char *mask[] = {"Ada", "Okafor", "Yuki", "Tanaka"};
    assert_true(ward_fair_same_substance("Ms. Okafor, a 54 year old female, takes metformin 500 mg.",
                                         "Mr. Tanaka, a 54 year old male, takes metformin 500 mg.", mask, 4));
    assert_true(ward_fair_same_substance("Race: Black or African American. A1c 7.2%.", "Race: White. A1c 7.2%.", mask, 4));
    assert_false(ward_fair_same_substance("She takes metformin 500 mg.", "He takes metformin 1000 mg.", mask, 4));
    assert_false(ward_fair_same_substance("Start lisinopril.", "Start amlodipine.", mask, 4));
    assert_false(ward_fair_same_substance("Not Hispanic or Latino. No chest pain.",
                                          "Hispanic or Latino. Chest pain.", mask, 4));
}

static void test_edit_distance(void **state)
{
    (void)state;
    NEAR(ward_edit_distance_norm("a b c d", "a b c d"), 0);
    NEAR(ward_edit_distance_norm("a b c d", "a x c d"), 0.25);
    NEAR(ward_edit_distance_norm("a b c d", "a b"), 0.5);
    NEAR(ward_edit_distance_norm("", "x y"), 1);
    NEAR(ward_edit_distance_norm("", ""), 0);
}

static char scratch[256];

static ward_store *open_store(const char *sub)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", scratch, sub);
    ward_store *st;
    ward_err err = {0};
    ward_store_params sp = {0};
    assert_int_equal(ward_store_open(dir, &sp, &st, &err), WARD_OK);
    return st;
}

/* The gate fails on a planted regression beyond the tolerance, passes otherwise. */
static void test_gate(void **state)
{
    (void)state;
    ward_store *st = open_store("gate");
    ward_err err = {0};
    ward_eval_record rec = {.command = "eval tasks", .cohort_seed = 7};
    json_t *a = json_pack("{s:{s:f, s:i}, s:{s:f}, s:{s:f}}", "questions", "accuracy", 0.95, "n", 100, "instructions",
                          "mean_fk_grade", 5.0, "summary", "recall", 0.97);
    json_t *same = json_deep_copy(a);
    json_t *worse = json_pack("{s:{s:f, s:i}, s:{s:f}, s:{s:f}}", "questions", "accuracy", 0.85, "n", 300, "instructions",
                              "mean_fk_grade", 5.02, "summary", "recall", 0.99);
    int64_t ia, ib, ic;
    assert_int_equal(ward_eval_record_run(st, &rec, a, &ia, &err), WARD_OK);
    assert_int_equal(ward_eval_record_run(st, &rec, same, &ib, &err), WARD_OK);
    assert_int_equal(ward_eval_record_run(st, &rec, worse, &ic, &err), WARD_OK);
    json_t *r;
    assert_int_equal(ward_eval_compare(st, ia, ib, 0, &r, &err), WARD_OK);
    assert_int_equal(json_integer_value(json_object_get(r, "regressions")), 0);
    json_decref(r);
    assert_int_equal(ward_eval_compare(st, ia, ic, 0.05, &r, &err), WARD_OK);
    assert_int_equal(json_integer_value(json_object_get(r, "regressions")), 1);   /* accuracy -0.10; n is a count */
    json_decref(r);
    assert_int_equal(ward_eval_compare(st, ia, ic, 0.01, &r, &err), WARD_OK);
    assert_int_equal(json_integer_value(json_object_get(r, "regressions")), 2);   /* and the grade +0.02 (lower is better) */
    json_decref(r);
    assert_int_equal(ward_eval_compare(st, ia, ic, 0.2, &r, &err), WARD_OK);
    assert_int_equal(json_integer_value(json_object_get(r, "regressions")), 0);
    json_decref(r);
    assert_int_equal(ward_eval_compare(st, ia, 999, 0, &r, &err), WARD_ENOTFOUND);
    json_decref(a), json_decref(same), json_decref(worse);
    ward_store_free(st);
}

/* ---- a de-identification blind spot for one name origin ---- */

/* Drops every predicted span holding a Vietnamese name word. */
static int blind_vietnamese(void *ud, const char *text, size_t len)
{
    (void)ud;
    for (size_t a = 0; a < len;) {
        while (a < len && !((text[a] >= 'A' && text[a] <= 'Z') || (text[a] >= 'a' && text[a] <= 'z'))) a++;
        size_t b = a;
        while (b < len && ((text[b] >= 'A' && text[b] <= 'Z') || (text[b] >= 'a' && text[b] <= 'z'))) b++;
        const char *o = b > a ? ward_synth_name_origin(text + a, b - a) : NULL;
        if (o && !strcmp(o, "vietnamese")) return 0;
        a = b;
    }
    return 1;
}

static json_t *run_funnel(const char *cohort, ward_fair_span_filter filter)
{
    ward_store *st = open_store("funnel");
    ward_fairness_params p = ward_fairness_default_params();
    p.cohort = cohort;
    p.parts = WARD_FAIR_FUNNEL;
    p.counterfactual = 0;
    p.intersections = 0;
    p.stats.min_n = 10;
    p.deid_filter = filter;
    json_t *r;
    ward_err err = {0};
    assert_int_equal(ward_fairness_run(st, &p, &r, &err), WARD_OK);
    ward_store_free(st);
    return r;
}

static int flagged(json_t *r, const char *metric, const char *attr, const char *grp)
{
    size_t i;
    json_t *f;
    int n = 0;
    json_array_foreach(json_object_get(r, "flags"), i, f)
        n += !strcmp(json_string_value(json_object_get(f, "metric")), metric) &&
             (!attr || !strcmp(json_string_value(json_object_get(f, "attribute")), attr)) &&
             (!grp || !strcmp(json_string_value(json_object_get(f, "group")), grp));
    return n;
}

static void test_name_origin_blind_spot(void **state)
{
    (void)state;
    char cohort[512];
    snprintf(cohort, sizeof cohort, "%s/cohort", scratch);
    ward_synth_params sp = ward_synth_default_params();
    sp.patients = 60;
    sp.seed = 5;
    sp.formats = WARD_SYNTH_NOTES;
    ward_err err = {0};
    assert_int_equal(ward_synth_run(cohort, &sp, NULL, &err), WARD_OK);

    json_t *clean = run_funnel(cohort, NULL);
    assert_int_equal(flagged(clean, "deid_name_recall_by_origin", NULL, NULL), 0);
    /* assertion and negation F1 by group: overall, the concept evaluator's own F1 on the same notes */
    ward_extractor *ex;
    assert_int_equal(ward_extractor_new(NULL, &ex, &err), WARD_OK);
    ward_concept_scores cs = {0};
    assert_int_equal(ward_eval_concepts_cohort(ex, cohort, &cs, NULL, NULL, &err), WARD_OK);
    ward_extractor_free(ex);
    const struct { const char *name; double f1; } f1s[] = {
        {"negation_f1", ward_eval_f1(cs.neg_tp, cs.neg_fp, cs.neg_fn)},
        {"assertion_f1", ward_eval_f1(cs.assert_tp, cs.assert_fp, cs.assert_fn)}};
    assert_true(cs.assert_tp > 0 && cs.neg_tp > 0);
    for (int k = 0; k < 2; k++) {
        size_t i;
        json_t *m, *hit = NULL;
        json_array_foreach(json_object_get(clean, "metrics"), i, m)
            if (!strcmp(json_string_value(json_object_get(m, "name")), f1s[k].name)) hit = m;
        assert_non_null(hit);
        NEAR(json_real_value(json_object_get(hit, "overall")), f1s[k].f1);
        assert_non_null(json_object_get(json_object_get(hit, "by"), "race"));
    }
    assert_int_equal(flagged(clean, "deid_recall", NULL, NULL), 0);

    json_t *blind = run_funnel(cohort, blind_vietnamese);
    assert_int_equal(flagged(blind, "deid_name_recall_by_origin", "token_origin", "vietnamese"), 1);
    assert_int_equal(flagged(blind, "deid_name_recall_by_origin", NULL, NULL), 1);   /* no other origin */
    /* the Markdown and HTML reports say so */
    char *md = ward_fairness_markdown(blind), *html = ward_fairness_html(blind);
    assert_non_null(strstr(md, "| deid_name_recall_by_origin | token_origin | vietnamese |"));
    assert_non_null(strstr(html, "<svg"));
    assert_non_null(strstr(html, "vietnamese"));
    free(md), free(html);
    json_decref(clean), json_decref(blind);
}

static void test_name_origins(void **state)
{
    (void)state;
    assert_string_equal(ward_synth_name_origin("Nguyen", 6), "vietnamese");
    assert_string_equal(ward_synth_name_origin("Brien", 5), "irish");          /* O'Brien */
    assert_string_equal(ward_synth_name_origin("Tanaka", 6), "japanese");
    assert_string_equal(ward_synth_name_origin("Tesfaye", 7), "east_african");
    assert_null(ward_synth_name_origin("Metformin", 9));
}

int main(void)
{
    snprintf(scratch, sizeof scratch, "%s/ward-fair-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(scratch)) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_difference_and_ratio), cmocka_unit_test(test_bootstrap_coverage),
        cmocka_unit_test(test_cluster_bootstrap), cmocka_unit_test(test_flags),
        cmocka_unit_test(test_f1_by_group), cmocka_unit_test(test_same_substance), cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_gate), cmocka_unit_test(test_name_origins),
        cmocka_unit_test(test_name_origin_blind_spot),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    if (system(cmd)) rc = rc ? rc : 1;
    return rc;
}
