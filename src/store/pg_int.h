/* pg_int.h — what the PostgreSQL engine's files share (pg.c: the engine;
 * pg_sql.c: the SQL it writes or translates). */
#ifndef WARD_PG_INT_H
#define WARD_PG_INT_H

#include "store_int.h"

/* The statement in PostgreSQL's dialect (malloc'd): "?" / "?N" become
 * "$N" (outside literals); SQLite spellings become PostgreSQL's (see
 * pg_sql.c). *nparams gets the highest parameter number and *used (malloc'd,
 * *nparams entries) which appear; *returns_id is set when "RETURNING id"
 * was added to an INSERT. Each out pointer may be NULL. */
char *pg_translate(const char *sql, int *nparams, unsigned char **used, int *returns_id);
/* The INSERT sql (translated, one row of VALUES with nparams parameters)
 * with its row repeated rows times, the parameters of row r numbered on
 * from r * nparams; after the rows, a parameter that is a column's whole
 * value becomes excluded.COLUMN (an upsert's SET). keys[*nkeys] get the
 * parameters (0-based) of an ON CONFLICT ... DO UPDATE target, which must
 * differ between the rows of one statement. Returns 0 (and *out NULL) when
 * the statement is not of that form. */
int pg_multi_row(const char *sql, int nparams, int rows, char **out, int *keys, int *nkeys);
/* Whether a SQLSTATE means "try again": lock timeout, serialization
 * failure, deadlock, too many connections. */
int pg_busy_state(const char *state);
/* Decodes bytea's hex text form ("\x00ff..."); malloc'd, *n its length. */
char *pg_unhex(const char *v, size_t *n);
/* The BM25 search statement for a filter mask (store_int.h). */
void pg_bm25_sql(ward_buf *sql, int mask, int limit);
/* The statement that folds pending chunk changes into BM25's statistics. */
extern const char pg_fold_sql[];

#endif
