/* cmd_priorauth.c — `ward priorauth --patient ID --request SERVICE`. */
#include "cli_task_int.h"

static int run(cli_state *cli, int argc, char **argv)
{
    const char *service = NULL;
    return cli_patient_task(cli, argc, argv, "priorauth", WARD_TASK_PRIORAUTH, "--request", &service);
}

const cli_command cli_cmd_priorauth = {
    "priorauth", run, "a prior-authorization letter from the chart",
    "usage: ward priorauth --patient ID --request \"SERVICE\" [--json] [model options]\n\n"
    "Drafts a prior-authorization letter for SERVICE: diagnosis, relevant history,\n"
    "prior treatments and their outcomes, supporting results; each line cited.\n"
    CLI_TASK_HELP};
