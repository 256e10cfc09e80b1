/* cli_task_int.h — shared by the task commands (see cli_task.c). */
#ifndef WARD_CLI_TASK_INT_H
#define WARD_CLI_TASK_INT_H

#include "cli_int.h"
#include "ward/llm.h"
#include "ward/orchestrate.h"

typedef struct cli_task_opts {
    ward_llm_params llm;
    ward_orch_params orch;
} cli_task_opts;

void cli_task_init(cli_task_opts *t);
/* Consumes a shared option at argv[*i] (advancing *i past its value):
 * 1 taken, 0 not a task option, -1 missing value (already reported for the
 * model flags). */
int cli_task_option(cli_task_opts *t, const char *cmd, int argc, char **argv, int *i);
/* Runs the task, prints text or JSON, audits. Returns a WARD_E* code. */
int cli_task_run(cli_state *cli, const char *cmd, cli_task_opts *t, const ward_task_request *req);

/* Help text for the shared options, appended to each task's usage. */
#define CLI_TASK_HELP \
    "\nModel (default: extractive, no model; or DATA/config):\n" \
    CLI_LLM_USAGE \
    "  --stream         print the model's tokens to stderr as they come\n" \
    "  --max-calls N    model calls per task at most (default 6); the rest stays extractive\n" \
    "Guardrails and drafts:\n" \
    "  --flag-unsupported  keep sentences the evidence does not support, marked\n" \
    "                      [unsupported] (default: drop them; the draft records which)\n" \
    "  --no-draft          do not store the output as a draft\n" \
    "  --json              the full result: text, sections, citations, backend, model,\n" \
    "                      draft_id, verification\n"

/* For commands taking --patient and at most one option of their own
 * (extra_opt, its value in *extra_val): summarize, instructions, priorauth. */
int cli_patient_task(cli_state *cli, int argc, char **argv, const char *cmd, ward_task task,
                     const char *extra_opt, const char **extra_val);

#endif
