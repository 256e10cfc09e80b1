/* rows.c — the few steps every query file of the store shares (see
 * store_int.h): column text, the end of a row loop, SQLite's cause. */
#include "store_int.h"

const char *store_text(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

int store_fail(ward_store *st, ward_err *err)
{
    return store_fail_at(st, err, "database");
}

int store_finish(ward_store *st, sqlite3_stmt *s, int step, int stopped, ward_err *err)
{
    int rc = stopped || step == SQLITE_DONE ? WARD_OK : store_fail(st, err);
    sqlite3_finalize(s);
    return rc;
}
