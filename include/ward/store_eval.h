/* store_eval.h — the store's evaluation history (eval_runs, eval_metrics;
 * src/store/eval_runs_q.c) and the counts monitoring reads (monitor_q.c).
 * Part of the store API (include/ward/store.h), kept apart so the history
 * can grow without touching the core store header. */
#ifndef WARD_STORE_EVAL_H
#define WARD_STORE_EVAL_H

#include "ward/store.h"

typedef struct ward_eval_run_row {
    int64_t id;
    const char *ts;           /* set by the store on insert */
    const char *command;      /* "eval tasks", "eval fairness"... */
    const char *version;      /* Ward's version */
    const char *backend, *model;
    const char *config;       /* JSON text */
    const char *cohort;
    long long cohort_seed;    /* -1: unknown */
} ward_eval_run_row;

typedef struct ward_eval_metric_row {
    const char *name;
    double value;
    long long n;              /* -1: none */
    double lo, hi;            /* NAN: no interval */
    int better;               /* 1 higher is better, -1 lower, 0 neither */
} ward_eval_metric_row;

/* Adds a run and its metrics in one transaction; *id gets the run's id. */
int ward_store_eval_run_add(ward_store *st, const ward_eval_run_row *r, const ward_eval_metric_row *m, size_t nm,
                            int64_t *id, ward_err *err);

typedef int (*ward_eval_run_fn)(void *ud, const ward_eval_run_row *r, const ward_eval_metric_row *m);
/* Runs, newest first (limit <= 0: all). With metric, only runs that have it,
 * and m is that metric; else m is NULL. */
int ward_store_eval_runs_each(ward_store *st, const char *metric, int limit, ward_eval_run_fn fn, void *ud,
                              ward_err *err);
/* One run (WARD_ENOTFOUND when absent) and its metrics in name order. */
typedef int (*ward_eval_metric_fn)(void *ud, const ward_eval_metric_row *m);
int ward_store_eval_run_get(ward_store *st, int64_t id, ward_eval_run_fn run_fn, ward_eval_metric_fn fn, void *ud,
                            ward_err *err);
/* The newest run of command (0 when none). */
int ward_store_eval_latest(ward_store *st, const char *command, int64_t *id, ward_err *err);

/* ---- what monitoring counts (src/store/monitor_q.c) ---- */

typedef struct ward_drift_counts {
    long long chunks, chunks_no_section;       /* note chunks; those in no recognised section */
    long long coded, coded_unknown;            /* coded resources; codes in no known system */
    long long valued, valued_no_unit;          /* observations with a number; those with no unit */
    long long documents;
} ward_drift_counts;
/* Counts over the records added on or after since (YYYY-MM-DD, NULL: all). */
int ward_store_drift_counts(ward_store *st, const char *since, ward_drift_counts *out, ward_err *err);

#endif
