/* cmd_card.c — `ward card`: the model/system card in Markdown, from the
 * evaluation history (src/govern/card.c). */
#include "cli_int.h"
#include "ward/oversight.h"

#include <stdlib.h>
#include <string.h>

static int run(cli_state *cli, int argc, char **argv)
{
    const char *out = NULL;
    ward_llm_params lp = ward_llm_default_params();
    for (int i = 1; i < argc; i++) {
        int l = cli_llm_flags("card", &lp, argc, argv, &i);
        if (l < 0) return WARD_EUSAGE;
        if (l) continue;
        if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else return cli_fail("card", WARD_EUSAGE, "unexpected argument %s (see ward card --help)", argv[i]);
    }
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    ward_llm *llm = NULL;
    int rc = cli_llm_open(cli, "card", &lp, &llm);
    if (rc) return rc;
    const char *backend = ward_llm_backend(llm);
    ward_card_params p = {.backend = backend, .model = strcmp(backend, "extractive") ? ward_llm_model(llm) : NULL};
    char *md = NULL;
    ward_err err = {0};
    rc = ward_card(st, &p, &md, &err);
    ward_llm_free(llm);
    if (rc) return cli_fail("card", rc, "%s", err.msg);
    if (out) {
        rc = cli_write_text("card", out, md);
        free(md);
        if (!rc) printf("card written to %s\n", out);
        return rc;
    }
    fputs(md, stdout);
    free(md);
    return WARD_OK;
}

const cli_command cli_cmd_card = {
    "card", run, "write the model/system card (Markdown) from the evaluation history",
    "usage: ward card [--out FILE.md] [--model FILE | --llm-url URL]\n\n"
    "Intended use, the generation backend and model, the data, the latest metrics\n"
    "overall and by group (from the newest `ward eval all` or `ward eval fairness`\n"
    "run), known limits and flagged disparities, and the date, version, backend,\n"
    "cohort and seed of the newest run of every evaluation.\n"
    CLI_LLM_USAGE};
