/* cli_llm.c — the model flags shared by every command that generates.
 *
 * Flags win over the environment, which wins over DATA/config
 * (ward_llm_params_from_env). Commands parse their own options and hand
 * each one to cli_llm_flags first, so `--model` means the same everywhere. */
#include "cli_int.h"

#include <string.h>

int cli_llm_flags(const char *cmd, ward_llm_params *p, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const char **field = !strcmp(a, "--model")       ? &p->model_path
                         : !strcmp(a, "--llm-url")   ? &p->url
                         : !strcmp(a, "--llm-key")   ? &p->api_key
                         : !strcmp(a, "--llm-model") ? &p->model_name
                                                     : NULL;
    if (!field) return 0;
    if (*i + 1 >= argc || !argv[*i + 1][0]) {
        cli_fail(cmd, WARD_EUSAGE, "%s needs a value", a);
        return -1;
    }
    *field = argv[++*i];
    return 1;
}

int cli_llm_open(cli_state *cli, const char *cmd, ward_llm_params *p, ward_llm **out)
{
    ward_llm_params_from_env(p, cli->data_dir);
    /* A command makes one model call at a time: one sequence's KV cache,
     * not the server's several (unless configured). */
    if (p->n_slots <= 0) p->n_slots = 1;
    ward_err err = {0};
    int rc = ward_llm_open(p, out, &err);
    if (rc) cli_fail(cmd, rc, "%s%s", err.msg, rc == WARD_EMODEL ? " (check --model / WARD_MODEL or --llm-url / "
                                                                   "WARD_LLM_URL; see ward models)" : "");
    return rc;
}
