/* cmd_eval.c — `ward eval SUBCOMMAND`: scoring Ward against ground truth.
 *
 * Subcommands are rows of a small table (name, run, summary): `funnel` here;
 * `retrieval` and `tasks` join as further rows. */
#include "cli.h"
#include "ward/assess.h"

#include <jansson.h>
#include <string.h>

/* `ward eval funnel --cohort DIR | --cases FILE` */
static int eval_funnel(ward_cli *cli, int argc, char **argv)
{
    const char *cohort = NULL, *cases = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--cohort") || !strcmp(a, "--cases")) {
            if (!v) return cli_fail("eval funnel", WARD_EUSAGE, "%s needs a value", a);
            *(!strcmp(a, "--cohort") ? &cohort : &cases) = v;
            i++;
        } else {
            return cli_fail("eval funnel", WARD_EUSAGE, "unknown argument %s (see ward eval --help)", a);
        }
    }
    if (!cohort == !cases) return cli_fail("eval funnel", WARD_EUSAGE, "give --cohort DIR or --cases FILE");
    ward_eval_run run;
    ward_err err = {0};
    int rc = cohort ? ward_eval_funnel_cohort(cohort, &run, &err) : ward_eval_funnel_cases(cases, &run, &err);
    if (rc) {
        ward_eval_funnel_free(&run);
        return cli_fail("eval funnel", rc, "%s", err.msg);
    }
    if (cli->json) {
        cli_print_json(ward_eval_funnel_report(&run));
    } else {
        printf("%ld notes scored\n", run.notes);
        if (run.truth_mismatch)
            printf("warning: %ld truth spans do not match their note text (offsets off?)\n", run.truth_mismatch);
        for (size_t i = 0; i < run.n; i++) run.scorers[i]->print(run.states[i], stdout);
    }
    ward_eval_funnel_free(&run);
    return WARD_OK;
}

typedef struct eval_sub {
    const char *name;
    int (*run)(ward_cli *cli, int argc, char **argv);
    const char *summary;
} eval_sub;

static const eval_sub SUBS[] = {
    {"funnel", eval_funnel, "de-identification (and funnel) scores against a synth cohort or cases"},
};

static int run(ward_cli *cli, int argc, char **argv)
{
    if (argc < 2) return cli_fail("eval", WARD_EUSAGE, "give a subcommand (see ward eval --help)");
    for (size_t i = 0; i < sizeof SUBS / sizeof *SUBS; i++)
        if (!strcmp(argv[1], SUBS[i].name)) return SUBS[i].run(cli, argc - 1, argv + 1);
    return cli_fail("eval", WARD_EUSAGE, "unknown subcommand '%s' (see ward eval --help)", argv[1]);
}

const ward_command ward_cmd_eval = {
    "eval", run, "score Ward against ground truth",
    "usage: ward eval funnel (--cohort DIR | --cases FILE) [--json]\n\n"
    "  funnel   scores the funnel against ground truth: a `ward synth` cohort\n"
    "           (DIR/notes/NAME.txt + NAME.truth.json) or a file of hand-written\n"
    "           cases ({TYPE:text} marks an identifier, [[text]] text that must\n"
    "           stay). Prints de-identification token recall (overall and per\n"
    "           type) and precision; --json gives them as one object.\n"};
