/* monitor.c — `ward monitor`: how Ward does in real use, from what is
 * already stored.
 *
 * Ideas a reader needs:
 *  - Drafts are grouped by task, backend, model and period (the first
 *    `period` characters of created_at: a month by default). Rates are over
 *    reviewed drafts; the edit distance is over edited ones: word-level
 *    Levenshtein between the draft and the final text over the longer's
 *    length, so 0.1 is "a tenth of the words changed".
 *  - The guard's record (verification) says how many sentences a task wrote
 *    and how many it dropped as unsupported; an answer that is "Not found
 *    in the record." is counted apart: a rise means the record or retrieval
 *    fails clinicians more often.
 *  - Input drift is the share of what was ingested that Ward did not
 *    recognise (src/store/monitor_q.c).
 */
#include "ward/oversight.h"
#include "ward/store_eval.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

ward_monitor_params ward_monitor_default_params(void)
{
    return (ward_monitor_params){.period = 7};
}

/* ---- edit distance ---- */

typedef struct words {
    const char **w;
    size_t *len, n;
} words;

static words split(const char *s)
{
    words r = {0};
    for (const char *p = s ? s : ""; *p;) {
        while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++;
        if (!*p) break;
        const char *a = p;
        while (*p && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') p++;
        r.w = ward_xrealloc(r.w, (r.n + 1) * sizeof *r.w);
        r.len = ward_xrealloc(r.len, (r.n + 1) * sizeof *r.len);
        r.w[r.n] = a, r.len[r.n++] = (size_t)(p - a);
    }
    return r;
}

double ward_edit_distance_norm(const char *a, const char *b)
{
    words x = split(a), y = split(b);
    size_t m = x.n > y.n ? x.n : y.n;
    double out = 0;
    if (m) {
        size_t *prev = ward_xcalloc(y.n + 1, sizeof *prev), *cur = ward_xcalloc(y.n + 1, sizeof *cur);
        for (size_t j = 0; j <= y.n; j++) prev[j] = j;
        for (size_t i = 1; i <= x.n; i++) {
            cur[0] = i;
            for (size_t j = 1; j <= y.n; j++) {
                int same = x.len[i - 1] == y.len[j - 1] && !memcmp(x.w[i - 1], y.w[j - 1], x.len[i - 1]);
                size_t best = prev[j - 1] + !same;
                if (prev[j] + 1 < best) best = prev[j] + 1;
                if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
                cur[j] = best;
            }
            size_t *t = prev;
            prev = cur, cur = t;
        }
        out = (double)prev[y.n] / (double)m;
        free(prev), free(cur);
    }
    free(x.w), free(x.len), free(y.w), free(y.len);
    return out;
}

/* ---- drafts ---- */

typedef struct mon {
    const ward_monitor_params *p;
    json_t *groups;          /* "task|backend|model|period" -> counters */
    json_t *all;
} mon;

static void bump(json_t *o, const char *k, double by)
{
    json_object_set_new(o, k, json_real(json_number_value(json_object_get(o, k)) + by));
}

static void count_draft(json_t *g, const ward_draft_row *d)
{
    bump(g, "drafts", 1);
    if (strcmp(d->status ? d->status : "draft", "draft")) bump(g, "reviewed", 1);
    if (d->status && !strcmp(d->status, "approved")) bump(g, "approved", 1);
    if (d->status && !strcmp(d->status, "rejected")) bump(g, "rejected", 1);
    if (d->status && !strcmp(d->status, "edited")) {
        bump(g, "edited", 1);
        bump(g, "edit_distance_sum", ward_edit_distance_norm(d->output, d->final_text));
    }
    json_t *v = d->verification ? json_loads(d->verification, 0, NULL) : NULL;
    bump(g, "sentences", (double)json_integer_value(json_object_get(v, "sentences")));
    bump(g, "dropped", (double)json_integer_value(json_object_get(v, "dropped")));
    json_decref(v);
    if (d->task && !strcmp(d->task, "ask")) {
        bump(g, "asked", 1);
        if (d->output && !strncmp(d->output, "Not found in the record", 23)) bump(g, "not_found", 1);
    }
}

static int each_draft(void *ud, const ward_draft_row *d)
{
    mon *m = ud;
    if (m->p->since && d->created_at && strcmp(d->created_at, m->p->since) < 0) return 0;
    char key[512];
    int per = m->p->period >= 0 && m->p->period < 20 ? m->p->period : 7;   /* 0: no period */
    snprintf(key, sizeof key, "%s|%s|%s|%.*s", d->task ? d->task : "", d->backend ? d->backend : "",
             d->model ? d->model : "", per, d->created_at ? d->created_at : "");
    json_t *g = json_object_get(m->groups, key);
    if (!g) {
        g = json_pack("{s:s, s:s, s:s?, s:s%}", "task", d->task ? d->task : "", "backend", d->backend ? d->backend : "",
                      "model", d->model, "period", d->created_at ? d->created_at : "", (size_t)(d->created_at ? per : 0));
        json_object_set_new(m->groups, key, g);
    }
    count_draft(g, d);
    count_draft(m->all, d);
    return 0;
}

static double share(json_t *o, const char *a, const char *b)
{
    double d = json_number_value(json_object_get(o, b));
    return d > 0 ? json_number_value(json_object_get(o, a)) / d : 0;
}

/* Rates from the counters; counts become integers. */
static void finish(json_t *g)
{
    static const char *const counts[] = {"drafts", "reviewed", "approved", "edited", "rejected", "sentences",
                                         "dropped", "asked", "not_found"};
    json_t *r = json_pack("{s:f, s:f, s:f, s:f, s:f, s:f}", "approval_rate", share(g, "approved", "reviewed"),
                          "edit_rate", share(g, "edited", "reviewed"), "rejection_rate", share(g, "rejected", "reviewed"),
                          "edit_distance", share(g, "edit_distance_sum", "edited"), "unsupported_drop_rate",
                          share(g, "dropped", "sentences"), "not_found_rate", share(g, "not_found", "asked"));
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++)
        json_object_set_new(g, counts[i], json_integer((json_int_t)json_number_value(json_object_get(g, counts[i]))));
    json_object_del(g, "edit_distance_sum");
    json_object_update(g, r);
    json_decref(r);
}

static json_t *drift_json(const ward_drift_counts *c)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:f, s:f, s:f}", "documents", (json_int_t)c->documents, "note_chunks",
                     (json_int_t)c->chunks, "coded_records", (json_int_t)c->coded, "numeric_observations",
                     (json_int_t)c->valued, "unrecognised_section_share",
                     c->chunks ? (double)c->chunks_no_section / (double)c->chunks : 0, "unknown_code_system_share",
                     c->coded ? (double)c->coded_unknown / (double)c->coded : 0, "missing_unit_share",
                     c->valued ? (double)c->valued_no_unit / (double)c->valued : 0);
}

int ward_monitor(ward_store *st, const ward_monitor_params *p, json_t **out, ward_err *err)
{
    *out = NULL;
    mon m = {p, json_object(), json_object()};
    int rc = ward_store_drafts_each(st, NULL, NULL, NULL, INT_MAX, each_draft, &m, err);
    ward_drift_counts dc;
    if (!rc) rc = ward_store_drift_counts(st, p->since, &dc, err);
    if (rc) {
        json_decref(m.groups), json_decref(m.all);
        ward_err_prefix(err, "monitor");
        return rc;
    }
    json_t *by = json_array(), *g;
    const char *k;
    json_object_foreach(m.groups, k, g) {
        finish(g);
        json_array_append(by, g);
    }
    finish(m.all);
    *out = json_pack("{s:s?, s:o, s:o, s:o}", "since", p->since, "drafts", m.all, "by", by, "input", drift_json(&dc));
    json_decref(m.groups);
    return WARD_OK;
}

/* ---- /metrics ---- */

/* A label value: names of tasks, backends and model files; anything that
 * would break the exposition format is left out. */
static const char *label(json_t *v)
{
    const char *s = json_string_value(v);
    return s && !strpbrk(s, "\"\\\n") ? s : "";
}

int ward_monitor_metrics(ward_store *st, ward_buf *out, ward_err *err)
{
    ward_monitor_params p = ward_monitor_default_params();
    p.period = 0;
    json_t *r;
    int rc = ward_monitor(st, &p, &r, err);
    if (rc) return rc;
    static const char *const rates[] = {"approval_rate", "edit_rate", "rejection_rate", "edit_distance",
                                        "unsupported_drop_rate", "not_found_rate"};
    for (size_t i = 0; i < sizeof rates / sizeof *rates; i++) {
        ward_buf_printf(out, "# TYPE ward_monitor_%s gauge\n", rates[i]);
        size_t k;
        json_t *g;
        json_array_foreach(json_object_get(r, "by"), k, g)
            ward_buf_printf(out, "ward_monitor_%s{task=\"%s\",backend=\"%s\",model=\"%s\"} %g\n", rates[i],
                            label(json_object_get(g, "task")), label(json_object_get(g, "backend")),
                            label(json_object_get(g, "model")), json_number_value(json_object_get(g, rates[i])));
    }
    json_t *in = json_object_get(r, "input");
    const char *k;
    json_t *v;
    json_object_foreach(in, k, v)
        if (strstr(k, "share")) ward_buf_printf(out, "# TYPE ward_monitor_input_%s gauge\nward_monitor_input_%s %g\n", k, k,
                                                json_number_value(v));
    json_decref(r);
    return WARD_OK;
}
