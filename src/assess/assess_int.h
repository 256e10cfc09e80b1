/* assess_int.h — what the task evaluation's files share (private). */
#ifndef WARD_ASSESS_INT_H
#define WARD_ASSESS_INT_H

#include "ward/assess.h"
#include "ward/orchestrate.h"

#include <jansson.h>

typedef struct patient_truth {
    char *id;
    json_t *evidence;        /* "Type/id" -> true: what summarize should cite */
    json_t *reactions;       /* the patient's allergy reactions (lowercase), read when needed */
} patient_truth;

typedef struct tasks_run {
    ward_store *st;
    const ward_eval_tasks_params *p;
    ward_eval_tasks_result *r;
    ward_err *err;
    patient_truth *pts;
    size_t npts;
    ward_extractor *ex;      /* for naming problems by concept (eval_chart.c), opened when needed */
} tasks_run;

/* The patient's truth (added when add and absent; else NULL when absent). */
patient_truth *assess_truth_for(tasks_run *t, const char *id, int add);
/* Adds an item when the run keeps items. */
int assess_item(tasks_run *t, const ward_eval_item *it);

/* eval_chart.c: the reconciled-chart checks on one summary result. */
int assess_chart_checks(tasks_run *t, patient_truth *pt, json_t *summary);
void assess_chart_done(tasks_run *t);
/* eval_literature.c: the cohort's literature questions, when it has them. */
int assess_literature(tasks_run *t);

#endif
