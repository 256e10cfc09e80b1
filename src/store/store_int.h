/* store_int.h — what the store's query files share, whatever the engine.
 *
 * Only src/store/ sees a database engine. Everything above it calls the
 * typed functions of include/ward/store.h. Inside, the query files (*_q.c,
 * db.c, ...) write SQL once and run it through the small statement API
 * below; each engine (lite.c: SQLite, the embedded default; pg.c:
 * PostgreSQL) implements that API as a table of functions, store_engine.
 * SQL that differs between engines (schema, full-text search, pragmas)
 * lives in the engine's own files.
 *
 * The SQL the query files write is SQLite's dialect with "?" / "?N"
 * parameters; an engine that speaks another dialect translates it when it
 * prepares the statement.
 *
 * Statements run per record or per query are prepared once per store with
 * store_cached (keyed by the address of their constant SQL text); one-off
 * statements use store_prepare and store_finalize. Row loops hand each row
 * to a callback and check how the loop ended: a loop that ends on anything
 * but STORE_DONE failed, and the caller gets the cause, never a short list. */
#ifndef WARD_STORE_INT_H
#define WARD_STORE_INT_H

#include "ward/store.h"
#include "lite_schema.h"

#include <stdint.h>

/* What store_step returns: a row, the end, or an error (any other value;
 * store_fail then reports its cause). */
enum { STORE_ROW = 100, STORE_DONE = 101 };

typedef struct store_stmt store_stmt;
typedef struct store_engine store_engine;

/* Every engine's statement begins with this. */
struct store_stmt {
    const store_engine *eng;
    int later;            /* stepped by store_step_later: nobody reads its outcome */
    int64_t *id_out;      /* store_step_later_id: where its new row's id goes */
    int id_count;         /* store_step_later_ids: rows it inserts, ids in their order */
};

/* One engine: its connection-level and statement-level operations. Text
 * binds copy their value (n < 0: up to the NUL). Column pointers live
 * until the next step, reset or finalize of the statement. */
struct store_engine {
    const char *name;
    int (*exec)(ward_store *st, const char *sql, ward_err *err);
    store_stmt *(*prepare)(ward_store *st, const char *sql, int persistent, ward_err *err);
    int64_t (*last_id)(ward_store *st);
    int64_t (*changes)(ward_store *st);
    /* The last error: its message, whether it was lock contention (the
     * caller's WARD_EBUSY), and whether it broke a UNIQUE constraint
     * (store_unique_violation: "already exists" errors). */
    const char *(*errmsg)(ward_store *st);
    int (*busy)(ward_store *st);
    int (*unique_violation)(ward_store *st);
    int (*in_transaction)(ward_store *st);
    void (*set_busy_timeout)(ward_store *st, int ms);
    void (*close)(ward_store *st);

    void (*bind_text)(store_stmt *s, int i, const char *v, int n);
    void (*bind_int64)(store_stmt *s, int i, int64_t v);
    void (*bind_double)(store_stmt *s, int i, double v);
    void (*bind_blob)(store_stmt *s, int i, const void *p, int n);
    void (*bind_null)(store_stmt *s, int i);
    int (*step)(store_stmt *s);
    const char *(*col_text)(store_stmt *s, int i);
    int64_t (*col_int64)(store_stmt *s, int i);
    double (*col_double)(store_stmt *s, int i);
    const void *(*col_blob)(store_stmt *s, int i);
    int (*col_bytes)(store_stmt *s, int i);
    int (*col_null)(store_stmt *s, int i);
    void (*reset)(store_stmt *s);      /* keeps the bindings */
    void (*clear)(store_stmt *s);      /* drops the bindings */
    void (*finalize)(store_stmt *s);

    /* What differs by engine beyond the dialect; NULL: SQLite's way.
     * bm25_sql writes the BM25 search statement for a filter mask (the
     * parameters of search_q.c: ?1 the FTS5 query, ?6 snippet tokens, the
     * filter's; columns as SEARCH_FETCH); append_lock serializes appends to
     * a chain (the audit log) among every writer of the database, inside
     * the caller's transaction (SQLite's BEGIN IMMEDIATE already does). */
    void (*bm25_sql)(ward_buf *sql, int mask, int limit);
    int (*append_lock)(ward_store *st, const char *what, ward_err *err);
    /* Work an engine defers to the end of a write transaction, run inside
     * it just before COMMIT (SQLite: FTS5 indexing of new chunks); outside
     * a transaction it runs in one of its own. NULL: none. */
    int (*flush)(ward_store *st, ward_err *err);
    /* Compacts the search index and refreshes the planner's statistics
     * after a large load (ward index). NULL: nothing to do. */
    int (*optimize)(ward_store *st, ward_err *err);
    /* Waits for the writes store_step_later sent without waiting: their
     * failure, and their ids (store_step_later_id). NULL: none waits. */
    int (*sync)(ward_store *st, ward_err *err);
    /* bind_text without a copy, for the rows ingest writes by the
     * hundred thousand (a copy is a malloc and a free per value): v must
     * stay as it is until the statement has been stepped and reset
     * (store_step_done, store_step_later). NULL: bind_text. */
    void (*bind_text_kept)(store_stmt *s, int i, const char *v, int n);
};

#define STORE_CACHE 128

struct ward_store {
    const store_engine *eng;
    void *conn;           /* the engine's connection (sqlite3 *, ...) */
    char *dir;
    int version;
    int busy_ms;          /* the busy timeout now in force */
    int lost;             /* the engine saw its connection to the database
                             server go (ward_store_lost): open a new store */
    struct lite_ckpt *ckpt; /* SQLite: the background checkpointer, or NULL */
    struct lite_tok *tok;   /* SQLite: the terms chunks brought (lite_tok.c), owned by
                               the connection; NULL when it has none */
    struct { const char *sql; store_stmt *stmt; } cache[STORE_CACHE];
};

/* SQLite: opens (creating and migrating) the store in st->dir. */
int store_lite_open(ward_store *st, const ward_store_params *p, ward_err *err);
/* The SQLite handle of a SQLite store, else NULL: for tests that read
 * SQLite's own counters. */
struct sqlite3 *store_lite_handle(ward_store *st);
/* PostgreSQL: connects to location (a libpq URI or "key=value" string),
 * migrating the database; st->dir keeps the store's other files. */
int store_pg_open(ward_store *st, const char *location, const ward_store_params *p, ward_err *err);
/* The search filters' SQL clauses on the chunk row `c` for a mask
 * (search_q.c), for an engine's own search statement. */
void store_filter_sql(ward_buf *b, int mask);
/* The filter's patient clause alone, on the row `alias` (" AND
 * alias.patient_id = ?2", or IS NULL for literature; nothing when the mask
 * has neither): an engine whose tables are partitioned by patient repeats
 * it on every table a query joins, so each reads one partition. */
void store_filter_patient_sql(ward_buf *b, int mask, const char *alias);
/* SQLite: registers ward_bm25(), FTS5's bm25() with phrase counts kept
 * between queries (lite_rank.c), on a connection. */
int lite_rank_register(struct sqlite3 *db);
/* SQLite: the connection's FTS5 API (version 2 or later), or an SQLite
 * error code. */
struct fts5_api;
int lite_fts5_api(struct sqlite3 *db, struct fts5_api **out);
/* SQLite (lite_tok.c): registers the tokenizer "porter" that replays the
 * terms chunks brought, on st's connection db (sets st->tok). */
int lite_tok_register(ward_store *st, struct sqlite3 *db);
/* Queues a chunk's text and its terms (lite_tok_document's bytes), in the
 * order the chunks are stored, for the next index flush. */
void lite_tok_queue(ward_store *st, const char *text, size_t len, const char *terms, size_t terms_len);
/* Empties the queue (after each index flush). */
void lite_tok_clear(ward_store *st);
/* Appends to out text's terms as the full-text index makes them, in the
 * form lite_tok_queue takes; WARD_EUSAGE when it cannot. */
int lite_tok_document(ward_store *st, const char *text, size_t len, ward_buf *out);
/* The next phrase of an FTS5 expression of Ward's own form, quoted
 * phrases joined by OR ("a" OR "b c"): its text, *s[0,*n), and *p moved
 * past it; 0 at the end, or where the expression has another form (then
 * *p is set to NULL, and every later call gives 0). */
int store_phrase_next(const char **p, const char **s, size_t *n);

/* SQLite (lite_vfs.c): registers "ward", the default VFS with each WAL
 * frame appended in one write, as the default; before any connection
 * (lite_config). A second call does nothing. */
void lite_vfs_register(void);

/* Prepares sql or returns NULL with err set (WARD_EIO). */
store_stmt *store_prepare(ward_store *st, const char *sql, ward_err *err);
/* sql must be a string constant: its address is the cache key. The
 * statement is owned by the store (never finalize it); it comes back reset
 * with its bindings cleared. */
store_stmt *store_cached(ward_store *st, const char *sql, ward_err *err);

static inline void store_bind_text(store_stmt *s, int i, const char *v) { s->eng->bind_text(s, i, v, -1); }
static inline void store_bind_textn(store_stmt *s, int i, const char *v, int n) { s->eng->bind_text(s, i, v, n); }
/* The value is not copied where the engine can avoid it: v must outlive
 * the statement's step (see store_engine.bind_text_kept). */
static inline void store_bind_kept(store_stmt *s, int i, const char *v, int n)
{
    if (s->eng->bind_text_kept) s->eng->bind_text_kept(s, i, v, n);
    else s->eng->bind_text(s, i, v, n);
}
static inline void store_bind_int64(store_stmt *s, int i, int64_t v) { s->eng->bind_int64(s, i, v); }
static inline void store_bind_double(store_stmt *s, int i, double v) { s->eng->bind_double(s, i, v); }
static inline void store_bind_blob(store_stmt *s, int i, const void *p, int n) { s->eng->bind_blob(s, i, p, n); }
static inline void store_bind_null(store_stmt *s, int i) { s->eng->bind_null(s, i); }
static inline int store_step(store_stmt *s) { return s->eng->step(s); }
/* Column i as text, or NULL. */
static inline const char *store_text(store_stmt *s, int i) { return s->eng->col_text(s, i); }
static inline int64_t store_int64(store_stmt *s, int i) { return s->eng->col_int64(s, i); }
static inline int store_int(store_stmt *s, int i) { return (int)s->eng->col_int64(s, i); }
static inline double store_double(store_stmt *s, int i) { return s->eng->col_double(s, i); }
static inline const void *store_blob(store_stmt *s, int i) { return s->eng->col_blob(s, i); }
static inline int store_bytes(store_stmt *s, int i) { return s->eng->col_bytes(s, i); }
static inline int store_is_null(store_stmt *s, int i) { return s->eng->col_null(s, i); }
static inline void store_reset(store_stmt *s) { s->eng->reset(s); }
static inline void store_clear(store_stmt *s) { s->eng->clear(s); }
static inline void store_finalize(store_stmt *s) { if (s) s->eng->finalize(s); }
/* The id the last INSERT gave its row, and the rows the last statement changed. */
static inline int64_t store_last_id(ward_store *st) { return st->eng->last_id(st); }
static inline int64_t store_changes(ward_store *st) { return st->eng->changes(st); }
static inline const char *store_errmsg(ward_store *st) { return st->eng->errmsg(st); }
static inline int store_unique_violation(ward_store *st) { return st->eng->unique_violation(st); }

/* An engine's migrations: store_schema_block and store_schema_latest
 * (lite_schema.h). */
/* Makes path, which does not exist, a new store's database file from the
 * schema's image (lite_image.c): 1 when path is now a store's file (this
 * one, or one another process made meanwhile), 0 when not made. */
int lite_image_create(const char *path);
/* The column as a malloc'd string, or NULL. */
char *store_col_dup(store_stmt *s, int i);
/* Sets err from the database's last error ("WHAT: message"), returns the
 * code: WARD_EBUSY when another writer holds the lock, else WARD_EIO. */
int store_fail_at(ward_store *st, ward_err *err, const char *what);
/* store_fail_at(st, err, "database"). */
int store_fail(ward_store *st, ward_err *err);
/* How a one-row query's step went: WARD_OK on its row, WARD_ENOTFOUND with
 * the message fmt when it has none ("no chunk %lld"), else store_fail's. */
int store_row_code(ward_store *st, int step, ward_err *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Steps a statement that returns no rows (or ignores them), then resets it. */
int store_step_done(ward_store *st, store_stmt *s, ward_err *err);
/* store_step_done for a write whose outcome the caller never reads (no
 * rows, no store_last_id, no store_changes). Inside a transaction an
 * engine may send it without waiting for the answer (PostgreSQL: pipeline
 * mode); a failure then comes back from the next statement on the store,
 * at the latest from the COMMIT, which fails: nothing is acknowledged
 * that was not written. */
int store_step_later(ward_store *st, store_stmt *s, ward_err *err);
/* store_step_later for an INSERT whose new row id the caller wants: *id
 * is set by the next store_sync (at once by an engine that waits). */
int store_step_later_id(ward_store *st, store_stmt *s, int64_t *id, ward_err *err);
/* The same for an INSERT of n rows whose ids the caller wants, in the
 * order of its VALUES (an engine with sync: PostgreSQL's RETURNING). */
int store_step_later_ids(ward_store *st, store_stmt *s, int64_t *ids, int n, ward_err *err);
/* Waits for every write sent without waiting: WARD_OK when all were
 * written (and their ids set), else the first one's failure. */
int store_sync(ward_store *st, ward_err *err);
/* Finalizes s and says how its row loop ended: WARD_OK when the last step
 * was STORE_DONE or a callback stopped it, else store_fail's code with the
 * engine's message in err. */
int store_finish(ward_store *st, store_stmt *s, int step, int stopped, ward_err *err);
/* Steps s (a cached statement, left reset) and collects its first column
 * as ids into *ids (malloc'd, *n of them); on failure none, and err says
 * "WHAT: cause". */
int store_read_ids(ward_store *st, store_stmt *s, const char *what, int64_t **ids, size_t *n, ward_err *err);

/* The columns store_resource_json reads, from column col on, in this
 * order: a query selects them where it wants a resource's JSON. */
#define STORE_RESOURCE_JSON_COLS "json, derived, source_doc, span_start, span_end, patient_id, effective"
/* A resource's FHIR JSON from those columns: its stored JSON, or a note's
 * fact rendered into b (schema.sql, version 14); NULL when the fact cannot
 * be read. (facts_q.c) */
const char *store_resource_json(store_stmt *s, int col, ward_buf *b);
/* Schema version 14 left a request (meta 'facts.compact'): puts the facts
 * stored whole before it in the compact form wherever that renders the
 * very JSON stored, a few hundred notes a transaction, and removes the
 * request with the last; *done counts them. Nothing to do is one read.
 * (facts_q.c) */
int store_facts_compact(ward_store *st, long *done, ward_err *err);

#endif
