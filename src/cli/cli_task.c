/* cli_task.c — what the task commands (ask, summarize, note, instructions,
 * priorauth) share: model options, the guard policy, running the task
 * through the orchestrator, printing text or JSON, and the audit record.
 *
 * Options every task takes:
 *   --model FILE | --llm-url URL [--llm-key KEY]   a model (else extractive)
 *   --flag-unsupported   keep unsupported sentences, flagged (default: drop)
 *   --no-draft           do not store the output as a draft
 *   --stream             print the model's tokens to stderr as they come
 *   --max-calls N        model calls per task at most (default 6)
 */
#include "cli_int.h"
#include "cli_task_int.h"
#include "ward/govern.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* --stream: each piece of model output to stderr, a newline after each call. */
static int print_token(const char *piece, void *ud)
{
    (void)ud;
    fputs(piece ? piece : "\n", stderr);
    return 0;
}

int cli_task_option(cli_task_opts *t, const char *cmd, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    int took = cli_llm_flags(cmd, &t->llm, argc, argv, i);
    if (took) return took;
    if (!strcmp(a, "--flag-unsupported")) return t->orch.drop_unsupported = 0, 1;
    if (!strcmp(a, "--no-draft")) return t->orch.save_draft = 0, 1;
    if (!strcmp(a, "--stream")) return t->orch.on_token = print_token, 1;
    if (!strcmp(a, "--max-calls")) {
        long n = *i + 1 < argc ? cli_parse_long(argv[*i + 1]) : -1;
        if (n <= 0) {
            fprintf(stderr, "ward %s: --max-calls needs a positive number\n", cmd);
            return -1;
        }
        t->orch.max_calls = (int)n;
        (*i)++;
        return 1;
    }
    return 0;
}

void cli_task_init(cli_task_opts *t)
{
    memset(t, 0, sizeof *t);
    t->llm = ward_llm_default_params();
    t->orch = ward_orch_default_params();
}

int cli_task_run(cli_state *cli, const char *cmd, cli_task_opts *t, const ward_task_request *req)
{
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    if (!cli_deid(cli) && cli_require(cli, cmd, "read_phi", req->patient_id)) return WARD_EDENIED;
    ward_err err = {0};
    ward_llm *llm = NULL;
    int rc = cli_llm_open(cli, cmd, &t->llm, &llm);
    if (rc) {
        cli_audit(cli, cmd, req->patient_id, "error");
        return rc;
    }
    t->orch.llm = llm;
    t->orch.role = cli_deid(cli) ? "researcher" : cli->who.role;
    ward_task_result res;
    rc = ward_orch_run(st, &t->orch, req, &res, &err);
    int arc = cli_audit(cli, cmd, req->patient_id,
                        rc == WARD_ENOTFOUND ? "not_found" : rc ? "error" : "ok");
    ward_llm_free(llm);
    if (rc) return cli_fail(cmd, rc, "%s", err.msg);
    if (arc) {
        ward_task_result_free(&res);
        return arc;
    }
    if (cli->json) {
        json_incref(res.json);
        cli_print_json(res.json);
    } else {
        fputs(res.text, stdout);
    }
    ward_task_result_free(&res);
    return WARD_OK;
}
