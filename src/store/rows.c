/* rows.c — the steps every query file of the store shares, whatever the
 * engine (see store_int.h): preparing and caching statements, the end of a
 * row loop, the engine's cause of a failure. */
#include "store_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

store_stmt *store_prepare(ward_store *st, const char *sql, ward_err *err)
{
    return st->eng->prepare(st, sql, 0, err);
}

store_stmt *store_cached(ward_store *st, const char *sql, ward_err *err)
{
    int i = 0;
    for (; i < STORE_CACHE && st->cache[i].sql; i++)
        if (st->cache[i].sql == sql) {
            store_reset(st->cache[i].stmt);
            store_clear(st->cache[i].stmt);
            return st->cache[i].stmt;
        }
    /* A full cache is a programming error, caught by tests: the statement
     * would leak, so refuse it loudly instead. */
    if (i == STORE_CACHE) {
        ward_err_set(err, WARD_EIO, "statement cache full");
        return NULL;
    }
    store_stmt *s = st->eng->prepare(st, sql, 1, err);
    if (s) {
        st->cache[i].sql = sql;
        st->cache[i].stmt = s;
    }
    return s;
}

char *store_col_dup(store_stmt *s, int i)
{
    const char *t = store_text(s, i);
    return t ? ward_xstrdup(t) : NULL;
}

int store_fail_at(ward_store *st, ward_err *err, const char *what)
{
    int code = st->eng->busy(st) ? WARD_EBUSY : WARD_EIO;
    return ward_err_set(err, code, "%s: %s", what, store_errmsg(st));
}

int store_row_code(ward_store *st, int step, ward_err *err, const char *fmt, ...)
{
    if (step == STORE_ROW) return WARD_OK;
    if (step != STORE_DONE) return store_fail(st, err);
    char msg[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ward_err_set(err, WARD_ENOTFOUND, "%s", msg);
}

int store_fail(ward_store *st, ward_err *err)
{
    return store_fail_at(st, err, "database");
}

int store_step_done(ward_store *st, store_stmt *s, ward_err *err)
{
    int rc = store_step(s);
    if (rc != STORE_DONE && rc != STORE_ROW) {
        rc = store_fail_at(st, err, "database");
        store_reset(s);
        return rc;
    }
    store_reset(s);
    return WARD_OK;
}

int store_step_later(ward_store *st, store_stmt *s, ward_err *err)
{
    s->later = 1;
    int rc = store_step_done(st, s, err);
    s->later = 0;
    return rc;
}

int store_step_later_id(ward_store *st, store_stmt *s, int64_t *id, ward_err *err)
{
    return store_step_later_ids(st, s, id, 1, err);
}

int store_step_later_ids(ward_store *st, store_stmt *s, int64_t *ids, int n, ward_err *err)
{
    s->id_out = ids;
    s->id_count = n;
    int rc = store_step_later(st, s, err);
    s->id_out = NULL;
    s->id_count = 0;
    /* An engine that waits: one statement's rows take consecutive ids. */
    for (int i = 0; !rc && !st->eng->sync && i < n; i++) ids[i] = store_last_id(st) - (n - 1 - i);
    return rc;
}

int store_sync(ward_store *st, ward_err *err)
{
    return st->eng->sync ? st->eng->sync(st, err) : WARD_OK;
}

int store_finish(ward_store *st, store_stmt *s, int step, int stopped, ward_err *err)
{
    int rc = stopped || step == STORE_DONE ? WARD_OK : store_fail(st, err);
    store_finalize(s);
    return rc;
}

int store_read_ids(ward_store *st, store_stmt *s, const char *what, int64_t **ids, size_t *n, ward_err *err)
{
    *ids = NULL;
    *n = 0;
    size_t cap = 256;
    int64_t *v = ward_xmalloc(sizeof *v * cap);
    int rc;
    while ((rc = store_step(s)) == STORE_ROW) {
        if (*n == cap) v = ward_xrealloc(v, sizeof *v * (cap *= 2));
        v[(*n)++] = store_int64(s, 0);
    }
    rc = rc == STORE_DONE ? WARD_OK : store_fail_at(st, err, what);
    store_reset(s);
    if (rc) {
        free(v);
        *n = 0;
        return rc;
    }
    *ids = v;
    return WARD_OK;
}
