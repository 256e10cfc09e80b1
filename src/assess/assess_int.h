/* assess_int.h — what the task evaluation's files share (private). */
#ifndef WARD_ASSESS_INT_H
#define WARD_ASSESS_INT_H

#include "ward/assess.h"
#include "ward/orchestrate.h"

#include <jansson.h>
#include <stdio.h>

typedef struct patient_truth {
    char *id;
    json_t *evidence;        /* "Type/id" -> true: what summarize should cite */
    json_t *reactions;       /* the patient's allergy reactions (lowercase), read when needed */
    long allergies;          /* the allergies its FHIR bundle records (read with reactions) */
} patient_truth;

typedef struct tasks_run {
    ward_store *st;
    const ward_eval_tasks_params *p;
    ward_eval_tasks_result *r;
    ward_err *err;
    patient_truth *pts;
    size_t npts;
    ward_extractor *ex;      /* for naming problems by concept (eval_chart.c), opened when needed */
    const char *questions;   /* the questions file being read (for warnings) */
    ward_orch_cache *cache;  /* the chart lists of the patient last run (the store is fixed meanwhile) */
} tasks_run;

/* The patient's truth (added when add and absent; else NULL when absent). */
patient_truth *assess_truth_for(tasks_run *t, const char *id, int add);
/* Adds an item when the run keeps items. */
int assess_item(tasks_run *t, const ward_eval_item *it);

/* eval_chart.c: the reconciled-chart checks on one summary result. */
int assess_chart_checks(tasks_run *t, patient_truth *pt, json_t *summary);
void assess_chart_done(tasks_run *t);
/* Calls fn with each line of a JSONL file, parsed (NULL when it is not
 * JSON), and its number; stops at the first nonzero return. */
int assess_jsonl_each(FILE *f, int (*fn)(tasks_run *t, json_t *rec, long lineno), tasks_run *t);
/* eval_literature.c: the cohort's literature questions, when it has them. */
int assess_literature(tasks_run *t);

/* eval_tasks.c: a task result's supported lines (what the drop policy
 * shows), one a line, without citation markers (free it). */
char *assess_kept_text(json_t *res);

/* eval_deid.c: bytes of a text covered by spans (cover[i] = 1; free it),
 * and every gold identifier token of a note (runs of letters and digits
 * inside its PHI spans: span g, its type) with whether pred covers it
 * entirely. */
unsigned char *assess_deid_coverage(size_t len, const ward_phi_span *s, size_t n);
typedef void (*assess_token_fn)(void *ud, const ward_eval_span *g, int type, size_t start, size_t end, int found);
void assess_deid_gold_tokens(const ward_eval_note *n, const unsigned char *pred, assess_token_fn fn, void *ud);

/* eval_funnel.c: runs one scorer, with a state the caller made and frees,
 * over a cohort's notes; *notes gets how many were scored. */
int assess_funnel_cohort_using(const char *dir, const ward_eval_scorer *sc, void *state, long *notes, ward_err *err);

#endif
