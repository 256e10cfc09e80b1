/* eval_tasks.c — `ward eval tasks --cohort DIR` (placeholder, filled below). */
#include "cli.h"

int cli_eval_tasks(ward_cli *cli, int argc, char **argv)
{
    (void)cli, (void)argc, (void)argv;
    return cli_fail("eval tasks", WARD_EUSAGE, "not built yet");
}
