/* deid_cases_check.h — scores one file of hand-written de-identification
 * cases (tests/fixtures/funnel/DIR/NAME.txt, the format of deid_tricky.txt)
 * and fails the cmocka test unless every identifier token is found,
 * nothing else is redacted and no clinical token is touched. Shared by the
 * class tests (test_deid_classes.c, test_deid_numbers.c; test_deid_keep.c
 * uses its scoring alone). Include it after <cmocka.h>. */
#ifndef WARD_TEST_DEID_CASES_CHECK_H
#define WARD_TEST_DEID_CASES_CHECK_H

#include <stdio.h>
#include <string.h>

#include "ward/assess.h"

/* The de-identification scores of the cases in path (run is freed by the
 * caller with ward_eval_funnel_free). */
static inline const ward_deid_scores *deid_cases_score(const char *path, ward_eval_run *run)
{
    ward_err err = {0};
    if (ward_eval_funnel_cases(path, run, &err)) fail_msg("%s: %s", path, err.msg);
    const ward_deid_scores *s = NULL;
    for (size_t i = 0; i < run->n; i++)
        if (!strcmp(run->scorers[i]->name, "deid")) s = ward_eval_deid_counts(run->states[i]);
    assert_non_null(s);
    return s;
}

static inline void deid_cases_check(const char *dir, const char *name, long min_cases)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/funnel/%s/%s.txt", WARD_SOURCE_DIR, dir, name);
    ward_eval_run run;
    const ward_deid_scores *s = deid_cases_score(path, &run);
    if (s->notes < min_cases) fail_msg("%s: %ld cases, want >= %ld", name, s->notes, min_cases);
    if (s->found_total != s->gold_total)
        fail_msg("%s: %ld of %ld identifier tokens found", name, s->found_total, s->gold_total);
    if (s->pred_correct != s->pred)
        fail_msg("%s: %ld of %ld redacted tokens are not identifiers", name, s->pred - s->pred_correct, s->pred);
    if (s->keep_redacted) fail_msg("%s: %ld clinical tokens redacted", name, s->keep_redacted);
    ward_eval_funnel_free(&run);
}

#endif
