/* lite_schema.c — the schema's "-- version: N" blocks: split (both
 * engines) and applied to SQLite, the same way by the store (lite.c's
 * migrate) and by the build's host tool that makes a new store's image
 * (cmake/schema_image_gen.c), so an image and a migrated store match. */
#include "lite_schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

const char *store_schema_block(const char *p, int *version, size_t *len)
{
    static const char marker[] = "-- version: ";
    if (!(p = strstr(p, marker))) return NULL;
    *version = atoi(p + sizeof marker - 1);
    const char *next = strstr(p + 1, marker);
    *len = next ? (size_t)(next - p) : strlen(p);
    return p;
}

int store_schema_latest(const char *schema)
{
    int latest = 0, v;
    size_t n;
    for (const char *b = schema; (b = store_schema_block(b, &v, &n)); b += n)
        if (v > latest) latest = v;
    return latest;
}

int lite_schema_version(sqlite3 *db)
{
    sqlite3_stmt *s = NULL;
    int v = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

int lite_schema_apply(sqlite3 *db, const char *block, size_t n, int v, char **msg)
{
    *msg = NULL;
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, msg);
    if (rc != SQLITE_OK) return rc;
    if (lite_schema_version(db) < v) {
        char *sql = malloc(n + 1), pragma[64];
        if (!sql) rc = SQLITE_NOMEM;
        else {
            memcpy(sql, block, n);
            sql[n] = 0;
            rc = sqlite3_exec(db, sql, NULL, NULL, msg);
            free(sql);
        }
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", v);
        if (rc == SQLITE_OK) rc = sqlite3_exec(db, pragma, NULL, NULL, msg);
    }
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, msg);
    if (rc != SQLITE_OK) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}
