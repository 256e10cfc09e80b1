/* card.c — `ward card`: a model/system card in Markdown, written from the
 * store's evaluation history, so it says only what was measured.
 *
 * Ideas a reader needs:
 *  - The metrics come from the newest `ward eval fairness` or `ward eval
 *    all` run (overall and by group, with intervals and flags); every
 *    newest run of each evaluation command is listed with its date,
 *    version, backend, cohort and seed.
 *  - History metric names are the flattened report ("metrics[X].overall",
 *    "metrics[X].by.sex.groups[female].value"): the card reads them back
 *    by name, so it needs no second copy of the report.
 *  - Nothing about a patient appears: counts and scores only.
 */
#include "ward/oversight.h"
#include "ward/store_eval.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const INTENDED =
    "Ward drafts grounded text for clinicians from a patient's own record: answers to chart questions, "
    "chart summaries, SOAP notes from visit transcripts, after-visit instructions and prior-authorization "
    "letters. Every sentence cites its source and is checked against it; every output is a draft that a "
    "clinician reviews, edits or rejects before it is used. It is not a diagnostic device, does not make "
    "treatment decisions, and must not be used without that review.\n";

static const char *const LIMITS[] = {
    "Evaluations run on synthetic cohorts (`ward synth`): real records are messier (free-text templates, "
    "local codes, scanned documents); monitor input drift (`ward monitor`).",
    "Extractive mode can only say what the record says in words it recognises; a fact written in an unusual "
    "way is \"Not found in the record.\"",
    "With a generative model, sentences the guard cannot support are dropped: outputs can be shorter than "
    "asked for, and the guard's lexical check can miss a fluent misstatement that reuses the source's words.",
    "De-identification is rule- and list-based: names of origins or spellings missing from its lists can be "
    "missed; see recall by name origin.",
    "Group sizes follow the cohort's demographics: small groups have wide intervals and are not judged.",
    NULL};

/* ---- reading the history back ---- */

typedef struct latest {
    json_t *runs;            /* command -> run summary, newest per command */
} latest;

static int newest_each(void *ud, const ward_eval_run_row *r, const ward_eval_metric_row *m)
{
    latest *l = ud;
    (void)m;
    if (json_object_get(l->runs, r->command)) return 0;
    json_t *o = json_pack("{s:I, s:s?, s:s?, s:s?, s:s?, s:s?}", "id", (json_int_t)r->id, "ts", r->ts, "version",
                          r->version, "backend", r->backend, "model", r->model, "cohort", r->cohort);
    if (r->cohort_seed >= 0) json_object_set_new(o, "seed", json_integer(r->cohort_seed));
    json_object_set_new(l->runs, r->command, o);
    return 0;
}

static int metric_each(void *ud, const ward_eval_metric_row *m)
{
    json_object_set_new(ud, m->name, json_real(isfinite(m->value) ? m->value : 0));
    return 0;
}

static double get(json_t *metrics, const char *fmt, const char *a, const char *b, const char *c, int *found)
{
    char name[512];
    snprintf(name, sizeof name, fmt, a, b, c);
    json_t *v = json_object_get(metrics, name);
    *found = v != NULL;
    return json_real_value(v);
}

/* The metric names of the run, in report order: "metrics[X].overall". */
static json_t *metric_names(json_t *metrics)
{
    json_t *names = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(metrics, k, v) {
        size_t n = strlen(k);
        if (strncmp(k, "metrics[", 8) || n < 17 || strcmp(k + n - 9, "].overall")) continue;
        json_array_append_new(names, json_stringn(k + 8, n - 17));
    }
    return names;
}

/* Groups of metric X by attribute A: names "metrics[X].by.A.groups[G].value". */
static void group_rows(ward_buf *b, json_t *metrics, const char *x, const char *attr)
{
    char prefix[512];
    int n = snprintf(prefix, sizeof prefix, "metrics[%s].by.%s.groups[", x, attr);
    const char *k;
    json_t *v;
    int any = 0;
    json_object_foreach(metrics, k, v) {
        size_t kl = strlen(k);
        if (strncmp(k, prefix, (size_t)n) || kl < (size_t)n + 8 || strcmp(k + kl - 7, "].value")) continue;
        char g[128];
        snprintf(g, sizeof g, "%.*s", (int)(kl - (size_t)n - 7), k + n);
        int f1, f2, f3;
        double lo = get(metrics, "metrics[%s].by.%s.groups[%s].lo", x, attr, g, &f1);
        double hi = get(metrics, "metrics[%s].by.%s.groups[%s].hi", x, attr, g, &f2);
        double cnt = get(metrics, "metrics[%s].by.%s.groups[%s].n", x, attr, g, &f3);
        ward_buf_printf(b, "%s%s %.3f [%.3f, %.3f] (n=%.0f)", any ? "; " : "", g, json_real_value(v), lo, hi, cnt);
        any = 1;
    }
    if (any) ward_buf_puts(b, "\n");
}

static void metrics_section(ward_buf *b, json_t *metrics, json_t *run, const char *cmd)
{
    ward_buf_printf(b, "\n## Latest metrics\n\nFrom evaluation run %lld (`ward %s`, %s, Ward %s, backend %s, cohort `%s`",
                    json_integer_value(json_object_get(run, "id")), cmd, json_string_value(json_object_get(run, "ts")),
                    json_string_value(json_object_get(run, "version")),
                    json_string_value(json_object_get(run, "backend")) ?: "extractive",
                    json_string_value(json_object_get(run, "cohort")) ?: "-");
    if (json_object_get(run, "seed")) ward_buf_printf(b, ", seed %lld", json_integer_value(json_object_get(run, "seed")));
    ward_buf_puts(b, "). Values by group with 95% bootstrap intervals.\n\n| metric | overall | n |\n|---|---:|---:|\n");
    json_t *names = metric_names(metrics), *v;
    size_t i;
    int f;
    json_array_foreach(names, i, v) {
        const char *x = json_string_value(v);
        ward_buf_printf(b, "| %s | %.3f | %.0f |\n", x, get(metrics, "metrics[%s].overall%s%s", x, "", "", &f),
                        get(metrics, "metrics[%s].n%s%s", x, "", "", &f));
    }
    static const char *const attrs[] = {"sex", "race", "ethnicity", "age_band", "language", "token_origin"};
    json_array_foreach(names, i, v) {
        const char *x = json_string_value(v);
        if (strchr(x, '.')) continue;    /* per-type sub-metrics: the overall table has them */
        ward_buf_printf(b, "\n**%s**\n\n", x);
        for (size_t a = 0; a < sizeof attrs / sizeof *attrs; a++) {
            ward_buf tmp;
            ward_buf_init(&tmp);
            group_rows(&tmp, metrics, x, attrs[a]);
            if (tmp.len) ward_buf_printf(b, "- by %s: %s", attrs[a], tmp.data);
            ward_buf_free(&tmp);
        }
    }
    double flips = get(metrics, "counterfactual.flip_rate%s%s%s", "", "", "", &f);
    if (f) ward_buf_printf(b, "\nCounterfactual swaps (sex, race, ethnicity, name): flip rate %.4f.\n", flips);
    json_decref(names);
}

int ward_card(ward_store *st, const ward_card_params *p, char **out, ward_err *err)
{
    *out = NULL;
    latest l = {json_object()};
    int rc = ward_store_eval_runs_each(st, NULL, 0, newest_each, &l, err);
    ward_store_counts counts;
    if (!rc) rc = ward_store_count(st, &counts, err);
    const char *cmd = json_object_get(l.runs, "eval all") ? "eval all" : "eval fairness";
    json_t *run = json_object_get(l.runs, cmd), *metrics = json_object();
    if (!rc && run) rc = ward_store_eval_run_get(st, json_integer_value(json_object_get(run, "id")), NULL, metric_each, metrics, err);
    if (rc) {
        json_decref(l.runs), json_decref(metrics);
        return rc;
    }
    char today[11];
    time_t now = time(NULL);
    strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_printf(&b, "# Ward model and system card\n\nDate %s. Ward %s.\n\n## Intended use\n\n%s",
                    p->date ? p->date : today, WARD_VERSION, INTENDED);
    ward_buf_printf(&b, "\n## Backend and model\n\nGeneration backend: %s%s%s. Without a model Ward is extractive: "
                    "it copies facts from the record and never writes free text of its own.\n",
                    p->backend ? p->backend : "extractive", p->model ? ", model " : "", p->model ? p->model : "");
    ward_buf_printf(&b, "\n## Data\n\nThis store: %lld patients, %lld documents, %lld chunks, %lld drafts. Evaluations "
                    "use synthetic cohorts made by `ward synth` (docs/synth.md) with known truth; no real patient "
                    "data is needed to evaluate.\n", (long long)counts.patients, (long long)counts.documents,
                    (long long)counts.chunks, (long long)counts.drafts);
    if (run) metrics_section(&b, metrics, run, cmd);
    else ward_buf_puts(&b, "\n## Latest metrics\n\nNo `ward eval fairness` or `ward eval all` run is recorded yet.\n");
    ward_buf_puts(&b, "\n## Known limits\n\n");
    for (int i = 0; LIMITS[i]; i++) ward_buf_printf(&b, "- %s\n", LIMITS[i]);
    const char *k;
    json_t *r;
    json_object_foreach(metrics, k, r) {     /* disparities the latest run flagged */
        size_t kl = strlen(k);
        const char *by = strstr(k, "].by.");
        if (strncmp(k, "metrics[", 8) || !by || strcmp(k + kl - 6, ".flags") || json_real_value(r) < 1) continue;
        ward_buf_printf(&b, "- Flagged disparity: %.*s by %.*s, %.0f group(s) beyond the threshold (see the fairness "
                        "report).\n", (int)(by - k - 8), k + 8, (int)(k + kl - 6 - by - 5), by + 5, json_real_value(r));
    }
    ward_buf_puts(&b, "\n## Evaluations behind this card\n\n| run | date | command | version | backend | model | cohort | seed |\n"
                      "|---:|---|---|---|---|---|---|---:|\n");
    json_object_foreach(l.runs, k, r) {
        ward_buf_printf(&b, "| %lld | %s | ward %s | %s | %s | %s | %s | ", json_integer_value(json_object_get(r, "id")),
                        json_string_value(json_object_get(r, "ts")), k, json_string_value(json_object_get(r, "version")),
                        json_string_value(json_object_get(r, "backend")) ?: "-",
                        json_string_value(json_object_get(r, "model")) ?: "-",
                        json_string_value(json_object_get(r, "cohort")) ?: "-");
        if (json_object_get(r, "seed")) ward_buf_printf(&b, "%lld |\n", json_integer_value(json_object_get(r, "seed")));
        else ward_buf_puts(&b, "- |\n");
    }
    if (!json_object_size(l.runs)) ward_buf_puts(&b, "\nNo evaluation recorded: run `ward eval all --cohort DIR`.\n");
    json_decref(l.runs), json_decref(metrics);
    *out = ward_buf_steal(&b);
    return WARD_OK;
}
