/* eval_runs_q.c — the evaluation history: eval_runs and eval_metrics
 * (schema v5). A run and its metrics are written in one transaction, so a
 * history never holds half a run. */
#include "store_int.h"
#include "ward/store_eval.h"

#include <math.h>

static int add_metrics(ward_store *st, int64_t run, const ward_eval_metric_row *m, size_t nm, ward_err *err)
{
    store_stmt *s = store_cached(st,
        "INSERT INTO eval_metrics(run_id, name, value, n, lo, hi, better) VALUES(?,?,?,?,?,?,?)"
        " ON CONFLICT(run_id, name) DO UPDATE SET value = excluded.value, n = excluded.n, lo = excluded.lo,"
        " hi = excluded.hi, better = excluded.better", err);
    if (!s) return WARD_EIO;
    for (size_t i = 0; i < nm; i++) {
        store_bind_int64(s, 1, run);
        store_bind_text(s, 2, m[i].name);
        if (isfinite(m[i].value)) store_bind_double(s, 3, m[i].value);
        if (m[i].n >= 0) store_bind_int64(s, 4, m[i].n);
        if (isfinite(m[i].lo)) store_bind_double(s, 5, m[i].lo);
        if (isfinite(m[i].hi)) store_bind_double(s, 6, m[i].hi);
        store_bind_int64(s, 7, m[i].better);
        int rc = store_step_done(st, s, err);
        if (rc) return rc;
    }
    return WARD_OK;
}

int ward_store_eval_run_add(ward_store *st, const ward_eval_run_row *r, const ward_eval_metric_row *m, size_t nm,
                            int64_t *id, ward_err *err)
{
    *id = 0;
    int rc = ward_store_savepoint(st, err);
    if (rc) return rc;
    store_stmt *s = store_cached(st,
        "INSERT INTO eval_runs(command, version, backend, model, config, cohort, cohort_seed) VALUES(?,?,?,?,?,?,?)", err);
    if (!s) rc = WARD_EIO;
    else {
        const char *v[] = {r->command, r->version, r->backend, r->model, r->config, r->cohort};
        for (int i = 0; i < 6; i++) store_bind_text(s, i + 1, v[i]);
        if (r->cohort_seed >= 0) store_bind_int64(s, 7, r->cohort_seed);
        rc = store_step_done(st, s, err);
    }
    if (!rc) {
        *id = store_last_id(st);
        rc = add_metrics(st, *id, m, nm, err);
    }
    if (rc) {
        ward_store_rollback_to(st);
        *id = 0;
        return rc;
    }
    return ward_store_release(st, err);
}

static double col_num(store_stmt *s, int i)
{
    return store_is_null(s, i) ? NAN : store_double(s, i);
}

#define RUN_COLS "r.id, r.ts, r.command, r.version, r.backend, r.model, r.config, r.cohort, r.cohort_seed"

static ward_eval_run_row run_row(store_stmt *s)
{
    return (ward_eval_run_row){store_int64(s, 0), store_text(s, 1), store_text(s, 2), store_text(s, 3),
                               store_text(s, 4), store_text(s, 5), store_text(s, 6), store_text(s, 7),
                               store_is_null(s, 8) ? -1 : store_int64(s, 8)};
}

/* Metric columns from column i on: name, value, n, lo, hi, better. */
static ward_eval_metric_row metric_row(store_stmt *s, int i)
{
    return (ward_eval_metric_row){store_text(s, i), col_num(s, i + 1),
                                  store_is_null(s, i + 2) ? -1 : store_int64(s, i + 2),
                                  col_num(s, i + 3), col_num(s, i + 4), store_int(s, i + 5)};
}

int ward_store_eval_runs_each(ward_store *st, const char *metric, int limit, ward_eval_run_fn fn, void *ud,
                              ward_err *err)
{
    store_stmt *s = store_prepare(st, metric
        ? "SELECT " RUN_COLS ", m.name, m.value, m.n, m.lo, m.hi, m.better FROM eval_runs r"
          " JOIN eval_metrics m ON m.run_id = r.id AND m.name = ?1 ORDER BY r.id DESC LIMIT ?2"
        : "SELECT " RUN_COLS " FROM eval_runs r WHERE ?1 IS NULL ORDER BY r.id DESC LIMIT ?2", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, metric);
    store_bind_int64(s, 2, limit > 0 ? limit : -1);
    int step, stop = 0;
    while (!stop && (step = store_step(s)) == STORE_ROW) {
        ward_eval_run_row r = run_row(s);
        ward_eval_metric_row m;
        if (metric) m = metric_row(s, 9);
        stop = fn(ud, &r, metric ? &m : NULL);
    }
    return store_finish(st, s, step, stop, err);
}

int ward_store_eval_run_get(ward_store *st, int64_t id, ward_eval_run_fn run_fn, ward_eval_metric_fn fn, void *ud,
                            ward_err *err)
{
    store_stmt *s = store_prepare(st, "SELECT " RUN_COLS " FROM eval_runs r WHERE r.id = ?", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, id);
    int step = store_step(s), rows = 0, stop = 0;
    if (step == STORE_ROW) {
        ward_eval_run_row r = run_row(s);
        rows = 1;
        stop = run_fn ? run_fn(ud, &r, NULL) : 0;
        step = STORE_DONE;
    }
    int rc = store_finish(st, s, step, stop, err);
    if (!rc && !rows) return ward_err_set(err, WARD_ENOTFOUND, "no evaluation run %lld (see ward eval history)", (long long)id);
    if (rc || stop || !fn) return rc;
    s = store_prepare(st, "SELECT name, value, n, lo, hi, better FROM eval_metrics WHERE run_id = ? ORDER BY name", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, id);
    while (!stop && (step = store_step(s)) == STORE_ROW) {
        ward_eval_metric_row m = metric_row(s, 0);
        stop = fn(ud, &m);
    }
    return store_finish(st, s, step, stop, err);
}

int ward_store_eval_latest(ward_store *st, const char *command, int64_t *id, ward_err *err)
{
    *id = 0;
    store_stmt *s = store_prepare(st, "SELECT max(id) FROM eval_runs WHERE command = ?", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, command);
    int step = store_step(s);
    if (step == STORE_ROW) {
        *id = store_int64(s, 0);
        step = STORE_DONE;
    }
    return store_finish(st, s, step, 0, err);
}
