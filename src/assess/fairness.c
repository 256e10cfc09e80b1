/* fairness.c — `ward eval fairness`: every evaluator's per-item results,
 * broken down by demographic group.
 *
 * Ideas a reader needs:
 *  - Demographics come from the cohort's DIR/patients.jsonl (sex, race,
 *    ethnicity, age at the cohort's date, language, name origin), keyed by
 *    patient id: the truth of who the patient is, not what Ward parsed.
 *  - Items: the tasks (answers, citations, summary evidence, reading grade,
 *    notes' ROUGE-1) from ward_eval_tasks; de-identification (every gold
 *    identifier token, found or not, by PHI type; NAME tokens also by the
 *    name's origin, the pools of `ward synth`); assertions and negations
 *    of the concepts of every note; retrieval recall@10 (BM25) per question.
 *  - A metric is a selection of items (evaluator, metric, optional item
 *    group); it is broken down by each attribute and each pair of them.
 *    De-identification by name origin groups by the token's origin, not the
 *    patient's: a note names clinicians and kin too.
 */
#include "assess_int.h"
#include "ward/fairness.h"
#include "ward/synth.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_BY "sex,race,ethnicity,age_band,language"

ward_fairness_params ward_fairness_default_params(void)
{
    return (ward_fairness_params){.parts = WARD_FAIR_ALL, .by = DEFAULT_BY, .intersections = 1, .counterfactual = 30,
                                  .stats = ward_fair_default_params()};
}

/* What is broken down. by_token: group by the item's own group (the token's
 * name origin) instead of the patient's attributes. per_group: one metric
 * per item group too ("deid_recall.NAME"...). */
static const struct metric_def {
    const char *name, *evaluator, *metric;
    int better, by_token, per_group;
} METRICS[] = {
    {"answer_accuracy", "tasks.ask", "correct", 1, 0, 0},
    {"citation_precision", "tasks.citations", "precision", 1, 0, 0},
    {"summary_recall", "tasks.summary", "recall", 1, 0, 0},
    {"instructions_fk_grade", "tasks.instructions", "fk_grade", -1, 0, 0},
    {"note_rouge1", "tasks.note", "rouge1", 1, 0, 0},
    {"deid_recall", "funnel.deid", "recall", 1, 0, 1},
    {"deid_name_recall_by_origin", "funnel.deid_name", "recall", 1, 1, 0},
    {"assertion_accuracy", "funnel.concepts", "assertion", 1, 0, 0},
    {"assertion_f1", "funnel.concepts", "assertion_f1", 1, 0, 0},
    {"negation_recall", "funnel.concepts", "negation", 1, 0, 0},
    {"negation_f1", "funnel.concepts", "negation_f1", 1, 0, 0},
    {"retrieval_recall@10", "retrieval.bm25", "recall@10", 1, 0, 0},
};

typedef struct fair_run {
    ward_store *st;
    const ward_fairness_params *p;
    ward_err *err;
    json_t *demo;            /* patient id -> {"sex": ..., ...} */
    json_t *keep;            /* patient id -> true: the patients evaluated (NULL: all) */
    ward_eval_items items;
    ward_extractor *ex;
    long notes;
} fair_run;

static void progress(const fair_run *f, const char *what)
{
    if (!f->p->report) return;
    ward_event e = {.kind = WARD_EVENT_PROGRESS, .msg = what};
    f->p->report(f->p->report_ud, &e);
}

/* ---- demographics ---- */

static const char *age_band(json_int_t age)
{
    return age < 18 ? "0-17" : age < 40 ? "18-39" : age < 60 ? "40-59" : age < 80 ? "60-79" : "80+";
}

static int load_demo(fair_run *f, ward_err *err)
{
    ward_buf path;
    ward_buf_init(&path);
    ward_buf_printf(&path, "%s/patients.jsonl", f->p->cohort);
    FILE *fp = fopen(path.data, "r");
    if (!fp) {
        int rc = ward_err_set(err, WARD_EINPUT, "%s: cannot open (is %s a `ward synth` output?)", path.data,
                              f->p->cohort);
        ward_buf_free(&path);
        return rc;
    }
    f->demo = json_object();
    if (f->p->patients > 0) f->keep = json_object();
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    int rc = WARD_OK;
    while (!rc && getline(&line, &cap, fp) > 0) {
        lineno++;
        json_t *o = json_loads(line, 0, NULL);
        const char *id = json_string_value(json_object_get(o, "patient"));
        if (!id) {
            rc = ward_err_set(err, WARD_EINPUT, "%s: line %ld: no \"patient\" id", path.data, lineno);
        } else {
            json_t *d = json_pack("{s:O?, s:O?, s:O?, s:O?, s:O?}", "sex", json_object_get(o, "sex"), "race",
                                  json_object_get(o, "race"), "ethnicity", json_object_get(o, "ethnicity"),
                                  "language", json_object_get(o, "language"), "name_origin",
                                  json_object_get(o, "name_origin"));
            json_t *age = json_object_get(o, "age");
            if (json_is_integer(age)) json_object_set_new(d, "age_band", json_string(age_band(json_integer_value(age))));
            json_object_set_new(f->demo, id, d);
            if (f->keep && (long)json_object_size(f->keep) < f->p->patients) json_object_set_new(f->keep, id, json_true());
        }
        json_decref(o);
    }
    free(line);
    fclose(fp);
    ward_buf_free(&path);
    return rc;
}

static int evaluated(const fair_run *f, const char *patient)
{
    return !f->keep || (patient && json_object_get(f->keep, patient));
}

/* ---- items of the funnel: de-identification and concepts, per note ---- */

typedef struct note_ctx {
    fair_run *f;
    const ward_eval_note *n;
    int rc;
} note_ctx;

static void add_item(note_ctx *c, const char *evaluator, const char *metric, const char *group, double value,
                     double weight, int ok)
{
    if (c->rc) return;
    ward_eval_item it = {.id = (char *)c->n->id, .patient = (char *)c->n->patient, .evaluator = evaluator,
                         .metric = metric, .group = (char *)group, .value = value, .weight = weight, .correct = ok};
    c->rc = ward_eval_items_add(&c->f->items, NULL, &it, c->f->err);
}

static void add(note_ctx *c, const char *evaluator, const char *metric, const char *group, int ok)
{
    add_item(c, evaluator, metric, group, ok, 0, ok);
}

static void add_n(note_ctx *c, const char *evaluator, const char *metric, long ok, long all)
{
    for (long i = 0; i < all; i++) add(c, evaluator, metric, NULL, i < ok);
}

/* An F1 as items: a true positive 2/2, a false positive or negative 0/1,
 * so that sum(value) / sum(weight) = 2tp / (2tp + fp + fn) in any group. */
static void add_f1(note_ctx *c, const char *metric, long tp, long fp, long fn)
{
    for (long i = 0; i < tp; i++) add_item(c, "funnel.concepts", metric, NULL, 2, 2, 1);
    for (long i = 0; i < fp + fn; i++) add_item(c, "funnel.concepts", metric, NULL, 0, 1, 0);
}

static void deid_token(void *ud, const ward_eval_span *g, int type, size_t a, size_t b, int found)
{
    note_ctx *c = ud;
    add(c, "funnel.deid", "recall", ward_phi_type_name(type), found);
    if (type != WARD_PHI_NAME) return;
    /* a hand-tagged origin ({NAME/yoruba:...}) wins over the synth pools */
    const char *origin = g->origin[0] ? g->origin : ward_synth_name_origin(c->n->text + a, b - a);
    add(c, "funnel.deid_name", "recall", origin ? origin : "unknown", found);
}

static int funnel_note(void *state, const ward_eval_note *n, ward_err *err)
{
    fair_run *f = state;
    if (!evaluated(f, n->patient)) return WARD_OK;
    ward_deid_result r;
    int rc = ward_funnel_deid(n->text, n->len, NULL, &r, err);
    if (rc) {
        ward_deid_result_free(&r);
        return rc;
    }
    if (f->p->deid_filter) {     /* a planted blind spot (tests) */
        size_t k = 0;
        for (size_t i = 0; i < r.n; i++)
            if (f->p->deid_filter(f->p->deid_filter_ud, n->text + r.spans[i].start, r.spans[i].end - r.spans[i].start))
                r.spans[k++] = r.spans[i];
        r.n = k;
    }
    unsigned char *pred = assess_deid_coverage(n->len, r.spans, r.n);
    note_ctx c = {f, n, WARD_OK};
    assess_deid_gold_tokens(n, pred, deid_token, &c);
    free(pred);
    ward_deid_result_free(&r);
    json_t *concepts = n->truth ? json_object_get(n->truth, "concepts") : NULL;
    if (f->ex && json_is_array(concepts)) {
        ward_concept_scores s = {0};
        ward_eval_concepts_text(f->ex, n->text, n->len, concepts, ~0u, &s, NULL, NULL);
        add_n(&c, "funnel.concepts", "assertion", s.assert_correct, s.assert_total);
        add_n(&c, "funnel.concepts", "negation", s.neg_tp, s.neg_tp + s.neg_fn);
        add_f1(&c, "assertion_f1", s.assert_tp, s.assert_fp, s.assert_fn);
        add_f1(&c, "negation_f1", s.neg_tp, s.neg_fp, s.neg_fn);
    }
    f->notes++;
    return c.rc;
}

static void *no_init(void) { return NULL; }
static void no_free(void *s) { (void)s; }
static const ward_eval_scorer FUNNEL_ITEMS = {"fairness", no_init, funnel_note, NULL, NULL, no_free};

/* ---- items of the tasks and of retrieval ---- */

static int task_items(fair_run *f)
{
    ward_eval_tasks_params tp = ward_eval_tasks_default_params();
    tp.cohort = f->p->cohort;
    tp.patients = f->p->patients;
    tp.report = f->p->report, tp.report_ud = f->p->report_ud;
    ward_eval_tasks_result r;
    int rc = ward_eval_tasks(f->st, &tp, &r, f->err);
    if (!rc) {      /* take the items over */
        ward_eval_items *it = &r.items;
        for (size_t i = 0; i < it->n; i++) {
            f->items.v = ward_xrealloc(f->items.v, (f->items.n + 1) * sizeof *f->items.v);
            f->items.v[f->items.n++] = it->v[i];
        }
        free(it->v);
        memset(it, 0, sizeof *it);
    }
    ward_eval_tasks_result_free(&r);
    return rc;
}

static int retrieval_items(fair_run *f)
{
    ward_eval_set set;
    int rc = ward_eval_load_cohort(f->st, f->p->cohort, &set, f->err);
    if (rc) return rc;
    ward_eval_set kept = {0};   /* the evaluated patients' questions, borrowed */
    kept.v = ward_xcalloc(set.n ? set.n : 1, sizeof *kept.v);
    for (size_t i = 0; i < set.n; i++)
        if (evaluated(f, set.v[i].patient)) kept.v[kept.n++] = set.v[i];
    ward_search_params sp = ward_search_default_params();
    sp.mode = WARD_SEARCH_BM25;
    ward_eval_metrics m;
    ward_eval_items items = {0};
    rc = ward_eval_retrieval(f->st, &kept, &sp, &m, &items, f->err);
    for (size_t i = 0; !rc && i < items.n; i++) {
        if (strcmp(items.v[i].metric, "recall@10")) continue;
        items.v[i].evaluator = "retrieval.bm25";
        rc = ward_eval_items_add(&f->items, NULL, &items.v[i], f->err);
    }
    ward_eval_items_free(&items);
    free(kept.v);
    ward_eval_set_free(&set);
    return rc;
}

/* ---- breakdowns ---- */

/* The attribute's value for an item ("a+b" joins two with " & "). */
static char *attr_value(const ward_eval_item *it, json_t *demo, const char *attr)
{
    const char *plus = strchr(attr, '+');
    if (plus) {
        char first[64];
        snprintf(first, sizeof first, "%.*s", (int)(plus - attr), attr);
        char *a = attr_value(it, demo, first), *b = a ? attr_value(it, demo, plus + 1) : NULL;
        char *v = NULL;
        if (a && b) {
            ward_buf buf;
            ward_buf_init(&buf);
            ward_buf_printf(&buf, "%s & %s", a, b);
            v = ward_buf_steal(&buf);
        }
        free(a), free(b);
        return v;
    }
    if (!strcmp(attr, "token_origin")) return it->group ? ward_xstrdup(it->group) : NULL;
    json_t *d = it->patient && demo ? json_object_get(demo, it->patient) : NULL;
    const char *v = json_string_value(json_object_get(d, attr));
    if (!v && !d) {      /* not in the cohort's list: what the store knows */
        if (!strcmp(attr, "sex")) v = it->demo.sex;
        else if (!strcmp(attr, "race")) v = it->demo.race;
        else if (!strcmp(attr, "ethnicity")) v = it->demo.ethnicity;
    }
    return v && *v ? ward_xstrdup(v) : NULL;
}

static json_t *group_json(const ward_fair_group *g)
{
    return json_pack("{s:s, s:I, s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:b, s:b, s:b}", "name", g->name, "n",
                     (json_int_t)g->n, "patients", (json_int_t)g->clusters, "value", g->value, "lo", g->lo, "hi",
                     g->hi, "diff", g->diff, "ratio", g->ratio, "diff_lo", g->diff_lo, "diff_hi", g->diff_hi, "best",
                     g->best, "small", g->small, "flagged", g->flagged);
}

static int matches(const ward_eval_item *it, const char *evaluator, const char *metric, const char *sub)
{
    return !it->failed && !strcmp(it->evaluator, evaluator) && !strcmp(it->metric, metric) &&
           (!sub || (it->group && !strcmp(it->group, sub)));
}

/* One breakdown of the selected items (sel[0..n)) by attr into by[attr]. */
static int breakdown(const ward_eval_item *const *sel, size_t n, json_t *demo, const char *attr,
                     const ward_fair_params *sp, json_t *by, ward_err *err)
{
    ward_fair_obs *obs = ward_xcalloc(n ? n : 1, sizeof *obs);
    char **labels = ward_xcalloc(n ? n : 1, sizeof *labels);
    for (size_t i = 0; i < n; i++) {
        labels[i] = attr_value(sel[i], demo, attr);
        obs[i] = (ward_fair_obs){sel[i]->patient, labels[i], sel[i]->value, sel[i]->weight};
    }
    ward_fair_breakdown b;
    int rc = ward_fair_breakdown_run(obs, n, sp, &b, err);
    if (!rc) {
        json_t *groups = json_array();
        for (size_t i = 0; i < b.n; i++) json_array_append_new(groups, group_json(&b.v[i]));
        json_object_set_new(by, attr, json_pack("{s:o, s:f, s:f, s:i}", "groups", groups, "max_diff", b.max_diff,
                                                "min_ratio", b.min_ratio, "flags", b.flags));
    }
    ward_fair_breakdown_free(&b);
    for (size_t i = 0; i < n; i++) free(labels[i]);
    free(labels);
    free(obs);
    return rc;
}

/* The attributes to break down by: each of p->by, then each pair. */
static json_t *attributes(const ward_fairness_params *p)
{
    json_t *a = json_array();
    const char *s = p->by && *p->by ? p->by : DEFAULT_BY;
    while (*s) {
        size_t n = strcspn(s, ",");
        if (n) json_array_append_new(a, json_stringn(s, n));
        s += n + (s[n] == ',');
    }
    size_t single = json_array_size(a);
    for (size_t i = 0; p->intersections && i < single; i++)
        for (size_t k = i + 1; k < single; k++) {
            ward_buf b;
            ward_buf_init(&b);
            ward_buf_printf(&b, "%s+%s", json_string_value(json_array_get(a, i)), json_string_value(json_array_get(a, k)));
            json_array_append_new(a, json_string(b.data));
            ward_buf_free(&b);
        }
    return a;
}

json_t *ward_fairness_metric(const ward_eval_items *items, const char *evaluator, const char *metric, const char *sub,
                             json_t *demo, const ward_fairness_params *p, ward_err *err)
{
    /* the metric's items, selected once for every attribute */
    const ward_eval_item **sel = ward_xcalloc(items->n ? items->n : 1, sizeof *sel);
    size_t n = 0;
    double sum = 0, weight = 0;
    for (size_t i = 0; i < items->n; i++)
        if (matches(&items->v[i], evaluator, metric, sub)) {
            const ward_eval_item *it = &items->v[i];
            sum += it->value, weight += it->weight != 0 ? it->weight : 1, sel[n++] = it;
        }
    json_t *attrs = attributes(p), *by = json_object(), *v;
    size_t i;
    int rc = WARD_OK;
    json_array_foreach(attrs, i, v) {
        if (!rc) rc = breakdown(sel, n, demo, json_string_value(v), &p->stats, by, err);
    }
    json_decref(attrs);
    free(sel);
    if (rc) {
        json_decref(by);
        return NULL;
    }
    return json_pack("{s:s, s:s, s:s?, s:i, s:f, s:I, s:o}", "evaluator", evaluator, "metric", metric, "group", sub,
                     "better", p->stats.better, "overall", weight != 0 ? sum / weight : 0, "n", (json_int_t)n, "by", by);
}

/* Collects the flags of a metric into the report's list. */
static void collect_flags(json_t *m, json_t *flags)
{
    const char *attr;
    json_t *b;
    json_object_foreach(json_object_get(m, "by"), attr, b) {
        size_t i;
        json_t *g;
        json_array_foreach(json_object_get(b, "groups"), i, g) {
            if (!json_is_true(json_object_get(g, "flagged"))) continue;
            json_array_append_new(flags, json_pack("{s:O, s:s, s:O, s:O, s:O, s:O, s:O, s:O}", "metric",
                json_object_get(m, "name"), "attribute", attr, "group", json_object_get(g, "name"), "value",
                json_object_get(g, "value"), "n", json_object_get(g, "n"), "diff", json_object_get(g, "diff"),
                "diff_lo", json_object_get(g, "diff_lo"), "diff_hi", json_object_get(g, "diff_hi")));
        }
    }
}

static int add_metric(fair_run *f, const struct metric_def *d, const char *sub, json_t *metrics, json_t *flags)
{
    ward_fairness_params p = *f->p;
    p.stats.better = d->better;
    if (d->by_token) p.by = "token_origin", p.intersections = 0;
    json_t *m = ward_fairness_metric(&f->items, d->evaluator, d->metric, sub, f->demo, &p, f->err);
    if (!m) return f->err->code ? f->err->code : WARD_EIO;
    if (!json_integer_value(json_object_get(m, "n"))) {
        json_decref(m);
        return WARD_OK;
    }
    ward_buf name;
    ward_buf_init(&name);
    ward_buf_printf(&name, "%s%s%s", d->name, sub ? "." : "", sub ? sub : "");
    json_object_set_new(m, "name", json_string(name.data));
    ward_buf_free(&name);
    collect_flags(m, flags);
    json_array_append_new(metrics, m);
    return WARD_OK;
}

static int all_metrics(fair_run *f, json_t *metrics, json_t *flags)
{
    int rc = WARD_OK;
    for (size_t i = 0; !rc && i < sizeof METRICS / sizeof *METRICS; i++) {
        const struct metric_def *d = &METRICS[i];
        rc = add_metric(f, d, NULL, metrics, flags);
        if (!d->per_group) continue;
        json_t *seen = json_object();
        for (size_t k = 0; !rc && k < f->items.n; k++) {
            const ward_eval_item *it = &f->items.v[k];
            if (!it->group || !matches(it, d->evaluator, d->metric, NULL) || json_object_get(seen, it->group)) continue;
            json_object_set_new(seen, it->group, json_true());
            rc = add_metric(f, d, it->group, metrics, flags);
        }
        json_decref(seen);
    }
    return rc;
}

int ward_fairness_run(ward_store *st, const ward_fairness_params *p, json_t **out, ward_err *err)
{
    *out = NULL;
    fair_run f = {.st = st, .p = p, .err = err};
    int rc = load_demo(&f, err);
    if (!rc && (p->parts & WARD_FAIR_TASKS)) {
        progress(&f, "tasks");
        rc = task_items(&f);
    }
    if (!rc && (p->parts & WARD_FAIR_FUNNEL)) {
        progress(&f, "de-identification and concepts");
        ward_extractor_new(NULL, &f.ex, NULL);   /* built-in rules cannot fail */
        rc = assess_funnel_cohort_using(p->cohort, &FUNNEL_ITEMS, &f, &(long){0}, err);
    }
    if (!rc && (p->parts & WARD_FAIR_RETRIEVAL)) {
        progress(&f, "retrieval");
        rc = retrieval_items(&f);
    }
    json_t *metrics = json_array(), *flags = json_array(), *cf = NULL;
    if (!rc) {
        progress(&f, "breakdowns");
        rc = all_metrics(&f, metrics, flags);
    }
    if (!rc && p->counterfactual > 0) {
        progress(&f, "counterfactual swaps");
        rc = ward_fair_counterfactual(st, p->llm, p->cohort, p->counterfactual, &cf, err);
    }
    if (!rc) {
        json_t *attrs = attributes(p);
        *out = json_pack("{s:s, s:I, s:I, s:o, s:{s:i, s:I, s:f, s:I}, s:o, s:o, s:o}", "cohort", p->cohort,
                         "patients", (json_int_t)(f.keep ? json_object_size(f.keep) : json_object_size(f.demo)),
                         "notes", (json_int_t)f.notes, "attributes", attrs, "params", "replicates",
                         p->stats.replicates, "seed", (json_int_t)p->stats.seed, "threshold", p->stats.threshold,
                         "min_n", (json_int_t)p->stats.min_n, "metrics", metrics, "flags", flags,
                         "counterfactual", cf ? cf : json_null());
    } else {
        json_decref(metrics), json_decref(flags), json_decref(cf);
    }
    ward_extractor_free(f.ex);
    ward_eval_items_free(&f.items);
    json_decref(f.demo), json_decref(f.keep);
    return rc;
}
