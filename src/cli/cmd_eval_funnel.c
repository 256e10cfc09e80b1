/* cmd_eval_funnel.c — `ward eval funnel --cohort DIR | --cases FILE |
 * --gold FILE`: the
 * funnel's scores (de-identification; assertion and concept scorers join
 * through src/assess/eval_funnel.c) against ground truth. */
#include "cli_int.h"
#include "ward/assess.h"

#include <jansson.h>
#include <string.h>

int cli_eval_funnel(cli_state *cli, int argc, char **argv);

int cli_eval_funnel(cli_state *cli, int argc, char **argv)
{
    const char *cohort = NULL, *cases = NULL, *gold = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--cohort") || !strcmp(a, "--cases") || !strcmp(a, "--gold")) {
            if (!v) return cli_fail("eval funnel", WARD_EUSAGE, "%s needs a value", a);
            *(!strcmp(a, "--cohort") ? &cohort : !strcmp(a, "--cases") ? &cases : &gold) = v;
            i++;
        } else {
            return cli_fail("eval funnel", WARD_EUSAGE, "unknown argument %s (see ward eval --help)", a);
        }
    }
    if (!!cohort + !!cases + !!gold != 1)
        return cli_fail("eval funnel", WARD_EUSAGE, "give one of --cohort DIR, --cases FILE, --gold FILE");
    ward_eval_run run;
    ward_err err = {0};
    int rc = cohort ? ward_eval_funnel_cohort(cohort, &run, &err)
             : cases ? ward_eval_funnel_cases(cases, &run, &err)
                     : ward_eval_funnel_gold(gold, &run, &err);
    if (rc) {
        ward_eval_funnel_free(&run);
        return cli_fail("eval funnel", rc, "%s", err.msg);
    }
    json_t *report = ward_eval_funnel_report(&run);
    rc = cli_eval_record(cli, "eval funnel", cohort ? cohort : cases ? cases : gold, NULL, NULL, NULL, report);
    if (rc) {
        json_decref(report);
        ward_eval_funnel_free(&run);
        return rc;
    }
    if (cli->json) {
        cli_print_json(report);
    } else {
        json_decref(report);
        printf("%ld notes scored\n", run.notes);
        if (run.truth_mismatch)
            printf("warning: %ld truth spans do not match their note text (offsets off?)\n", run.truth_mismatch);
        if (run.young_ages)
            printf("%ld ages of 89 or less in the truth are not scored (Safe Harbor keeps them)\n", run.young_ages);
        for (size_t i = 0; i < run.n; i++) run.scorers[i]->print(run.states[i], stdout);
    }
    ward_eval_funnel_free(&run);
    return WARD_OK;
}
