/* cmd_eval.c — `ward eval WHAT`: evaluations, one subcommand each.
 * Adding one is a line in the table and a function in its own file. */
#include "cli.h"

#include <string.h>

int cli_eval_tasks(ward_cli *cli, int argc, char **argv);

static const struct {
    const char *name;
    int (*run)(ward_cli *cli, int argc, char **argv);
    const char *summary;
} EVALS[] = {
    {"tasks", cli_eval_tasks, "chart questions, citations, summaries, instructions, SOAP notes on a cohort"},
};

static int run(ward_cli *cli, int argc, char **argv)
{
    if (argc >= 2)
        for (size_t i = 0; i < sizeof EVALS / sizeof *EVALS; i++)
            if (!strcmp(argv[1], EVALS[i].name)) return EVALS[i].run(cli, argc - 1, argv + 1);
    fprintf(stderr, "ward eval: give one of:");
    for (size_t i = 0; i < sizeof EVALS / sizeof *EVALS; i++) fprintf(stderr, " %s", EVALS[i].name);
    fprintf(stderr, " (see ward eval --help)\n");
    return WARD_EUSAGE;
}

const ward_command ward_cmd_eval = {
    "eval", run, "evaluate Ward on a generated cohort",
    "usage: ward eval tasks --cohort DIR [--json]\n\n"
    "  tasks   ingests the cohort (ward synth) into --data, then measures in\n"
    "          extractive mode: chart-question accuracy (including \"not in the\n"
    "          record\"), citation precision, summary recall of active problems,\n"
    "          medications and allergies, the reading grade of instructions, and\n"
    "          ROUGE-1/2/L of SOAP notes against the cohort's reference notes.\n"};
