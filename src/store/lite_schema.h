/* lite_schema.h — the schema's "-- version: N" blocks, split and applied
 * to SQLite (lite_schema.c): by the store and by the build's host tool
 * that makes a new store's image (cmake/schema_image_gen.c). */
#ifndef WARD_LITE_SCHEMA_H
#define WARD_LITE_SCHEMA_H

#include <stddef.h>

struct sqlite3;

/* An engine's migrations are "-- version: N" blocks. The first block at
 * or after p: its start (NULL when none), its N and its length. */
const char *store_schema_block(const char *p, int *version, size_t *len);
/* The highest N of an engine's migrations. */
int store_schema_latest(const char *schema);
/* The store's schema version (PRAGMA user_version; 0 when unreadable). */
int lite_schema_version(struct sqlite3 *db);
/* Applies block (n bytes, version v) in a transaction of its own that also
 * sets user_version to v, unless the store is at v or later already (read
 * under the write lock). An SQLite result code; *msg (sqlite3_free) may
 * say what failed. */
int lite_schema_apply(struct sqlite3 *db, const char *block, size_t n, int v, char **msg);

#endif
