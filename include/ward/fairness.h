/* fairness.h — bias audits and evaluation history (src/assess/fair_*.c,
 * src/assess/eval_history.c).
 *
 * A fairness breakdown takes observations (one scored item: the patient it
 * belongs to, its value, its group) and reports, per group: the value, n,
 * a 95% bootstrap interval, and the difference and ratio to the best group
 * (as Fairlearn's MetricFrame does). A group is flagged when its distance
 * to the best group is beyond a threshold and the bootstrap interval of
 * that difference excludes zero.
 *
 * The bootstrap resamples patients, not items, within each group: a
 * patient's items (the tokens of their notes, their questions) are not
 * independent, and resampling them one by one would make intervals too
 * narrow. Resampling uses a fixed seed, so a report is reproducible.
 *
 * `ward eval fairness` runs every evaluator on a generated cohort, keeps
 * the per-item results, groups them by the patients' sex, race, ethnicity,
 * age band and language (and by intersections of two), and writes JSON,
 * Markdown and HTML (inline SVG bars with intervals).
 */
#ifndef WARD_FAIRNESS_H
#define WARD_FAIRNESS_H

#include "ward/assess.h"
#include "ward/core.h"
#include "ward/store.h"

struct json_t;

/* ---- the statistics (src/assess/fair_stats.c) ---- */

typedef struct ward_fair_obs {
    const char *cluster;     /* the patient (resampling unit); NULL: the item alone */
    const char *group;       /* the group label; NULL: left out */
    double value;            /* 1/0 for right/wrong, or a score */
    double weight;           /* its share of the denominator (0 counts as 1): a group's value is
                                sum(value) / sum(weight), the mean for weights 1, an F1 for items
                                of value 2*tp and weight 2*tp + fp + fn */
} ward_fair_obs;

typedef struct ward_fair_params {
    int replicates;          /* bootstrap replicates (default 1000) */
    uint64_t seed;           /* default 20261206 */
    double threshold;        /* flag when |difference to best| > threshold (default 0.05) */
    long min_n;              /* groups with fewer items are reported, never best nor flagged (default 30) */
    int better;              /* 1: higher is better (default); -1: lower is */
} ward_fair_params;

ward_fair_params ward_fair_default_params(void);

typedef struct ward_fair_group {
    char *name;
    long n, clusters;        /* items and patients */
    double value, lo, hi;    /* sum(value) / sum(weight) (the mean) and its 95% bootstrap interval */
    double diff, ratio;      /* value - best, value / best (0 when best is 0) */
    double diff_lo, diff_hi; /* 95% bootstrap interval of diff */
    int best, small, flagged;
} ward_fair_group;

typedef struct ward_fair_breakdown {
    ward_fair_group *v;      /* sorted by name */
    size_t n;
    double overall;
    long items;
    double max_diff, min_ratio;  /* between groups eligible as best (Fairlearn's difference() and ratio()) */
    int flags;
} ward_fair_breakdown;

/* Groups obs by label and computes everything above. */
int ward_fair_breakdown_run(const ward_fair_obs *obs, size_t n, const ward_fair_params *p,
                            ward_fair_breakdown *out, ward_err *err);
void ward_fair_breakdown_free(ward_fair_breakdown *b);
/* The 2.5% and 97.5% percentile interval of v (sorted in place). */
void ward_fair_percentiles(double *v, size_t n, double *lo, double *hi);

/* ---- the audit (src/assess/fairness.c) ---- */

/* A name-origin blind spot for tests: called with each predicted
 * de-identification span's text; return 0 to drop the span. */
typedef int (*ward_fair_span_filter)(void *ud, const char *text, size_t len);

enum { WARD_FAIR_TASKS = 1, WARD_FAIR_FUNNEL = 2, WARD_FAIR_RETRIEVAL = 4, WARD_FAIR_ALL = 7 };

typedef struct ward_fairness_params {
    const char *cohort;
    unsigned parts;              /* WARD_FAIR_* evaluators to run (default all) */          /* `ward synth` output, already ingested into the store */
    const char *by;              /* comma-separated attributes (default "sex,race,ethnicity,age_band,language") */
    int intersections;           /* also every pair of attributes (default 1) */
    long patients;               /* the first N patients only (0: all) */
    int counterfactual;          /* patients in the counterfactual swap test (default 30; 0: none) */
    ward_fair_params stats;
    struct ward_llm *llm;        /* the counterfactual's backend (NULL: extractive) */
    ward_fair_span_filter deid_filter; /* tests only */
    void *deid_filter_ud;
    ward_report_fn report;       /* progress and warnings, or NULL */
    void *report_ud;
} ward_fairness_params;

ward_fairness_params ward_fairness_default_params(void);

/* Runs the evaluators and the breakdowns. *out is a new JSON object:
 * {"cohort", "patients", "attributes", "params",
 *  "metrics": [{"name", "evaluator", "metric", "better", "overall", "n",
 *               "by": {attr: {"groups": [...], "max_diff", "min_ratio", "flags"}}}],
 *  "flags": [{"metric", "attribute", "group", "value", "diff", "diff_lo", "diff_hi"}],
 *  "counterfactual": {...}}. */
int ward_fairness_run(ward_store *st, const ward_fairness_params *p, struct json_t **out, ward_err *err);

/* Breaks one metric's items down by every attribute of p (used by the run
 * and by tests): items whose evaluator and metric match; attribute values
 * come from demo (patient id -> {"sex", "race", ...}) or the item. */
struct json_t *ward_fairness_metric(const ward_eval_items *items, const char *evaluator, const char *metric,
                                    const char *sub, struct json_t *demo, const ward_fairness_params *p,
                                    ward_err *err);

/* ---- counterfactual swaps (src/assess/fair_swap.c) ---- */

/* Swaps sex, race, ethnicity and name of up to n patients of the store (in
 * a savepoint, rolled back) and of their visit transcripts, runs every task
 * before and after, and reports how often the substance of the output
 * changes once the swapped tokens are masked:
 * {"patients", "outputs", "changed", "flip_rate", "by_task": {...}}. */
int ward_fair_counterfactual(ward_store *st, struct ward_llm *llm, const char *cohort, int n, struct json_t **out,
                             ward_err *err);
/* Do a and b say the same once the words of mask (names, sex and race words)
 * are taken out? Numbers, facts and recommendations must match exactly. */
int ward_fair_same_substance(const char *a, const char *b, const char *const *mask, size_t nmask);

/* ---- reports (src/assess/fair_report.c) ---- */

/* Markdown and self-contained HTML (inline SVG bars with intervals). The
 * caller frees the strings. */
char *ward_fairness_markdown(struct json_t *report);
char *ward_fairness_html(struct json_t *report);
/* One SVG chart: a metric's groups for one attribute. */
char *ward_fairness_svg(struct json_t *metric, const char *attribute);

/* ---- history and gates (src/assess/eval_history.c) ---- */

typedef struct ward_eval_record {
    const char *command;     /* "eval tasks", "eval fairness"... */
    const char *backend, *model;
    const char *config;      /* JSON text or NULL */
    const char *cohort;
    long long cohort_seed;   /* -1: unknown */
} ward_eval_record;

/* Stores a run and every number of its report, flattened: {"a": {"b": 0.9}}
 * is metric "a.b". Metric names ending in a lower-is-better word (grade,
 * failures, rate of change, diff) are stored with better = -1; counts ("n",
 * "items", "patients"...) with better = 0. *id gets the run's id. */
int ward_eval_record_run(ward_store *st, const ward_eval_record *r, struct json_t *report, int64_t *id,
                         ward_err *err);
/* The cohort seed a `ward synth` directory was made with (DIR/synth.json),
 * or -1. */
long long ward_eval_cohort_seed(const char *cohort);

/* Compares run b against run a: {"a", "b", "metrics": [{"name", "a", "b",
 * "delta", "better", "regressed"}], "regressions": N}. A metric regresses
 * when it moves against its better direction by more than tolerance. */
int ward_eval_compare(ward_store *st, int64_t a, int64_t b, double tolerance, struct json_t **out, ward_err *err);

#endif
