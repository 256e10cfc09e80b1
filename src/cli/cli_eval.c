/* cli_eval.c — what the `ward eval ...` commands share: loading a generated
 * cohort into the store, and recording every run in the evaluation history
 * (`ward eval history`, `ward eval compare`). */
#include "cli_int.h"
#include "ward/fairness.h"
#include "ward/ingest.h"

#include <jansson.h>
#include <stdlib.h>

/* 1 when every patient of DIR/patients.jsonl is in the store already:
 * re-ingesting would change nothing and reads every file again. */
static int loaded(ward_store *st, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/patients.jsonl", dir);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char *line = NULL;
    size_t cap = 0;
    int all = 1, any = 0;
    while (all && getline(&line, &cap, f) > 0) {
        json_t *o = json_loads(line, 0, NULL);
        const char *id = json_string_value(json_object_get(o, "patient"));
        int yes = 0;
        ward_err err = {0};
        all = id && !ward_store_patient_exists(st, id, &yes, &err) && yes;
        any = 1;
        json_decref(o);
    }
    free(line);
    fclose(f);
    return all && any;
}

int cli_ingest_cohort(ward_store *st, const char *dir, ward_err *err)
{
    if (loaded(st, dir)) return WARD_OK;
    ward_ingest_params ip = ward_ingest_default_params();
    ip.quiet = 1;
    ward_ingest *in;
    int rc = ward_ingest_new(st, &ip, &in, err);
    if (!rc) rc = ward_ingest_path(in, dir, err);
    if (!rc) rc = ward_ingest_finish(in, err);
    if (in) ward_ingest_free(in);
    return rc;
}

int cli_eval_record(cli_state *cli, const char *command, const char *cohort, const char *backend, const char *model,
                    struct json_t *config, struct json_t *report)
{
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    char *cfg = config ? json_dumps(config, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    ward_eval_record r = {.command = command, .backend = backend, .model = model, .config = cfg, .cohort = cohort,
                          .cohort_seed = ward_eval_cohort_seed(cohort)};
    ward_err err = {0};
    int64_t id;
    int rc = ward_eval_record_run(st, &r, report, &id, &err);
    free(cfg);
    if (rc) return cli_fail(command, rc, "%s", err.msg);
    if (!cli->json) fprintf(stderr, "ward %s: recorded as evaluation run %lld (ward eval history)\n", command, (long long)id);
    return WARD_OK;
}
