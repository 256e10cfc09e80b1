/* store_int.h — SQLite inside src/store: what the query files share.
 *
 * Only src/store/ sees SQLite. Everything above it calls the typed
 * functions of include/ward/store.h, so a second engine (PostgreSQL) is a
 * second set of these files, not a change to every layer.
 *
 * Statements run per record or per query are prepared once per store with
 * store_cached (keyed by the address of their constant SQL text); one-off
 * statements use store_prepare and sqlite3_finalize. Row loops hand each
 * row to a callback and check how the loop ended: a loop that ends on
 * anything but SQLITE_DONE failed, and the caller gets the cause, never a
 * short list. */
#ifndef WARD_STORE_INT_H
#define WARD_STORE_INT_H

#include "ward/store.h"

#include <sqlite3.h>

sqlite3 *store_db(ward_store *st);
/* Prepares sql or returns NULL with err set (WARD_EIO). */
sqlite3_stmt *store_prepare(ward_store *st, const char *sql, ward_err *err);
/* sql must be a string constant: its address is the cache key. The
 * statement is owned by the store (never finalize it); it comes back reset
 * with its bindings cleared. */
sqlite3_stmt *store_cached(ward_store *st, const char *sql, ward_err *err);

/* Binds text, or NULL when v is NULL. */
void store_bind_text(sqlite3_stmt *s, int i, const char *v);
/* The column as a malloc'd string, or NULL. */
char *store_col_dup(sqlite3_stmt *s, int i);
/* Sets err from the database's last error ("WHAT: message"), returns the
 * code: WARD_EBUSY when another writer holds the lock, else WARD_EIO. */
int store_fail_at(ward_store *st, ward_err *err, const char *what);
/* Steps a statement that returns no rows (or ignores them), then resets it. */
int store_step_done(ward_store *st, sqlite3_stmt *s, ward_err *err);

/* Column i as text, or NULL. */
const char *store_text(sqlite3_stmt *s, int i);
/* Finalizes s and says how its row loop ended: WARD_OK when the last step
 * was SQLITE_DONE or a callback stopped it, else store_fail's code with SQLite's
 * message in err. */
int store_finish(ward_store *st, sqlite3_stmt *s, int step, int stopped, ward_err *err);
/* store_fail_at(st, err, "database"). */
int store_fail(ward_store *st, ward_err *err);

#endif
