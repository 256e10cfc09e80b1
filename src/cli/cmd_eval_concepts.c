/* cmd_eval_concepts.c — `ward eval concepts`: ConText and concept
 * extraction scored against a generated cohort's ground truth or the
 * hand-written tricky sets (see include/ward/assess.h). */
#include "ward/assess.h"
#include "cli_int.h"
#include "extract_int.h"

#include <jansson.h>
#include <string.h>

static void print_miss(void *ud, const char *what)
{
    (void)ud;
    fprintf(stderr, "  miss: %s\n", what);
}

int cli_eval_concepts(cli_state *cli, int argc, char **argv)
{
    const char *cohort = NULL, *tricky = NULL;
    int verbose = 0, rc = WARD_OK;
    for (int i = 1; i < argc && !rc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) verbose = 1;
        else if (!strcmp(a, "--cohort") || !strcmp(a, "--tricky")) {
            if (!v) rc = cli_fail("eval", WARD_EUSAGE, "%s needs a directory", a);
            else if (a[2] == 'c') cohort = v;
            else tricky = v;
            i++;
        } else rc = cli_fail("eval", WARD_EUSAGE, "unknown option %s (see ward eval --help)", a);
    }
    if (!rc && !cohort && !tricky) rc = cli_fail("eval", WARD_EUSAGE, "give --cohort DIR or --tricky DIR");
    if (rc) return rc;
    ward_extractor *ex = NULL;
    ward_err err = {0};
    if ((rc = cli_extractor(cli, ward_extractor_default_params(), 1, &ex, &err)))
        return cli_fail("eval", rc, "%s", err.msg);
    ward_concept_scores s = {0};
    ward_eval_miss_fn miss = verbose ? print_miss : NULL;
    if (cohort) rc = ward_eval_concepts_cohort(ex, cohort, &s, miss, NULL, &err);
    if (!rc && tricky) rc = ward_eval_concepts_tricky(ex, tricky, &s, miss, NULL, &err);
    ward_extractor_free(ex);
    if (rc) return cli_fail("eval", rc, "%s", err.msg);
    json_t *report = ward_concept_scores_json(&s);
    if ((rc = cli_eval_record(cli, "eval concepts", cohort ? cohort : tricky, NULL, NULL, NULL, report))) {
        json_decref(report);
        return rc;
    }
    if (cli->json) {
        cli_print_json(report);
        return WARD_OK;
    }
    json_decref(report);
    printf("notes %ld, truth concepts %ld (found %ld, matched %ld), assertions %ld\n", s.notes, s.truth_concepts,
           s.found_concepts, s.matched_concepts, s.assert_total);
    printf("assertion accuracy          %.3f\n", ward_concept_scores_accuracy(&s));
    printf("assertion F1 (not present)  %.3f\n", ward_eval_f1(s.assert_tp, s.assert_fp, s.assert_fn));
    printf("negation F1                 %.3f\n", ward_eval_f1(s.neg_tp, s.neg_fp, s.neg_fn));
    printf("medication-attribute F1     %.3f\n", ward_eval_f1(s.med_tp, s.med_fp, s.med_fn));
    printf("vitals/labs value+unit F1   %.3f\n", ward_eval_f1(s.meas_tp, s.meas_fp, s.meas_fn));
    return WARD_OK;
}
