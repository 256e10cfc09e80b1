/* eval_history.c — every evaluation run kept, and the gate that compares
 * two of them.
 *
 * Ideas a reader needs:
 *  - A report (any evaluator's JSON) is flattened into named numbers:
 *    {"questions": {"accuracy": 0.9}} gives "questions.accuracy". Arrays of
 *    objects with a "name" use it ("metrics[name=deid_recall].overall");
 *    other arrays (per-item lists) are not history.
 *  - Each number gets a direction, from its last name part: counts ("n",
 *    "items", "patients"...) and interval bounds have none; grades, failures, differences,
 *    flags and flip rates are better lower; everything else higher. The
 *    gate only judges numbers with a direction.
 *  - The gate fails when a metric moves against its direction by more than
 *    the tolerance (absolute): b - a < -tol for higher-is-better.
 */
#include "ward/fairness.h"
#include "ward/store_eval.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Counts and interval bounds: recorded, never judged. */
static const char *const NEUTRAL_WORDS[] = {"lo", "hi", "diff_lo", "diff_hi", "ratio", "min_ratio", "n", "items", "patients", "notes", "tokens", "gold_tokens",
    "predicted_tokens", "found", "queries", "skipped", "unresolved", "outputs", "changed", "replicates", "seed",
    "min_n", "threshold", "keep_tokens", "answered", "ok", "correct", "failed_lines", "skipped_lines",
    "truth_mismatches", "ages_not_scored", "documents", "chunks", NULL};
static const char *const LOWER_WORDS[] = {"fk_grade", "mean_fk_grade", "failed", "task_failures", "max_diff",
    "flags", "flip_rate", "cited_not_said", "keep_redacted", "diff", NULL};

static int in(const char *const *list, const char *w)
{
    for (int i = 0; list[i]; i++)
        if (!strcmp(list[i], w)) return 1;
    return 0;
}

static int direction(const char *name)
{
    const char *last = strrchr(name, '.');
    last = last ? last + 1 : name;
    if (in(NEUTRAL_WORDS, last)) return 0;
    if (in(LOWER_WORDS, last)) return -1;
    return 1;
}

typedef struct flat {
    ward_eval_metric_row *v;
    size_t n;
    char **names;
} flat;

static void put(flat *f, const char *name, double value)
{
    f->v = ward_xrealloc(f->v, (f->n + 1) * sizeof *f->v);
    f->names = ward_xrealloc(f->names, (f->n + 1) * sizeof *f->names);
    f->names[f->n] = ward_xstrdup(name);
    f->v[f->n] = (ward_eval_metric_row){f->names[f->n], value, -1, NAN, NAN, direction(name)};
    f->n++;
}

static void flatten(flat *f, const char *prefix, json_t *v)
{
    char name[512];
    if (json_is_number(v)) {
        put(f, prefix, json_number_value(v));
    } else if (json_is_object(v)) {
        const char *k;
        json_t *c;
        json_object_foreach(v, k, c) {
            snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", k);
            flatten(f, name, c);
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *c;
        json_array_foreach(v, i, c) {
            const char *n = json_string_value(json_object_get(c, "name"));
            if (!n) return;     /* per-item lists, flags: not history */
            snprintf(name, sizeof name, "%s[%s]", prefix, n);
            flatten(f, name, c);
        }
    }
}

long long ward_eval_cohort_seed(const char *cohort)
{
    if (!cohort) return -1;
    char path[4096];
    snprintf(path, sizeof path, "%s/synth.jsonl", cohort);
    json_t *o = json_load_file(path, JSON_DISABLE_EOF_CHECK, NULL);
    json_t *s = json_object_get(o, "seed");
    long long seed = json_is_integer(s) ? (long long)json_integer_value(s) : -1;
    json_decref(o);
    return seed;
}

int ward_eval_record_run(ward_store *st, const ward_eval_record *r, json_t *report, int64_t *id, ward_err *err)
{
    flat f = {0};
    flatten(&f, "", report);
    ward_eval_run_row row = {.command = r->command, .version = WARD_VERSION, .backend = r->backend ? r->backend : "extractive",
                             .model = r->model, .config = r->config, .cohort = r->cohort, .cohort_seed = r->cohort_seed};
    int rc = ward_store_eval_run_add(st, &row, f.v, f.n, id, err);
    for (size_t i = 0; i < f.n; i++) free(f.names[i]);
    free(f.names), free(f.v);
    if (rc) ward_err_prefix(err, "cannot record the evaluation run");
    return rc;
}

/* ---- compare ---- */

static int collect(void *ud, const ward_eval_metric_row *m)
{
    json_t *o = ud;
    json_object_set_new(o, m->name, json_pack("{s:f, s:i}", "value", isfinite(m->value) ? m->value : 0, "better", m->better));
    return 0;
}

static int run_metrics(ward_store *st, int64_t id, json_t **out, ward_err *err)
{
    *out = json_object();
    int rc = ward_store_eval_run_get(st, id, NULL, collect, *out, err);
    if (rc) json_decref(*out), *out = NULL;
    return rc;
}

int ward_eval_compare(ward_store *st, int64_t a, int64_t b, double tolerance, json_t **out, ward_err *err)
{
    *out = NULL;
    json_t *ma, *mb;
    int rc = run_metrics(st, a, &ma, err);
    if (rc) return rc;
    if ((rc = run_metrics(st, b, &mb, err))) {
        json_decref(ma);
        return rc;
    }
    json_t *list = json_array();
    long regressions = 0;
    const char *name;
    json_t *va;
    json_object_foreach(ma, name, va) {
        json_t *vb = json_object_get(mb, name);
        if (!vb) continue;
        double x = json_real_value(json_object_get(va, "value")), y = json_real_value(json_object_get(vb, "value"));
        int better = (int)json_integer_value(json_object_get(va, "better"));
        double delta = y - x;
        int regressed = better != 0 && delta * better < -tolerance - 1e-12;
        regressions += regressed;
        json_array_append_new(list, json_pack("{s:s, s:f, s:f, s:f, s:i, s:b}", "name", name, "a", x, "b", y, "delta",
                                              delta, "better", better, "regressed", regressed));
    }
    *out = json_pack("{s:I, s:I, s:f, s:o, s:I}", "a", (json_int_t)a, "b", (json_int_t)b, "tolerance", tolerance,
                     "metrics", list, "regressions", (json_int_t)regressions);
    json_decref(ma), json_decref(mb);
    return WARD_OK;
}
