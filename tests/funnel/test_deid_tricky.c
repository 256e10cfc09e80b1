/* test_deid_tricky.c — the hand-written tricky cases (tests/fixtures/funnel/
 * deid_tricky.txt) meet the de-identification targets: token recall >= 0.99
 * overall and >= 0.97 for every type, precision >= 0.95, and no eponym,
 * drug, dose or lab value ([[...]] in the cases) touched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ward/assess.h"

static void test_targets(void **state)
{
    (void)state;
    ward_eval_run run;
    ward_err err = {0};
    int rc = ward_eval_funnel_cases(WARD_SOURCE_DIR "/tests/fixtures/funnel/deid_tricky.txt", &run, &err);
    if (rc) fail_msg("%s", err.msg);
    const ward_deid_scores *s = NULL;
    for (size_t i = 0; i < run.n; i++)
        if (!strcmp(run.scorers[i]->name, "deid")) s = ward_eval_deid_counts(run.states[i]);
    assert_non_null(s);
    assert_true(s->notes >= 150);
    double recall = (double)s->found_total / (double)s->gold_total;
    double precision = (double)s->pred_correct / (double)s->pred;
    if (recall < 0.99) fail_msg("token recall %.4f < 0.99", recall);
    if (precision < 0.95) fail_msg("token precision %.4f < 0.95", precision);
    for (int t = 0; t < WARD_PHI_NTYPES; t++) {
        if (!s->gold[t]) fail_msg("no %s in the tricky set", ward_phi_type_name(t));
        double r = (double)s->found[t] / (double)s->gold[t];
        if (r < 0.97) fail_msg("%s recall %.4f < 0.97", ward_phi_type_name(t), r);
    }
    assert_true(s->keep > 300);
    if (s->keep_redacted) fail_msg("%ld clinical tokens redacted", s->keep_redacted);
    ward_eval_funnel_free(&run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_targets)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
