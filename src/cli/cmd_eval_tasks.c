/* cmd_eval_tasks.c — `ward eval tasks --cohort DIR`: ingests a generated
 * cohort into --data (re-ingesting is a no-op), runs ward_eval_tasks
 * (src/assess/eval_tasks.c says what is measured) and prints the figures. */
#include "cli_int.h"
#include "ward/assess.h"
#include "ward/ingest.h"

#include <jansson.h>
#include <string.h>

static void report(void *ud, const ward_event *ev)
{
    (void)ud;
    if (ev->kind == WARD_EVENT_WARNING || ev->kind == WARD_EVENT_ERROR)
        fprintf(stderr, "ward eval tasks: %s: line %ld: %s\n", ev->file ? ev->file : "-", ev->record, ev->msg);
}

static double ratio(json_t *o, const char *a, const char *b)
{
    json_int_t d = json_integer_value(json_object_get(o, b));
    return d ? (double)json_integer_value(json_object_get(o, a)) / (double)d : 0;
}

static void print_count(json_t *chart, const char *key, const char *what)
{
    json_t *c = json_object_get(chart, key);
    printf("    %-28s %5lld / %-5lld %.3f\n", what, json_integer_value(json_object_get(c, "ok")),
           json_integer_value(json_object_get(c, "n")), ratio(c, "ok", "n"));
}

static void print_text(const char *dir, json_t *o)
{
    json_t *q = json_object_get(o, "questions"), *c = json_object_get(o, "citations");
    printf("Tasks on %s (%lld patients, extractive)\n", dir, json_integer_value(json_object_get(o, "patients")));
    printf("  chart questions   %lld answered, accuracy %.3f (target >= 0.90); %lld failed\n",
           json_integer_value(json_object_get(q, "n")), json_real_value(json_object_get(q, "accuracy")),
           json_integer_value(json_object_get(q, "failed")));
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(q, "by_kind"), key, v)
        printf("    %-18s %4lld / %-4lld %.3f%s\n", key, json_integer_value(json_object_get(v, "correct")),
               json_integer_value(json_object_get(v, "n")), ratio(v, "correct", "n"),
               json_integer_value(json_object_get(v, "failed")) ? "  (some failed)" : "");
    printf("    citing every evidence without saying the answer: %lld (not counted right)\n",
           json_integer_value(json_object_get(q, "cited_not_said")));
    json_t *bg = json_object_get(c, "before_guard"), *ag = json_object_get(c, "after_guard");
    printf("  citations         precision %.3f of %lld before the guard, %.3f of %lld after (target 1.0);"
           " evidence recall %.3f\n", json_real_value(json_object_get(bg, "precision")),
           json_integer_value(json_object_get(bg, "n")), json_real_value(json_object_get(ag, "precision")),
           json_integer_value(json_object_get(ag, "n")), json_real_value(json_object_get(o, "evidence_recall")));
    json_t *s = json_object_get(o, "summary"), *in = json_object_get(o, "instructions"), *n = json_object_get(o, "soap");
    printf("  summary recall    %.3f of %lld problems, medications, allergies (target >= 0.95)\n",
           json_real_value(json_object_get(s, "recall")), json_integer_value(json_object_get(s, "items")));
    printf("  instructions      mean Flesch-Kincaid grade %.2f over %lld (target <= 6)\n",
           json_real_value(json_object_get(in, "mean_fk_grade")), json_integer_value(json_object_get(in, "n")));
    printf("  SOAP notes        %lld, ROUGE-1 %.3f  ROUGE-2 %.3f  ROUGE-L %.3f\n", json_integer_value(json_object_get(n, "notes")),
           json_real_value(json_object_get(n, "rouge1")), json_real_value(json_object_get(n, "rouge2")),
           json_real_value(json_object_get(n, "rougeL")));
    printf("  task failures     %lld (summaries, instructions, notes)\n", json_integer_value(json_object_get(o, "task_failures")));
    json_t *lit = json_object_get(o, "literature");
    if (json_integer_value(json_object_get(lit, "n"))) {
        json_t *a = json_object_get(lit, "answerable"), *nf = json_object_get(lit, "not_in_literature");
        printf("  literature        accuracy %.3f of %lld (target >= 0.90): answered from the guideline %lld / %lld,"
               " \"not found\" when it cannot %lld / %lld\n", json_real_value(json_object_get(lit, "accuracy")),
               json_integer_value(json_object_get(lit, "n")), json_integer_value(json_object_get(a, "ok")),
               json_integer_value(json_object_get(a, "n")), json_integer_value(json_object_get(nf, "ok")),
               json_integer_value(json_object_get(nf, "n")));
    }
    static const char *WHAT[] = {"trends over distinct days", "allergy rows, one per substance",
                                 "problem rows, not reactions", "problem rows, one per concept",
                                 "medication rows, one per drug", "allergy rows, one per recorded allergy"};
    json_t *ch = json_object_get(o, "chart");
    const char *views[] = {"summary", "chart"};
    for (int v = 0; v < 2; v++) {
        printf("  reconciled chart: %s (target 1.0 each)\n", v ? "ward show / API chart" : "summaries");
        for (int k = 0; k < WARD_CHART_NCHECKS; k++)
            print_count(json_object_get(ch, views[v]), ward_chart_check_names[k], WHAT[k]);
    }
}

int cli_eval_tasks(cli_state *cli, int argc, char **argv)
{
    ward_eval_tasks_params p = ward_eval_tasks_default_params();
    int items = 0;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--cohort") && v) p.cohort = v, i++;
        else if (!strcmp(argv[i], "--patients") && v && (p.patients = cli_parse_long(v)) > 0) i++;
        else if (!strcmp(argv[i], "--items")) items = 1;
        else return cli_fail("eval tasks", WARD_EUSAGE, "unexpected argument %s (usage: ward eval tasks --cohort DIR [--patients N] [--items])", argv[i]);
    }
    if (!p.cohort) return cli_fail("eval tasks", WARD_EUSAGE, "give --cohort DIR (a `ward synth` output)");
    char path[4096];
    snprintf(path, sizeof path, "%s/questions.jsonl", p.cohort);
    FILE *qf = fopen(path, "r");
    if (!qf) return cli_fail("eval tasks", WARD_EINPUT, "%s: cannot open (is %s a `ward synth` output?)", path, p.cohort);
    fclose(qf);
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    ward_err err = {0};
    int rc = cli_ingest_cohort(st, p.cohort, &err);
    if (rc) return cli_fail("eval tasks", rc, "ingest: %s", err.msg);
    p.report = report;
    p.items = items;
    ward_eval_tasks_result r;
    if ((rc = ward_eval_tasks(st, &p, &r, &err))) {
        ward_eval_tasks_result_free(&r);
        return cli_fail("eval tasks", rc, "%s", err.msg);
    }
    if (cli_audit(cli, "eval_tasks", NULL, "ok")) {
        ward_eval_tasks_result_free(&r);
        return WARD_EIO;
    }
    json_t *out = ward_eval_tasks_json(&r);
    json_t *item_list = items ? ward_eval_items_json(&r.items) : NULL;
    ward_eval_tasks_result_free(&r);
    json_t *cfg = json_pack("{s:I}", "patients", (json_int_t)p.patients);
    rc = cli_eval_record(cli, "eval tasks", p.cohort, NULL, NULL, cfg, out);
    json_decref(cfg);
    if (rc) {
        json_decref(out), json_decref(item_list);
        return rc;
    }
    if (item_list) json_object_set_new(out, "items", item_list);
    if (cli->json) cli_print_json(out);
    else {
        print_text(p.cohort, out);
        json_decref(out);
    }
    return WARD_OK;
}
