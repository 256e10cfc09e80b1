/* cmd_eval_fairness.c — `ward eval fairness --cohort DIR`: ingests the
 * cohort into --data, runs ward_fairness_run (src/assess/fairness.c says
 * what is broken down), writes the JSON, Markdown and HTML reports when
 * --out is given, records the run, and prints the flags. */
#include "cli_int.h"
#include "ward/fairness.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void progress(void *ud, const ward_event *ev)
{
    cli_bar *bar = ud;
    if (ev->kind == WARD_EVENT_PROGRESS && ev->msg) {
        cli_bar_draw(bar, 0, 1, "fairness: %s", ev->msg);
    } else if (ev->kind == WARD_EVENT_WARNING || ev->kind == WARD_EVENT_ERROR) {
        cli_bar_clear(bar);
        fprintf(stderr, "ward eval fairness: %s: line %ld: %s\n", ev->file ? ev->file : "-", ev->record, ev->msg);
    }
}

static int write_text(const char *prefix, const char *ext, char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s.%s", prefix, ext);
    int rc = cli_write_text("eval fairness", path, text);
    free(text);
    return rc;
}

static int write_reports(const char *prefix, json_t *r)
{
    char path[4096];
    snprintf(path, sizeof path, "%s.json", prefix);
    if (json_dump_file(r, path, JSON_INDENT(1) | JSON_REAL_PRECISION(6)))
        return cli_fail("eval fairness", WARD_EIO, "%s: cannot write", path);
    int rc = write_text(prefix, "md", ward_fairness_markdown(r));
    if (!rc) rc = write_text(prefix, "html", ward_fairness_html(r));
    return rc;
}

static void print_text(json_t *r, double secs)
{
    printf("Fairness on %s: %lld patients, %lld notes (%.1f s)\n", json_string_value(json_object_get(r, "cohort")),
           json_integer_value(json_object_get(r, "patients")), json_integer_value(json_object_get(r, "notes")), secs);
    size_t i;
    json_t *m;
    printf("  %-36s %8s %8s  %s\n", "metric", "overall", "n", "largest gap (attribute)");
    json_array_foreach(json_object_get(r, "metrics"), i, m) {
        double worst = 0;
        const char *wa = "-", *a;
        json_t *by;
        json_object_foreach(json_object_get(m, "by"), a, by)
            if (!strchr(a, '+') && json_real_value(json_object_get(by, "max_diff")) > worst)
                worst = json_real_value(json_object_get(by, "max_diff")), wa = a;
        printf("  %-36s %8.3f %8lld  %.3f (%s)\n", json_string_value(json_object_get(m, "name")),
               json_real_value(json_object_get(m, "overall")), json_integer_value(json_object_get(m, "n")), worst, wa);
    }
    json_t *flags = json_object_get(r, "flags"), *f;
    printf("Flags: %zu\n", json_array_size(flags));
    json_array_foreach(flags, i, f)
        printf("  %s, %s = %s: %.3f (n=%lld), %+.3f to the best [%+.3f, %+.3f]\n",
               json_string_value(json_object_get(f, "metric")), json_string_value(json_object_get(f, "attribute")),
               json_string_value(json_object_get(f, "group")), json_real_value(json_object_get(f, "value")),
               json_integer_value(json_object_get(f, "n")), json_real_value(json_object_get(f, "diff")),
               json_real_value(json_object_get(f, "diff_lo")), json_real_value(json_object_get(f, "diff_hi")));
    json_t *cf = json_object_get(r, "counterfactual");
    if (json_is_object(cf))
        printf("Counterfactual swaps: %lld patients, %lld of %lld outputs changed, flip rate %.4f\n",
               json_integer_value(json_object_get(cf, "patients")), json_integer_value(json_object_get(cf, "changed")),
               json_integer_value(json_object_get(cf, "outputs")), json_real_value(json_object_get(cf, "flip_rate")));
}

/* "tasks,funnel,retrieval" into WARD_FAIR_* bits; -1 when a name is unknown. */
static int parts(const char *v, unsigned *out)
{
    static const char *const names[] = {"tasks", "funnel", "retrieval"};
    *out = 0;
    for (const char *s = v; *s;) {
        size_t n = strcspn(s, ",");
        size_t i = 0;
        while (i < 3 && !(strlen(names[i]) == n && !strncmp(names[i], s, n))) i++;
        if (i == 3) return -1;
        *out |= 1u << i;
        s += n + (s[n] == ',');
    }
    return *out ? 0 : -1;
}

/* Parses the options into p; returns 0, or the usage error (printed). */
static int options(int argc, char **argv, ward_fairness_params *p, const char **out, ward_llm_params *lp)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int l = cli_llm_flags("eval fairness", lp, argc, argv, &i);
        if (l < 0) return WARD_EUSAGE;
        if (l) continue;
        if (!v) return cli_fail("eval fairness", WARD_EUSAGE, "%s needs a value (see ward eval --help)", a);
        long n = cli_parse_long(v);
        char *end;
        double d = strtod(v, &end);
        if (!strcmp(a, "--cohort")) p->cohort = v;
        else if (!strcmp(a, "--by")) p->by = v;
        else if (!strcmp(a, "--only") && parts(v, &p->parts) == 0) ;
        else if (!strcmp(a, "--out")) *out = v;
        else if (!strcmp(a, "--patients") && n > 0) p->patients = n;
        else if (!strcmp(a, "--counterfactual") && (n >= 0 || !strcmp(v, "0"))) p->counterfactual = !strcmp(v, "0") ? 0 : (int)n;
        else if (!strcmp(a, "--replicates") && n >= 10) p->stats.replicates = (int)n;
        else if (!strcmp(a, "--min-n") && n > 0) p->stats.min_n = n;
        else if (!strcmp(a, "--threshold") && !*end && d >= 0 && d < 1) p->stats.threshold = d;
        else if (!strcmp(a, "--intersections") && (!strcmp(v, "0") || !strcmp(v, "1"))) p->intersections = *v == '1';
        else return cli_fail("eval fairness", WARD_EUSAGE, "unexpected argument %s %s (see ward eval --help)", a, v);
        i++;
    }
    if (!p->cohort) return cli_fail("eval fairness", WARD_EUSAGE, "give --cohort DIR (a `ward synth` output)");
    return WARD_OK;
}

/* `ward eval all`: adds the funnel's aggregate scores (de-identification
 * per type, precision, concepts) to the fairness run's report. */
static int add_funnel(json_t *r, const char *cohort, ward_err *err)
{
    ward_eval_run run;
    int rc = ward_eval_funnel_cohort(cohort, &run, err);
    if (!rc) json_object_set_new(r, "funnel", ward_eval_funnel_report(&run));
    ward_eval_funnel_free(&run);
    return rc;
}

int cli_eval_fairness_as(cli_state *cli, int argc, char **argv, const char *command)
{
    int everything = !strcmp(command, "eval all");
    ward_fairness_params p = ward_fairness_default_params();
    ward_llm_params lp = ward_llm_default_params();
    const char *out = NULL;
    int rc = options(argc, argv, &p, &out, &lp);
    if (rc) return rc;
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    ward_llm *llm = NULL;
    if ((rc = cli_llm_open(cli, "eval fairness", &lp, &llm))) return rc;
    p.llm = llm;
    cli_bar bar;
    cli_bar_init(&bar, !cli->json);
    p.report = progress, p.report_ud = &bar;
    double t0 = cli_now();
    ward_err err = {0};
    cli_bar_draw(&bar, 0, 1, "fairness: loading the cohort");
    json_t *r = NULL;
    if ((rc = cli_ingest_cohort(st, p.cohort, &err))) ward_err_prefix(&err, "ingest");
    if (!rc) rc = ward_fairness_run(st, &p, &r, &err);
    if (!rc && everything) {
        cli_bar_draw(&bar, 0, 1, "all: funnel aggregates");
        rc = add_funnel(r, p.cohort, &err);
    }
    cli_bar_clear(&bar);
    if (rc) {
        ward_llm_free(llm);
        json_decref(r);
        return cli_fail(command, rc, "%s", err.msg);
    }
    double secs = cli_now() - t0;
    json_object_set_new(r, "seconds", json_real(secs));
    json_t *cfg = json_pack("{s:i, s:s, s:I, s:i, s:i, s:f, s:I}", "parts", (int)p.parts, "by", p.by, "patients", (json_int_t)p.patients,
                            "counterfactual", p.counterfactual, "replicates", p.stats.replicates, "threshold",
                            p.stats.threshold, "min_n", (json_int_t)p.stats.min_n);
    rc = cli_eval_record(cli, command, p.cohort, ward_llm_backend(llm), ward_llm_model(llm), cfg, r);
    json_decref(cfg);
    ward_llm_free(llm);
    if (!rc && out) rc = write_reports(out, r);
    if (!rc && cli_audit(cli, everything ? "eval_all" : "eval_fairness", NULL, "ok")) rc = WARD_EIO;
    if (rc) {
        json_decref(r);
        return rc;
    }
    if (cli->json) {
        cli_print_json(r);
        return WARD_OK;
    }
    print_text(r, secs);
    if (out) printf("Reports: %s.json, %s.md, %s.html\n", out, out, out);
    json_decref(r);
    return WARD_OK;
}

int cli_eval_fairness(cli_state *cli, int argc, char **argv) { return cli_eval_fairness_as(cli, argc, argv, "eval fairness"); }
