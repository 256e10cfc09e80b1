/* cmd_instructions.c — `ward instructions --patient ID`: after-visit instructions. */
#include "cli_task_int.h"

static int run(cli_state *cli, int argc, char **argv)
{
    const char *grade = NULL;
    return cli_patient_task(cli, argc, argv, "instructions", WARD_TASK_INSTRUCTIONS, "--grade", &grade);
}

const cli_command cli_cmd_instructions = {
    "instructions", run, "plain-language after-visit instructions",
    "usage: ward instructions --patient ID [--grade N] [--json] [model options]\n\n"
    "After-visit instructions for the patient in plain language: their problems,\n"
    "medicines, allergies and the plan from the latest note, in short sentences,\n"
    "with medical terms replaced by plain words (data/plain_language.tsv). The\n"
    "Flesch-Kincaid grade is measured and reported against the target (default 6).\n"
    CLI_TASK_HELP};
