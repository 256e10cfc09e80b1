/* cmd_summarize.c — `ward summarize --patient ID`: a cited chart summary. */
#include "cli_task_int.h"

#include <string.h>

/* Shared by the commands whose only own option is --patient (and maybe one more). */
int cli_patient_task(cli_state *cli, int argc, char **argv, const char *cmd, ward_task task,
                     const char *extra_opt, const char **extra_val)
{
    cli_task_opts t;
    cli_task_init(&t);
    ward_task_request req = {.task = task};
    int rc = WARD_OK;
    for (int i = 1; i < argc && !rc; i++) {
        int took = cli_task_option(&t, cmd, argc, argv, &i);
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (took < 0) rc = WARD_EUSAGE;
        else if (took) continue;
        else if (!strcmp(argv[i], "--patient") && v) req.patient_id = v, i++;
        else if (extra_opt && !strcmp(argv[i], extra_opt) && v) *extra_val = v, i++;
        else if (!strcmp(argv[i], "--patient") || (extra_opt && !strcmp(argv[i], extra_opt)))
            rc = cli_fail(cmd, WARD_EUSAGE, "%s needs a value", argv[i]);
        else rc = cli_fail(cmd, WARD_EUSAGE, "unexpected argument %s (see ward %s --help)", argv[i], cmd);
    }
    if (!rc && !req.patient_id) rc = cli_fail(cmd, WARD_EUSAGE, "give --patient ID (see ward patients)");
    if (rc) return rc;
    if (task == WARD_TASK_PRIORAUTH) {
        if (!*extra_val || !**extra_val) return cli_fail(cmd, WARD_EUSAGE, "give --request \"SERVICE\"");
        req.service = *extra_val;
    }
    if (task == WARD_TASK_INSTRUCTIONS && *extra_val) {
        long g = cli_parse_long(*extra_val);
        if (g < 1 || g > 16) return cli_fail(cmd, WARD_EUSAGE, "--grade is a reading grade from 1 to 16");
        req.grade = (int)g;
    }
    return cli_task_run(cli, cmd, &t, &req);
}

static int run(cli_state *cli, int argc, char **argv)
{
    return cli_patient_task(cli, argc, argv, "summarize", WARD_TASK_SUMMARIZE, NULL, NULL);
}

const cli_command cli_cmd_summarize = {
    "summarize", run, "a cited summary of a patient's chart",
    "usage: ward summarize --patient ID [--json] [model options]\n\n"
    "Active problems, current medications, allergies, the latest labs and vitals\n"
    "with their trend, recent encounters (from structured records), then the\n"
    "assessment and plan of the latest notes. Every line cites its source [n].\n"
    CLI_TASK_HELP};
