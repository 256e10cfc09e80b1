/* cmd_eval_history.c — `ward eval history`, `ward eval compare A B
 * [--gate TOL]` and `ward eval all --cohort DIR`: the evaluation history
 * the other `ward eval` commands record (src/assess/eval_history.c). */
#include "cli_int.h"
#include "ward/fairness.h"
#include "ward/store_eval.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int history_row(void *ud, const ward_eval_run_row *r, const ward_eval_metric_row *m)
{
    json_t *list = ud;
    json_t *o = json_pack("{s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "id", (json_int_t)r->id, "ts", r->ts, "command",
                          r->command, "version", r->version, "backend", r->backend, "model", r->model, "cohort", r->cohort);
    if (r->cohort_seed >= 0) json_object_set_new(o, "cohort_seed", json_integer(r->cohort_seed));
    if (m) {
        json_object_set_new(o, "metric", json_string(m->name));
        json_object_set_new(o, "value", isfinite(m->value) ? json_real(m->value) : json_null());
    }
    json_array_append_new(list, o);
    return 0;
}

static int history(cli_state *cli, int argc, char **argv)
{
    const char *metric = NULL;
    long limit = 50;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--metric") && v) metric = v, i++;
        else if (!strcmp(argv[i], "--limit") && v && (limit = cli_parse_long(v)) > 0) i++;
        else return cli_fail("eval history", WARD_EUSAGE, "unexpected argument %s (usage: ward eval history [--metric M] [--limit N])", argv[i]);
    }
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    json_t *list = json_array();
    ward_err err = {0};
    int rc = ward_store_eval_runs_each(st, metric, (int)limit, history_row, list, &err);
    if (rc) {
        json_decref(list);
        return cli_fail("eval history", rc, "%s", err.msg);
    }
    if (cli->json) {
        cli_print_json(list);
        return WARD_OK;
    }
    if (!json_array_size(list)) printf("no evaluation runs%s%s\n", metric ? " with metric " : "", metric ? metric : "");
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o) {
        printf("%5lld  %s  %-16s %-8s %-10s %s", json_integer_value(json_object_get(o, "id")),
               json_string_value(json_object_get(o, "ts")), json_string_value(json_object_get(o, "command")),
               json_string_value(json_object_get(o, "version")), json_string_value(json_object_get(o, "backend")) ?: "-",
               json_string_value(json_object_get(o, "cohort")) ?: "-");
        if (json_object_get(o, "cohort_seed")) printf(" (seed %lld)", json_integer_value(json_object_get(o, "cohort_seed")));
        if (metric) printf("  %s = %.4f", metric, json_number_value(json_object_get(o, "value")));
        printf("\n");
    }
    json_decref(list);
    return WARD_OK;
}

static int compare(cli_state *cli, int argc, char **argv)
{
    long ids[2] = {0, 0};
    int nid = 0, gate = 0, all = 0;
    double tol = 0;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (!strcmp(argv[i], "--gate") && v && (tol = strtod(v, &end)) >= 0 && end && !*end) gate = 1, i++;
        else if (!strcmp(argv[i], "--all")) all = 1;
        else if (nid < 2 && cli_parse_long(argv[i]) > 0) ids[nid++] = cli_parse_long(argv[i]);
        else return cli_fail("eval compare", WARD_EUSAGE, "unexpected argument %s (usage: ward eval compare A B [--gate TOLERANCE] [--all])", argv[i]);
    }
    if (nid != 2) return cli_fail("eval compare", WARD_EUSAGE, "give two run ids (see ward eval history)");
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    json_t *r;
    ward_err err = {0};
    int rc = ward_eval_compare(st, ids[0], ids[1], tol, &r, &err);
    if (rc) return cli_fail("eval compare", rc, "%s", err.msg);
    long regressions = (long)json_integer_value(json_object_get(r, "regressions"));
    if (cli->json) {
        cli_print_json(r);
    } else {
        printf("run %ld -> run %ld%s\n", ids[0], ids[1], gate ? "" : " (no gate)");
        size_t i;
        json_t *m;
        json_array_foreach(json_object_get(r, "metrics"), i, m) {
            double d = json_real_value(json_object_get(m, "delta"));
            int reg = json_is_true(json_object_get(m, "regressed"));
            if (!all && !reg && fabs(d) < 1e-9) continue;
            printf("  %-60s %10.4f %10.4f %+10.4f%s\n", json_string_value(json_object_get(m, "name")),
                   json_real_value(json_object_get(m, "a")), json_real_value(json_object_get(m, "b")), d,
                   reg ? "  REGRESSED" : "");
        }
        printf("%ld regression%s beyond tolerance %g\n", regressions, regressions == 1 ? "" : "s", tol);
        json_decref(r);
    }
    if (gate && regressions) {
        fprintf(stderr, "ward eval compare: gate failed: %ld metric%s regressed beyond %g\n", regressions,
                regressions == 1 ? "" : "s", tol);
        return WARD_EINPUT;     /* exit 2: a pipeline blocks the change */
    }
    return WARD_OK;
}

int cli_eval_fairness_as(cli_state *cli, int argc, char **argv, const char *command);

/* `ward eval all`: the fairness run evaluates every layer (tasks, the
 * funnel, retrieval) and breaks each down; with the funnel's aggregates it
 * is the one report. */
static int all(cli_state *cli, int argc, char **argv)
{
    return cli_eval_fairness_as(cli, argc, argv, "eval all");
}

int cli_eval_history(cli_state *cli, int argc, char **argv) { return history(cli, argc, argv); }
int cli_eval_compare(cli_state *cli, int argc, char **argv) { return compare(cli, argc, argv); }
int cli_eval_all(cli_state *cli, int argc, char **argv) { return all(cli, argc, argv); }
