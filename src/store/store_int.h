/* store_int.h — what the store's own files share (not public API).
 *
 * The query files (chart_q.c, drafts_q.c, patients_q.c) run statements
 * through the same few steps: prepare, bind, step through rows handing each
 * to a callback, and check how the loop ended. A loop that ends on anything
 * but SQLITE_DONE failed: the caller gets the cause, never a short list.
 */
#ifndef WARD_STORE_INT_H
#define WARD_STORE_INT_H

#include "ward/store.h"

/* Column i as text, or NULL. */
const char *store_text(sqlite3_stmt *s, int i);
/* Finalizes s and says how its row loop ended: WARD_OK when the last step
 * was SQLITE_DONE or a callback stopped it, else WARD_EIO with SQLite's
 * message in err. */
int store_finish(ward_store *st, sqlite3_stmt *s, int step, int stopped, ward_err *err);
/* err = "database: <SQLite's last message>"; returns WARD_EIO. */
int store_fail(ward_store *st, ward_err *err);

#endif
