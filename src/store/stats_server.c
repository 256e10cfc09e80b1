/* stats_server.c — the few store-wide counts `ward serve` exposes in
 * /metrics, the WAL checkpoint it runs when it stops, and the checks that
 * tell a worker its database connection is gone (so it opens a new one).
 * Counts only: nothing read here names a patient. */
#include "store_int.h"

int ward_store_draft_counts(ward_store *st, void (*fn)(void *ud, const char *status, long n), void *ud,
                            ward_err *err)
{
    store_stmt *s = store_cached(st, "SELECT status, count(*) FROM drafts GROUP BY status", err);
    if (!s) return WARD_EIO;
    int rc;
    while ((rc = store_step(s)) == STORE_ROW)
        fn(ud, store_text(s, 0), (long)store_int64(s, 1));
    store_reset(s);
    if (rc != STORE_DONE)
        return ward_err_set(err, WARD_EIO, "cannot count drafts: %s", store_errmsg(st));
    return WARD_OK;
}

int ward_store_audit_count(ward_store *st, long *n, ward_err *err)
{
    *n = 0;
    store_stmt *s = store_cached(st, "SELECT count(*) FROM audit", err);
    if (!s) return WARD_EIO;
    if (store_step(s) != STORE_ROW)
        return ward_err_set(err, WARD_EIO, "cannot count audit events: %s", store_errmsg(st));
    *n = (long)store_int64(s, 0);
    store_reset(s);  /* ends the read: a cached statement left stepping would pin the snapshot */
    return WARD_OK;
}

int ward_store_checkpoint(ward_store *st, ward_err *err)
{
    return ward_store_exec(st, "PRAGMA wal_checkpoint(TRUNCATE);", err);
}

int ward_store_optimize(ward_store *st, ward_err *err)
{
    return st->eng->optimize ? st->eng->optimize(st, err) : WARD_OK;
}

int ward_store_lost(ward_store *st)
{
    return st->lost;
}

int ward_store_ping(ward_store *st, ward_err *err)
{
    return ward_store_exec(st, "SELECT 1", err);
}
