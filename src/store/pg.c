/* pg.c — the PostgreSQL engine: Ward's store in a PostgreSQL 15 database,
 * for sites that run several Ward nodes (`--store postgresql://...`).
 *
 * Ideas a reader needs:
 *  - The query files write SQLite's dialect once (store_int.h); this file
 *    translates each statement when it is prepared (pg_sql.c): "?N"
 *    parameters become "$N", and the few SQLite spellings become
 *    PostgreSQL's. SQLite functions the queries call exist in the database
 *    as SQL functions (schema_pg.sql).
 *  - Parameters get their types from their binds (text, int8, float8,
 *    bytea), so "?1 IS NULL" has a type; a NULL bind leaves the type to the
 *    server, and when it cannot tell, the statement is prepared again with
 *    text there. A statement whose binds change type is prepared again.
 *  - Cached statements are server-side prepared statements, prepared once
 *    per connection; one-off statements use the unnamed statement. Inside
 *    a transaction a failed prepare would abort it, so it runs under a
 *    savepoint there.
 *  - An INSERT into a table with an id gets "RETURNING id" added: that is
 *    store_last_id, without a second round trip; the caller still sees the
 *    statement end (STORE_DONE).
 *  - Results come whole (text format; bytea decoded from hex when read),
 *    so a row loop may run other statements on the same connection, as it
 *    may on SQLite.
 *  - Lock waits (lock_timeout), serialization failures and deadlocks are
 *    "busy" (WARD_EBUSY, a 503 in the server). A lost connection is busy
 *    too, with its own message, and marks the store lost (st->lost,
 *    ward_store_lost): the server then answers "unavailable" and opens a
 *    new store, even when this one has reconnected meanwhile. Outside a
 *    server the next statement reconnects and prepares its statements
 *    again. A transaction the connection took with it stays
 *    failed until the caller ends it: nothing after runs outside it, and
 *    its COMMIT reports that it was not committed.
 *  - Consecutive executions of one INSERT sent without waiting (a note's
 *    facts) are held and go several rows to a statement (hold, below):
 *    each INSERT into a partitioned table pays for setting up its
 *    partition once.
 *  - A write transaction runs on generic plans (pg_sql.c translates BEGIN
 *    IMMEDIATE so): they prune partitions at start-up, where custom plans
 *    planned every partition for each note.
 *  - The server never prints through this process: notices are dropped.
 */
#include "store_int.h"
#include "pg_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libpq-fe.h>

#include "schema_pg_sql.h" /* generated from schema_pg.sql: WARD_SCHEMA_PG_SQL */

enum { T_UNKNOWN = 0, T_BYTEA = 17, T_INT8 = 20, T_TEXT = 25, T_FLOAT8 = 701, T_BOOL = 16 };

/* Writes sent without waiting at most: their answers must fit the
 * socket's buffers unread. A batch's rows (below) go in at most BATCH_SENDS
 * of them, kept free for it. */
#define QUEUE_MAX 256
/* Rows of one INSERT held to go as one statement (a power of two of them
 * per statement: 16, 8, 4, 2, 1), and the statements that takes at most
 * (each size's first use prepares it too). */
#define BATCH_LOGS 5
#define BATCH_MAX (1 << (BATCH_LOGS - 1))
#define BATCH_SENDS (2 * BATCH_LOGS)

struct pg_stmt;

typedef struct {
    PGconn *c;
    ward_store *st;          /* its store: st->lost tells the server to reopen it */
    int gen;                 /* bumped by each reconnect: statements prepare again */
    int lock_ms;
    int read_only;
    int next_name;
    int64_t last_id, changes;
    char state[6];           /* SQLSTATE of the last error, "" when none */
    int lost;                /* the last error was a lost connection */
    int sp_depth;            /* savepoints open in a transaction a savepoint began */
    int tx_lost;             /* the connection was lost inside a transaction:
                                statements fail until the caller ends it */
    int fold;                /* chunks may have changed: BM25's statistics
                                have pending rows to fold (pg_flush) */
    int queued;              /* writes sent in pipeline mode, answers unread */
    int64_t *slots[QUEUE_MAX]; /* where each one's new row ids go, or NULL */
    int slot_n[QUEUE_MAX];   /* how many: its rows, ids in their order */
    int savepoints;          /* savepoints open inside the transaction */
    struct pg_stmt *batch;   /* the statement whose rows wait to be sent (hold) */
    char msg[512];
} pg_conn;

typedef struct pg_stmt {
    store_stmt base;
    ward_store *st;
    char *sql;               /* translated */
    int nparams;
    unsigned char *used;     /* used[i]: $i+1 appears in the SQL */
    int returns_id;          /* "RETURNING id" was added */
    int changes_chunks;      /* a write that may add or remove chunks */
    int persistent;
    char name[24];
    int prep_gen;            /* connection generation it was prepared on; -1: not */
    unsigned *ptypes;        /* the types it was prepared with */
    char **vals;
    int *lens, *fmts;
    unsigned *types;
    PGresult *res;
    int row, nrows;
    char **blob;             /* decoded bytea of the current row, per column */
    int *bloblen;
    int multi;               /* rows may go several to a statement: 1, 0 not, -1 not known */
    int keys[8], nkeys;      /* an upsert's key parameters: unique within a batch */
    int multi_gen[BATCH_LOGS]; /* generation each size was prepared on, -1 not */
    char **held;             /* the rows held (batch), nparams values each */
    int *held_len, *held_fmt;
    int nheld;
} pg_stmt;

#define PC(st) ((pg_conn *)(st)->conn)
#define PS(x) ((pg_stmt *)(x))

static const store_engine pg_engine;

static void no_notice(void *arg, const char *message)
{
    (void)arg, (void)message;
}

/* Records the error of a result (or of the connection when res is NULL). */
static void note_error(pg_conn *pc, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    snprintf(pc->state, sizeof pc->state, "%s", state ? state : "");
    pc->lost = PQstatus(pc->c) == CONNECTION_BAD || !strncmp(pc->state, "08", 2) ||
               !strcmp(pc->state, "57P01") || !strcmp(pc->state, "57P02") || !strcmp(pc->state, "57P03");
    if (pc->lost) {
        pc->st->lost = 1;
        snprintf(pc->msg, sizeof pc->msg, "the connection to PostgreSQL was lost (%s)",
                 m ? m : PQerrorMessage(pc->c));
    } else {
        snprintf(pc->msg, sizeof pc->msg, "%s", m ? m : PQerrorMessage(pc->c));
    }
    size_t n = strlen(pc->msg);
    while (n && (pc->msg[n - 1] == '\n' || pc->msg[n - 1] == ' ')) pc->msg[--n] = 0;
}

static int ok_result(const PGresult *r)
{
    ExecStatusType s = PQresultStatus(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
}

/* Whether a transaction is open on the connection (a connection known to
 * be lost has none). */
static int in_tx(pg_conn *pc)
{
    PGTransactionStatusType t = PQtransactionStatus(pc->c);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

/* Session settings a new (or renewed) connection needs. JIT is off: the
 * planner's costs for BM25 over many matches (and the statistics fold)
 * pass jit_above_cost, and compiling the plan took about two thirds of
 * such a search's CPU, every time, for a statement that runs in
 * milliseconds. */
static int session_setup(pg_conn *pc)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SET lock_timeout = %d; SET client_min_messages = warning; SET jit = off;%s",
             pc->lock_ms,
             pc->read_only ? " SET default_transaction_read_only = on;" : "");
    PGresult *r = PQexec(pc->c, sql);
    int ok = ok_result(r);
    if (!ok) note_error(pc, r);
    PQclear(r);
    return ok;
}

/* Before a statement: a lost connection is renewed, unless a transaction
 * was open on it. That transaction is gone with it: the caller's further
 * statements fail (never run outside the transaction they belong to)
 * until it rolls back, and its COMMIT says it was not committed. */
static int ensure_conn(pg_conn *pc)
{
    if (pc->tx_lost) {
        snprintf(pc->msg, sizeof pc->msg, "the connection to PostgreSQL was lost inside a transaction:"
                 " it was rolled back");
        snprintf(pc->state, sizeof pc->state, "08006");
        pc->lost = pc->st->lost = 1;
        return 0;
    }
    if (PQstatus(pc->c) == CONNECTION_OK) return 1;
    PQreset(pc->c);
    pc->queued = 0;
    if (PQstatus(pc->c) != CONNECTION_OK) {
        note_error(pc, NULL);
        return 0;
    }
    pc->gen++;
    return session_setup(pc);
}

/* SQLite's savepoints outside a transaction: the first one begins it and
 * its release commits it. PostgreSQL refuses a savepoint outside one, so
 * store.h's savepoint calls get that meaning here (NULL: sql is not one). */
static char *savepoint_form(pg_conn *pc, const char *sql)
{
    int idle = PQtransactionStatus(pc->c) == PQTRANS_IDLE;
    if (!strncmp(sql, "SAVEPOINT ", 10)) {
        if (idle) pc->sp_depth = 0;
        if (idle || pc->sp_depth) pc->sp_depth++;
        if (!(pc->sp_depth == 1 && idle)) return NULL;
        ward_buf b;
        ward_buf_init(&b);
        ward_buf_printf(&b, "BEGIN; %s", sql);
        return ward_buf_steal(&b);
    }
    int release = !strncmp(sql, "RELEASE ", 8) || !strncmp(sql, "ROLLBACK TO ", 12);
    if (release && pc->sp_depth > 0 && --pc->sp_depth == 0) {
        ward_buf b;
        ward_buf_init(&b);
        ward_buf_printf(&b, "%s; COMMIT", sql);
        return ward_buf_steal(&b);
    }
    if (!strcmp(sql, "COMMIT") || !strcmp(sql, "ROLLBACK")) pc->sp_depth = 0;
    return NULL;
}

/* Reads the answers of the writes sent without waiting (store_step_later:
 * pipeline mode) and leaves pipeline mode, since every other call here
 * waits for its answer. The first failure becomes the connection's error
 * (returns 0): the server skipped the writes after it, and the
 * transaction is failed, so its COMMIT fails too. */
static int send_held(pg_conn *pc);

static int drain(pg_conn *pc)
{
    int held = send_held(pc);
    if (PQpipelineStatus(pc->c) == PQ_PIPELINE_OFF) return held;
    int failure = !held, n = 0, ok = PQpipelineSync(pc->c);
    if (!ok) note_error(pc, NULL);   /* nothing to wait for: no sync will come */
    while (ok) {
        PGresult *r = PQgetResult(pc->c);
        if (!r) {                       /* between two statements' answers */
            if (PQstatus(pc->c) != CONNECTION_OK) break;
            continue;
        }
        ExecStatusType t = PQresultStatus(r);
        int failed = t != PGRES_PIPELINE_SYNC && t != PGRES_PIPELINE_ABORTED && !ok_result(r);
        if (t == PGRES_TUPLES_OK && n < pc->queued && pc->slots[n] && PQntuples(r) == pc->slot_n[n])
            for (int i = 0; i < pc->slot_n[n]; i++)   /* its RETURNING ids */
                pc->slots[n][i] = strtoll(PQgetvalue(r, i, 0), NULL, 10);
        if (t != PGRES_PIPELINE_SYNC) n++;
        if (failed && !failure) note_error(pc, r);
        failure |= failed;
        PQclear(r);
        if (t == PGRES_PIPELINE_SYNC) break;
    }
    if (ok && !failure && PQstatus(pc->c) != CONNECTION_OK) {   /* gone without a word */
        note_error(pc, NULL);
        failure = 1;
    }
    ok = ok && !failure;
    PQexitPipelineMode(pc->c);
    pc->queued = 0;
    if (!ok && pc->lost) pc->tx_lost = 1;   /* it was inside a transaction */
    return ok;
}

/* The code of the connection's last error: busy (try again) or not. */
static int err_code(pg_conn *pc)
{
    return pg_busy_state(pc->state) || pc->lost ? WARD_EBUSY : WARD_EIO;
}

static int pg_sync(ward_store *st, ward_err *err)
{
    pg_conn *pc = PC(st);
    return drain(pc) ? WARD_OK : ward_err_set(err, err_code(pc), "database: %s", pc->msg);
}

/* Whether a statement may add or remove chunks: a write naming chunks or
 * documents (whose deletes cascade to them). */
static int changes_chunks(const char *sql)
{
    while (*sql == ' ' || *sql == '\n') sql++;
    int write = !strncasecmp(sql, "INSERT", 6) || !strncasecmp(sql, "DELETE", 6) || !strncasecmp(sql, "UPDATE", 6);
    return write && (strstr(sql, "chunks") || strstr(sql, "documents"));
}

/* Savepoints open inside a transaction: a write sent without waiting
 * fails the whole transaction, so none is sent while one is open (a
 * record's failure must stay the record's). */
static void count_savepoints(pg_conn *pc, const char *sql)
{
    if (!strncmp(sql, "SAVEPOINT ", 10)) pc->savepoints++;
    else if (strstr(sql, "RELEASE ") && pc->savepoints > 0) pc->savepoints--;
    else if (!strcmp(sql, "COMMIT") || !strcmp(sql, "ROLLBACK") || !strncmp(sql, "BEGIN", 5)) pc->savepoints = 0;
}

static int pg_exec(ward_store *st, const char *sql, ward_err *err)
{
    pg_conn *pc = PC(st);
    /* SQLite's pragmas (the WAL checkpoint of `ward serve`) have no
     * PostgreSQL meaning: the server manages its own log. */
    if (!strncmp(sql, "PRAGMA", 6)) return WARD_OK;
    if (pc->tx_lost && (!strcmp(sql, "ROLLBACK") || !strcmp(sql, "COMMIT"))) {
        /* The caller ends the transaction the connection took with it:
         * a rollback is what happened; a commit did not. (A rollback to
         * a savepoint does not end it: the work before the savepoint is
         * lost too, so the transaction's COMMIT must fail.) */
        pc->tx_lost = pc->sp_depth = 0;
        st->lost = 1;
        if (strcmp(sql, "COMMIT")) return WARD_OK;
        return ward_err_set(err, WARD_EBUSY, "database: the connection to PostgreSQL was lost inside a"
                            " transaction: it was not committed");
    }
    if (strcmp(sql, "ROLLBACK")) {
        int rc = pg_sync(st, err);
        if (rc) return rc;
    } else {
        drain(pc);   /* what it would say, the rollback undoes */
    }
    if (!ensure_conn(pc)) return ward_err_set(err, WARD_EBUSY, "database: %s", pc->msg);
    count_savepoints(pc, sql);
    char *t = savepoint_form(pc, sql);
    if (!t) t = pg_translate(sql, NULL, NULL, NULL);
    int was_tx = in_tx(pc);
    PGresult *r = PQexec(pc->c, t);
    free(t);
    if (changes_chunks(sql)) pc->fold = 1;
    int ok = ok_result(r);
    if (!ok) note_error(pc, r);
    else pc->state[0] = 0, pc->lost = 0;
    PQclear(r);
    if (ok) return WARD_OK;
    if (pc->lost && was_tx) pc->tx_lost = 1;
    int code = err_code(pc);
    ward_err_set(err, code, "database: %s", pc->msg);
    return code;
}

static store_stmt *pg_prepare(ward_store *st, const char *sql, int persistent, ward_err *err)
{
    pg_stmt *p = ward_xcalloc(1, sizeof *p);
    p->base.eng = &pg_engine;
    p->st = st;
    p->sql = pg_translate(sql, &p->nparams, &p->used, &p->returns_id);
    p->changes_chunks = changes_chunks(sql);
    p->persistent = persistent;
    p->prep_gen = -1;
    p->row = -1;
    p->multi = -1;
    for (int k = 0; k < BATCH_LOGS; k++) p->multi_gen[k] = -1;
    int n = p->nparams > 0 ? p->nparams : 1;
    p->vals = ward_xcalloc((size_t)n, sizeof *p->vals);
    p->lens = ward_xcalloc((size_t)n, sizeof *p->lens);
    p->fmts = ward_xcalloc((size_t)n, sizeof *p->fmts);
    p->types = ward_xcalloc((size_t)n, sizeof *p->types);
    p->ptypes = ward_xcalloc((size_t)n, sizeof *p->ptypes);
    if (persistent) snprintf(p->name, sizeof p->name, "w%d", ++PC(st)->next_name);
    (void)err;   /* errors surface at the first step, with the server's message */
    return &p->base;
}

/* (Writes sent without waiting leave both as they were: their callers
 * read neither.) */
static int64_t pg_last_id(ward_store *st) { return PC(st)->last_id; }
static int64_t pg_changes(ward_store *st) { return PC(st)->changes; }
static const char *pg_errmsg(ward_store *st) { return PC(st)->msg[0] ? PC(st)->msg : "not an error"; }
static int pg_busy(ward_store *st) { return pg_busy_state(PC(st)->state) || PC(st)->lost; }
static int pg_unique(ward_store *st) { return !strcmp(PC(st)->state, "23505"); }
static int pg_in_transaction(ward_store *st)
{
    return PC(st)->tx_lost || in_tx(PC(st));
}

static void pg_set_busy(ward_store *st, int ms)
{
    pg_conn *pc = PC(st);
    pc->lock_ms = ms;
    drain(pc);
    char sql[64];
    snprintf(sql, sizeof sql, "SET lock_timeout = %d", ms);
    PQclear(PQexec(pc->c, sql));
}

static void pg_close(ward_store *st)
{
    pg_conn *pc = PC(st);
    PQfinish(pc->c);
    free(pc);
}

/* ---- binds ---- */

static void set_val(pg_stmt *p, int i, char *v, int len, int fmt, unsigned type)
{
    if (i < 1 || i > p->nparams) {   /* a number the statement lacks: skipped, as SQLite does */
        free(v);
        return;
    }
    free(p->vals[i - 1]);
    p->vals[i - 1] = v;
    p->lens[i - 1] = len;
    p->fmts[i - 1] = fmt;
    p->types[i - 1] = type;
}

static void pg_bind_text(store_stmt *s, int i, const char *v, int n)
{
    if (!v) {
        set_val(PS(s), i, NULL, 0, 0, T_UNKNOWN);
        return;
    }
    size_t len = n < 0 ? strlen(v) : (size_t)n;
    set_val(PS(s), i, ward_xstrndup(v, len), (int)len, 0, T_TEXT);
}

static void pg_bind_int64(store_stmt *s, int i, int64_t v)
{
    char b[32];
    snprintf(b, sizeof b, "%lld", (long long)v);
    set_val(PS(s), i, ward_xstrdup(b), 0, 0, T_INT8);
}

static void pg_bind_double(store_stmt *s, int i, double v)
{
    char b[40];
    snprintf(b, sizeof b, "%.17g", v);
    set_val(PS(s), i, ward_xstrdup(b), 0, 0, T_FLOAT8);
}

static void pg_bind_blob(store_stmt *s, int i, const void *v, int n)
{
    char *c = ward_xmalloc(n > 0 ? (size_t)n : 1);
    if (n > 0) memcpy(c, v, (size_t)n);
    set_val(PS(s), i, c, n, 1, T_BYTEA);
}

static void pg_bind_null(store_stmt *s, int i) { set_val(PS(s), i, NULL, 0, 0, T_UNKNOWN); }

/* ---- preparing and running ---- */

/* Whether the statement as prepared takes the binds as they are now. */
static int types_fit(const pg_stmt *p)
{
    for (int i = 0; i < p->nparams; i++) {
        unsigned now = p->types[i], was = p->ptypes[i];
        if (!p->vals[i] || now == was) continue;
        if (was == T_UNKNOWN && now != T_BYTEA) continue;   /* the server's type reads the text form */
        return 0;
    }
    return 1;
}

/* Sends p with the binds' types: prepared under its name (a cached
 * statement; *out NULL), or run at once (a one-off; *out its result). A
 * parameter whose type the server cannot tell (a NULL bind in "?1 IS
 * NULL") is retried as text; an operator that does not take a bound type,
 * with every type left to the server. Inside a transaction each try runs
 * under a savepoint, since a failed statement would abort the transaction. */
static int send_typed(pg_stmt *p, PGresult **out)
{
    pg_conn *pc = PC(p->st);
    int guarded = PQtransactionStatus(pc->c) == PQTRANS_INTRANS;
    int nulls_text = 0, infer = 0;
    *out = NULL;
    for (int attempt = 0; attempt < 4; attempt++) {
        for (int i = 0; i < p->nparams; i++) {
            unsigned t = p->vals[i] ? p->types[i] : T_UNKNOWN;
            if (infer && t != T_BYTEA) t = T_UNKNOWN;
            /* A number the SQL never names still needs a type. */
            if (t == T_UNKNOWN && (nulls_text || !p->used[i])) t = T_TEXT;
            p->ptypes[i] = t;
        }
        if (guarded) PQclear(PQexec(pc->c, "SAVEPOINT ward_try"));
        PGresult *r;
        if (p->persistent) {
            if (p->prep_gen == pc->gen) {   /* binds of another type: the old one goes */
                char dealloc[48];
                snprintf(dealloc, sizeof dealloc, "DEALLOCATE %s", p->name);
                PQclear(PQexec(pc->c, dealloc));
                p->prep_gen = -1;
            }
            r = PQprepare(pc->c, p->name, p->sql, p->nparams, (const Oid *)p->ptypes);
        } else {
            r = PQexecParams(pc->c, p->sql, p->nparams, (const Oid *)p->ptypes, (const char *const *)p->vals,
                             p->lens, p->fmts, 0);
        }
        int ok = ok_result(r);
        if (!ok) note_error(pc, r);
        if (guarded) PQclear(PQexec(pc->c, ok ? "RELEASE ward_try" : "ROLLBACK TO ward_try; RELEASE ward_try"));
        if (ok) {
            if (p->persistent) {
                p->prep_gen = pc->gen;
                PQclear(r);
            } else {
                *out = r;
            }
            return 1;
        }
        PQclear(r);
        if ((!strcmp(pc->state, "42P18") || !strcmp(pc->state, "42P08")) && !nulls_text) nulls_text = 1;
        else if ((!strcmp(pc->state, "42883") || !strcmp(pc->state, "42804")) && !infer) infer = 1;
        else return 0;
    }
    return 0;
}

static void drop_row_blobs(pg_stmt *p)
{
    if (!p->blob) return;
    int n = p->res ? PQnfields(p->res) : 0;
    for (int i = 0; i < n; i++) {
        free(p->blob[i]);
        p->blob[i] = NULL;
    }
}

/* Whether p may be sent without waiting for its answer: a write nobody
 * reads but for its new id (store_step_later, store_step_later_id), inside
 * a transaction with no savepoint open, prepared already with these binds'
 * types. */
static int may_queue(pg_stmt *p)
{
    pg_conn *pc = PC(p->st);
    int tx = pc->queued ? 1 : PQtransactionStatus(pc->c) == PQTRANS_INTRANS;
    return p->base.later && p->persistent && tx && !pc->savepoints && !pc->tx_lost &&
           pc->queued < QUEUE_MAX - BATCH_SENDS &&
           p->prep_gen == pc->gen && types_fit(p) && (!p->base.id_out || p->returns_id);
}

/* ---- rows held: one INSERT's rows sent several to a statement ----
 *
 * Each INSERT into a partitioned table sets up its partition (routing,
 * indexes, triggers) when it starts, which costs about what a row does:
 * consecutive executions of one INSERT sent without waiting (a note's
 * facts) are held, and go as one statement of 16, 8, 4, 2 or 1 rows
 * (pg_multi_row writes it from the statement: an upsert's SET reads each
 * row's own values) when another statement comes, or anything waits. Two
 * rows with the same upsert key never share a statement (it may not
 * update a row twice): the first goes first, as it would alone. */

/* A pipelined statement's answer slot that nobody reads. */
static void no_slot(pg_conn *pc)
{
    pc->slot_n[pc->queued] = 1;
    pc->slots[pc->queued++] = NULL;
}

static int pipeline_on(pg_conn *pc)
{
    return PQpipelineStatus(pc->c) != PQ_PIPELINE_OFF || PQenterPipelineMode(pc->c);
}

/* Sends 2^k held rows of p from row `from`, preparing that size first on a
 * new connection. Returns 0 on the connection's error. */
static int send_rows(pg_stmt *p, int from, int k)
{
    pg_conn *pc = PC(p->st);
    int rows = 1 << k, n = p->nparams * rows;
    char name[40];
    snprintf(name, sizeof name, k ? "%s_%d" : "%s", p->name, rows);
    if (k && p->multi_gen[k] != pc->gen) {
        char *sql = NULL;
        int keys[8], nk;
        unsigned *types = ward_xcalloc((size_t)n, sizeof *types);
        for (int i = 0; i < n; i++) types[i] = p->ptypes[i % p->nparams];
        int ok = pg_multi_row(p->sql, p->nparams, rows, &sql, keys, &nk) &&
                 PQsendPrepare(pc->c, name, sql, n, (const Oid *)types);
        free(sql);
        free(types);
        if (!ok) return note_error(pc, NULL), 0;
        no_slot(pc);
        p->multi_gen[k] = pc->gen;
    }
    size_t at = (size_t)from * (size_t)p->nparams;
    if (!PQsendQueryPrepared(pc->c, name, n, (const char *const *)p->held + at, p->held_len + at, p->held_fmt + at, 0))
        return note_error(pc, NULL), 0;
    no_slot(pc);
    return 1;
}

/* Sends the rows held, if any; 0 on the connection's error. */
static int send_held(pg_conn *pc)
{
    pg_stmt *p = pc->batch;
    if (!p) return 1;
    pc->batch = NULL;
    int ok = pipeline_on(pc), from = 0;
    for (int k = BATCH_LOGS - 1; k >= 0; k--)
        for (; ok && p->nheld - from >= 1 << k; from += 1 << k) ok = send_rows(p, from, k);
    for (int i = 0; i < p->nheld * p->nparams; i++) {
        free(p->held[i]);
        p->held[i] = NULL;
    }
    p->nheld = 0;
    return ok;
}

static int same_val(const pg_stmt *p, int row, int i)
{
    const char *a = p->held[row * p->nparams + i], *b = p->vals[i];
    if (!a || !b) return !a && !b;
    int la = p->held_len[row * p->nparams + i], lb = p->lens[i];
    return p->fmts[i] ? la == lb && !memcmp(a, b, (size_t)la) : !strcmp(a, b);
}

/* Whether a held row has the upsert key of p's binds. */
static int key_held(const pg_stmt *p)
{
    for (int r = 0; p->nkeys && r < p->nheld; r++) {
        int same = 1;
        for (int j = 0; j < p->nkeys && same; j++) same = same_val(p, r, p->keys[j]);
        if (same) return 1;
    }
    return 0;
}

/* Holds p's binds as a row to send with the next ones (1), or says p is
 * not an INSERT of that kind (0); -1 on the connection's error. */
static int hold(pg_stmt *p)
{
    pg_conn *pc = PC(p->st);
    if (p->multi < 0) {
        char *sql = NULL;
        p->multi = pg_multi_row(p->sql, p->nparams, 2, &sql, p->keys, &p->nkeys);
        free(sql);
    }
    if (!p->multi || p->base.id_out) return 0;
    if (((pc->batch && pc->batch != p) || (p->nheld && key_held(p))) && !send_held(pc)) return -1;
    if (!p->held) {
        size_t n = (size_t)BATCH_MAX * (size_t)p->nparams;
        p->held = ward_xcalloc(n, sizeof *p->held);
        p->held_len = ward_xcalloc(n, sizeof *p->held_len);
        p->held_fmt = ward_xcalloc(n, sizeof *p->held_fmt);
    }
    for (int i = 0, at = p->nheld * p->nparams; i < p->nparams; i++, at++) {
        p->held[at] = p->vals[i];   /* taken: the next binds replace them anyway */
        p->held_len[at] = p->lens[i];
        p->held_fmt[at] = p->fmts[i];
        p->vals[i] = NULL;
    }
    p->nheld++;
    pc->batch = p;
    if (p->changes_chunks) pc->fold = 1;
    return p->nheld < BATCH_MAX || send_held(pc) ? 1 : -1;
}

/* Sends p in pipeline mode; its answer is read by drain. */
static int queue(pg_stmt *p)
{
    pg_conn *pc = PC(p->st);
    int h = hold(p);
    if (h) return h;
    if (!pipeline_on(pc)) return 0;
    if (!send_held(pc)) return -1;
    if (!PQsendQueryPrepared(pc->c, p->name, p->nparams, (const char *const *)p->vals, p->lens, p->fmts, 0)) {
        note_error(pc, NULL);
        return -1;
    }
    pc->slot_n[pc->queued] = p->base.id_count > 1 ? p->base.id_count : 1;
    pc->slots[pc->queued++] = p->base.id_out;
    if (p->changes_chunks) pc->fold = 1;
    return 1;
}

static int run(pg_stmt *p)
{
    pg_conn *pc = PC(p->st);
    if (may_queue(p)) {
        int q = queue(p);
        if (q) return q > 0 ? STORE_DONE : -1;
    }
    if (!drain(pc)) return -1;
    if (!ensure_conn(pc)) return -1;
    PGresult *r = NULL;
    int was_tx = in_tx(pc);
    if ((!p->persistent || p->prep_gen != pc->gen || !types_fit(p)) && !send_typed(p, &r)) {
        if (pc->lost && was_tx) pc->tx_lost = 1;
        return -1;
    }
    if (!r) r = PQexecPrepared(pc->c, p->name, p->nparams, (const char *const *)p->vals, p->lens, p->fmts, 0);
    if (!ok_result(r)) {
        note_error(pc, r);
        if (pc->lost && was_tx) pc->tx_lost = 1;
        PQclear(r);
        return -1;
    }
    pc->state[0] = 0;
    pc->lost = 0;
    if (p->changes_chunks) pc->fold = 1;
    const char *ct = PQcmdTuples(r);
    pc->changes = *ct ? strtoll(ct, NULL, 10) : 0;
    if (p->returns_id) {
        int n = PQntuples(r);
        if (n > 0) pc->last_id = strtoll(PQgetvalue(r, n - 1, 0), NULL, 10);
        for (int i = 0; p->base.id_out && i < (p->base.id_count > 1 ? p->base.id_count : 1); i++)
            p->base.id_out[i] = i < n ? strtoll(PQgetvalue(r, i, 0), NULL, 10) : 0;
        PQclear(r);
        return STORE_DONE;
    }
    p->res = r;
    p->nrows = PQntuples(r);
    p->row = -1;
    p->blob = ward_xrealloc(p->blob, sizeof *p->blob * (size_t)(PQnfields(r) + 1));
    p->bloblen = ward_xrealloc(p->bloblen, sizeof *p->bloblen * (size_t)(PQnfields(r) + 1));
    memset(p->blob, 0, sizeof *p->blob * (size_t)(PQnfields(r) + 1));
    return 0;
}

static int pg_step(store_stmt *s)
{
    pg_stmt *p = PS(s);
    if (!p->res) {
        int rc = run(p);
        if (rc) return rc;
    }
    drop_row_blobs(p);
    if (p->row + 1 >= p->nrows) {
        p->row = p->nrows;
        return STORE_DONE;
    }
    p->row++;
    return STORE_ROW;
}

static int has(pg_stmt *p, int i)
{
    return p->res && p->row >= 0 && p->row < p->nrows && i >= 0 && i < PQnfields(p->res) &&
           !PQgetisnull(p->res, p->row, i);
}

static const char *pg_col_text(store_stmt *s, int i)
{
    pg_stmt *p = PS(s);
    return has(p, i) ? PQgetvalue(p->res, p->row, i) : NULL;
}

static int64_t pg_col_int64(store_stmt *s, int i)
{
    const char *v = pg_col_text(s, i);
    if (!v) return 0;
    if (PQftype(PS(s)->res, i) == T_BOOL) return *v == 't';
    return strtoll(v, NULL, 10);
}

static double pg_col_double(store_stmt *s, int i)
{
    const char *v = pg_col_text(s, i);
    return v ? strtod(v, NULL) : 0;
}

/* A bytea column of the current row, decoded from its hex text form once. */
static const char *blob_of(pg_stmt *p, int i, int *len)
{
    *len = 0;
    if (!has(p, i)) return NULL;
    if (!p->blob[i]) {
        const char *v = PQgetvalue(p->res, p->row, i);
        size_t n = 0;
        p->blob[i] = pg_unhex(v, &n);
        p->bloblen[i] = (int)n;
    }
    *len = p->bloblen[i];
    return p->blob[i];
}

static const void *pg_col_blob(store_stmt *s, int i)
{
    pg_stmt *p = PS(s);
    int n;
    if (p->res && i >= 0 && i < PQnfields(p->res) && PQftype(p->res, i) == T_BYTEA) return blob_of(p, i, &n);
    return pg_col_text(s, i);
}

static int pg_col_bytes(store_stmt *s, int i)
{
    pg_stmt *p = PS(s);
    int n = 0;
    if (p->res && i >= 0 && i < PQnfields(p->res) && PQftype(p->res, i) == T_BYTEA) blob_of(p, i, &n);
    else if (has(p, i)) n = PQgetlength(p->res, p->row, i);
    return n;
}

static int pg_col_null(store_stmt *s, int i)
{
    pg_stmt *p = PS(s);
    return !has(p, i);
}

static void pg_reset(store_stmt *s)
{
    pg_stmt *p = PS(s);
    drop_row_blobs(p);
    PQclear(p->res);
    p->res = NULL;
    p->row = -1;
    p->nrows = 0;
}

static void pg_clear(store_stmt *s)
{
    pg_stmt *p = PS(s);
    for (int i = 0; i < p->nparams; i++) {
        free(p->vals[i]);
        p->vals[i] = NULL;
        p->types[i] = T_UNKNOWN;
        p->lens[i] = p->fmts[i] = 0;
    }
}

static void pg_finalize(store_stmt *s)
{
    pg_stmt *p = PS(s);
    pg_reset(s);
    pg_clear(s);
    /* A cached statement is finalized only when the store closes, and the
     * connection with it: nothing to deallocate on the server. */
    free(p->sql), free(p->used), free(p->vals), free(p->lens), free(p->fmts), free(p->types), free(p->ptypes);
    free(p->blob), free(p->bloblen);
    if (PC(p->st)->batch == p) PC(p->st)->batch = NULL;   /* the store closes: they go with it */
    for (int i = 0; i < p->nheld * p->nparams; i++) free(p->held[i]);
    free(p->held), free(p->held_len), free(p->held_fmt);
    free(p);
}

static int pg_append_lock(ward_store *st, const char *what, ward_err *err)
{
    store_stmt *s = store_prepare(st, "SELECT pg_advisory_xact_lock(hashtext(?1))", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, what);
    int rc = store_step_done(st, s, err);
    store_finalize(s);
    return rc;
}

/* Before a COMMIT (and after a chunk written outside a transaction): the
 * chunks this connection added or removed go into BM25's statistics, in
 * the same transaction. Nothing to do, no round trip, when it wrote none. */
static int pg_flush(ward_store *st, ward_err *err)
{
    if (!PC(st)->fold) return WARD_OK;
    store_stmt *s = store_cached(st, pg_fold_sql, err);
    int rc = s ? store_step_done(st, s, err) : WARD_EIO;
    if (!rc) PC(st)->fold = 0;
    return rc;
}

/* The planner's statistics after a large load, and whatever chunk changes
 * still wait to be counted (left by another tool, or by a transaction that
 * ended without the store's COMMIT); the GIN index needs no merge. */
static int pg_optimize(ward_store *st, ward_err *err)
{
    PC(st)->fold = 1;
    int rc = pg_flush(st, err);
    return rc ? rc : pg_exec(st, "ANALYZE", err);
}

static const store_engine pg_engine = {
    "postgresql", pg_exec, pg_prepare, pg_last_id, pg_changes, pg_errmsg, pg_busy, pg_unique,
    pg_in_transaction, pg_set_busy, pg_close,
    pg_bind_text, pg_bind_int64, pg_bind_double, pg_bind_blob, pg_bind_null, pg_step,
    pg_col_text, pg_col_int64, pg_col_double, pg_col_blob, pg_col_bytes, pg_col_null, pg_reset, pg_clear,
    pg_finalize, pg_bm25_sql, pg_append_lock, pg_flush, pg_optimize, pg_sync, NULL,
};

/* ---- opening and migrating ---- */

static int read_version(ward_store *st, int *v, ward_err *err)
{
    *v = 0;
    store_stmt *s = store_prepare(st, "SELECT coalesce(max(version), 0) FROM ward_schema", err);
    int step = store_step(s);
    if (step == STORE_ROW) *v = store_int(s, 0);
    return store_finish(st, s, step == STORE_ROW ? STORE_DONE : step, 0, err);
}

/* Applies every "-- version: N" block with N above the stored version,
 * each in its own transaction under an advisory lock: a second node that
 * migrates at the same moment waits, then finds the block applied. */
static int migrate(ward_store *st, ward_err *err)
{
    int latest = store_schema_latest(WARD_SCHEMA_PG_SQL);
    /* The common case, a current schema, costs one read and no lock. */
    ward_err quiet = {0};
    if (read_version(st, &st->version, &quiet) == WARD_OK && st->version >= latest) return WARD_OK;
    int rc = WARD_OK, v;
    size_t n;
    for (const char *b = WARD_SCHEMA_PG_SQL; !rc && (b = store_schema_block(b, &v, &n)); b += n) {
        if (v <= st->version) continue;   /* applied before this open began */
        /* The version table too is made under the lock: two sessions
         * running CREATE TABLE IF NOT EXISTS at once can both try to
         * create it, and one fails. */
        rc = ward_store_exec(st, "BEGIN; SELECT pg_advisory_xact_lock(8353453);"
                             " CREATE TABLE IF NOT EXISTS ward_schema (version integer NOT NULL)", err);
        int now = 0;
        if (!rc) rc = read_version(st, &now, err);
        if (!rc && v > now) {
            char *sql = ward_xstrndup(b, n);
            char set[96];
            snprintf(set, sizeof set, "DELETE FROM ward_schema; INSERT INTO ward_schema VALUES (%d)", v);
            /* Whole blocks go to the server as they are: no translation. */
            PGresult *r = PQexec(PC(st)->c, sql);
            if (!ok_result(r)) {
                note_error(PC(st), r);
                rc = ward_err_set(err, WARD_EIO, "database: %s", PC(st)->msg);
            }
            PQclear(r);
            free(sql);
            if (!rc) rc = ward_store_exec(st, set, err);
        }
        if (!rc) rc = ward_store_exec(st, "COMMIT", err);
        if (rc) {
            ward_store_rollback(st);
            ward_err_prefix(err, "schema migration to version %d failed", v);
            return rc;
        }
        if (v > st->version) st->version = v;
    }
    return rc;
}

int store_pg_open(ward_store *st, const char *location, const ward_store_params *p, ward_err *err)
{
    if (!p->read_only && mkdir(st->dir, 0700) != 0 && errno != EEXIST)
        return ward_err_set(err, WARD_EIO, "cannot create data directory %s: %s", st->dir, strerror(errno));
    pg_conn *pc = ward_xcalloc(1, sizeof *pc);
    pc->lock_ms = p->busy_timeout_ms;
    pc->read_only = p->read_only;
    pc->st = st;
    st->eng = &pg_engine;
    st->conn = pc;
    pc->c = PQconnectdb(location);
    PQsetNoticeProcessor(pc->c, no_notice, NULL);
    if (PQstatus(pc->c) != CONNECTION_OK) {
        /* The message names host and database, never a password. */
        note_error(pc, NULL);
        return ward_err_set(err, WARD_EBUSY, "cannot connect to the PostgreSQL store: %s", PQerrorMessage(pc->c));
    }
    st->busy_ms = p->busy_timeout_ms;
    if (!session_setup(pc))
        return ward_err_set(err, WARD_EIO, "the PostgreSQL store: %s", pc->msg);
    int rc = WARD_OK;
    if (p->read_only || p->must_exist) {
        ward_err e2 = {0};
        if (read_version(st, &st->version, &e2) || !st->version)
            return ward_err_set(err, WARD_ENOTFOUND, "no Ward store in PostgreSQL database %s on %s:%s",
                                PQdb(pc->c), PQhost(pc->c), PQport(pc->c));
    }
    if (!p->read_only) rc = migrate(st, err);
    return rc;
}
