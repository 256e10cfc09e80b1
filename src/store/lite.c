/* lite.c — the SQLite engine: Ward's embedded default store (DIR/ward.db).
 *
 * Ideas a reader needs:
 *  - WAL mode with synchronous=NORMAL: a process killed at any moment loses
 *    at most the uncommitted transaction, never consistency.
 *  - The schema lives in schema.sql as numbered blocks; PRAGMA user_version
 *    records how many were applied. Each block is applied in a transaction.
 *  - The statement API of store_int.h maps one to one onto sqlite3_*: a
 *    store_stmt here is a sqlite3_stmt with the engine table in front.
 */
#include "store_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "schema_sql.h" /* generated from schema.sql: WARD_SCHEMA_SQL */

typedef struct {
    store_stmt base;
    sqlite3_stmt *s;
} lite_stmt;

#define DB(st) ((sqlite3 *)(st)->conn)
#define S(x) (((lite_stmt *)(x))->s)

/* SQLite's message for the last error, or what it hides: a write refused
 * past the process's file size limit reads "disk I/O error" alone. */
static const char *lite_msg(sqlite3 *db, const char *msg)
{
    if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_IOERR && ward_file_limit_reached())
        return "disk I/O error: a file reached the size limit (ulimit -f)";
    return msg ? msg : "error";
}

static int lite_exec(ward_store *st, const char *sql, ward_err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(DB(st), sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        /* Busy (another process holds the write lock) is its own code:
         * callers wait, retry or go on without the write. */
        int code = (rc & 0xff) == SQLITE_BUSY ? WARD_EBUSY : WARD_EIO;
        ward_err_set(err, code, "database: %s", lite_msg(DB(st), msg));
        sqlite3_free(msg);
        return code;
    }
    return WARD_OK;
}

static const store_engine lite_engine;

static store_stmt *lite_prepare(ward_store *st, const char *sql, int persistent, ward_err *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v3(DB(st), sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &s, NULL) != SQLITE_OK) {
        ward_err_set(err, WARD_EIO, "database: %s", sqlite3_errmsg(DB(st)));
        return NULL;
    }
    lite_stmt *l = ward_xcalloc(1, sizeof *l);
    l->base.eng = &lite_engine;
    l->s = s;
    return &l->base;
}

static int64_t lite_last_id(ward_store *st) { return sqlite3_last_insert_rowid(DB(st)); }
static int64_t lite_changes(ward_store *st) { return sqlite3_changes(DB(st)); }
static const char *lite_errmsg(ward_store *st) { return lite_msg(DB(st), sqlite3_errmsg(DB(st))); }
static int lite_busy(ward_store *st) { return (sqlite3_errcode(DB(st)) & 0xff) == SQLITE_BUSY; }
static int lite_unique(ward_store *st) { return sqlite3_extended_errcode(DB(st)) == SQLITE_CONSTRAINT_UNIQUE; }
static int lite_in_transaction(ward_store *st) { return !sqlite3_get_autocommit(DB(st)); }
static void lite_set_busy(ward_store *st, int ms) { sqlite3_busy_timeout(DB(st), ms); }
static void lite_close(ward_store *st) { sqlite3_close_v2(DB(st)); }

static void lite_bind_text(store_stmt *s, int i, const char *v, int n)
{
    if (v) sqlite3_bind_text(S(s), i, v, n, SQLITE_TRANSIENT);
    else sqlite3_bind_null(S(s), i);
}
static void lite_bind_text_kept(store_stmt *s, int i, const char *v, int n)
{
    if (v) sqlite3_bind_text(S(s), i, v, n, SQLITE_STATIC);
    else sqlite3_bind_null(S(s), i);
}
static void lite_bind_int64(store_stmt *s, int i, int64_t v) { sqlite3_bind_int64(S(s), i, v); }
static void lite_bind_double(store_stmt *s, int i, double v) { sqlite3_bind_double(S(s), i, v); }
static void lite_bind_blob(store_stmt *s, int i, const void *p, int n)
{
    sqlite3_bind_blob(S(s), i, p, n, SQLITE_TRANSIENT);
}
static void lite_bind_null(store_stmt *s, int i) { sqlite3_bind_null(S(s), i); }
static int lite_step(store_stmt *s)
{
    int rc = sqlite3_step(S(s));
    return rc == SQLITE_ROW ? STORE_ROW : rc == SQLITE_DONE ? STORE_DONE : -1;
}
static const char *lite_text(store_stmt *s, int i) { return (const char *)sqlite3_column_text(S(s), i); }
static int64_t lite_int64(store_stmt *s, int i) { return sqlite3_column_int64(S(s), i); }
static double lite_double(store_stmt *s, int i) { return sqlite3_column_double(S(s), i); }
static const void *lite_blob(store_stmt *s, int i) { return sqlite3_column_blob(S(s), i); }
static int lite_bytes(store_stmt *s, int i) { return sqlite3_column_bytes(S(s), i); }
static int lite_null(store_stmt *s, int i) { return sqlite3_column_type(S(s), i) == SQLITE_NULL; }
static void lite_reset(store_stmt *s) { sqlite3_reset(S(s)); }
static void lite_clear(store_stmt *s) { sqlite3_clear_bindings(S(s)); }
static void lite_finalize(store_stmt *s)
{
    sqlite3_finalize(S(s));
    free(s);
}

struct sqlite3 *store_lite_handle(ward_store *st) { return st->eng == &lite_engine ? DB(st) : NULL; }

/* Indexes the chunks above chunks_fts_mark (schema.sql, version 18) in
 * one statement, so FTS5 writes one segment for a whole transaction, and
 * moves the mark up to the last of them. Run before each COMMIT; outside
 * a transaction it makes its own, so the index and the mark change
 * together. */
static int lite_flush(ward_store *st, ward_err *err)
{
    if (st->version < 18) return WARD_OK;   /* migrating: the mark does not exist yet */
    store_stmt *s = store_cached(st, "SELECT 1 FROM chunks WHERE id > (SELECT mark FROM chunks_fts_mark) LIMIT 1", err);
    if (!s) return WARD_EIO;
    int step = store_step(s);
    store_reset(s);
    if (step == STORE_DONE) return WARD_OK;
    if (step != STORE_ROW) return store_fail(st, err);
    int own = sqlite3_get_autocommit(DB(st));
    int rc = own ? ward_store_exec(st, "BEGIN IMMEDIATE", err) : WARD_OK;
    static const char *const steps[] = {
        "INSERT INTO chunks_fts(rowid, text)"
        " SELECT id, text FROM chunks WHERE id > (SELECT mark FROM chunks_fts_mark) ORDER BY id",
        "UPDATE chunks_fts_mark SET mark = (SELECT max(id) FROM chunks)"};
    for (size_t i = 0; i < sizeof steps / sizeof *steps && !rc; i++) {
        if (!(s = store_cached(st, steps[i], err))) rc = WARD_EIO;
        else rc = store_step_done(st, s, err);
    }
    lite_tok_clear(st);   /* the terms queued were for these chunks */
    if (own && !rc) rc = ward_store_exec(st, "COMMIT", err);
    if (own && rc) lite_exec(st, "ROLLBACK", NULL);
    return rc;
}

/* FTS5 keeps a segment per transaction that indexed chunks, merging a
 * few at a time; a search then reads every segment, and its snippets walk
 * them again. 'optimize' merges them into one (0.9 s for 74,000 chunks;
 * a whole-index rewrite, so it runs at `ward index`, not per ingest). */
static int lite_optimize(ward_store *st, ward_err *err)
{
    int rc = lite_flush(st, err);
    if (!rc) rc = lite_exec(st, "INSERT INTO chunks_fts(chunks_fts) VALUES('optimize'); PRAGMA optimize;", err);
    return rc;
}

static const store_engine lite_engine = {
    "sqlite", lite_exec, lite_prepare, lite_last_id, lite_changes, lite_errmsg, lite_busy, lite_unique,
    lite_in_transaction, lite_set_busy, lite_close,
    lite_bind_text, lite_bind_int64, lite_bind_double, lite_bind_blob, lite_bind_null, lite_step,
    lite_text, lite_int64, lite_double, lite_blob, lite_bytes, lite_null, lite_reset, lite_clear,
    lite_finalize, NULL, NULL, lite_flush, lite_optimize, NULL, lite_bind_text_kept,
};

/* ---- the background checkpointer ----
 *
 * A WAL commit only appends; copying the log back into the database (the
 * checkpoint) is done by the connection whose commit grows the log past
 * wal_autocheckpoint pages: during an ingest, the writer, which bounds
 * what --jobs N gains. This thread, with a connection of its own, runs a
 * PASSIVE checkpoint every CKPT_MS: it copies what is committed without
 * taking or waiting for any lock a writer or reader needs, so the
 * writer's own checkpoints find the log mostly copied already; they still
 * finish it, and so let the log start over from its beginning. What the
 * database holds is the same with it or without it, and at any kill. */
#define CKPT_MS 50
#define CKPT_WRITER_PAGES 16384
#define CKPT_NICE 10
#ifndef SQLITE_DEFAULT_WAL_AUTOCHECKPOINT
#define SQLITE_DEFAULT_WAL_AUTOCHECKPOINT 1000
#endif

/* The log's size between long runs: what journal_size_limit cuts it back
 * to (SQLite's usual size: 1,000 pages and their headers). */
#define WAL_LIMIT_BYTES "4194304"

/* A long run of writes (on) lets the log grow to CKPT_WRITER_PAGES and
 * keep its size when a checkpoint starts it over: cut at every restart,
 * the file's blocks were freed and allocated again each time (4,999
 * notes: 3 ftruncates of up to 64 MB, 31 ms of system time). Off: back
 * to SQLite's autocheckpoint and the 4 MB limit. */
static void wal_long(sqlite3 *db, int on)
{
    sqlite3_wal_autocheckpoint(db, on ? CKPT_WRITER_PAGES : SQLITE_DEFAULT_WAL_AUTOCHECKPOINT);
    sqlite3_exec(db, on ? "PRAGMA journal_size_limit = -1" : "PRAGMA journal_size_limit = " WAL_LIMIT_BYTES, NULL,
                 NULL, NULL);
}

struct lite_ckpt {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    int stop;
    sqlite3 *db;
};

static void *ckpt_run(void *arg)
{
    struct lite_ckpt *c = arg;
    /* Behind the writer, like ingest's workers: its copying can wait. */
    ward_thread_lower_priority(CKPT_NICE);
    pthread_mutex_lock(&c->mu);
    while (!c->stop) {
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        t.tv_nsec += CKPT_MS * 1000000L;
        if (t.tv_nsec >= 1000000000L) t.tv_sec++, t.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&c->wake, &c->mu, &t);
        if (c->stop) break;
        pthread_mutex_unlock(&c->mu);
        sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&c->mu);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

void ward_store_checkpointer_start(ward_store *st)
{
    if (st->ckpt || st->eng != &lite_engine || sqlite3_db_readonly(DB(st), "main") != 0) return;
    const char *path = sqlite3_db_filename(DB(st), "main");
    struct lite_ckpt *c = ward_xcalloc(1, sizeof *c);
    if (!path || !*path || sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
        sqlite3_exec(c->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close_v2(c->db);   /* the writer checkpoints alone, as without it */
        free(c);
        return;
    }
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->wake, NULL);
    if (pthread_create(&c->thread, NULL, ckpt_run, c) != 0) {
        pthread_cond_destroy(&c->wake);
        pthread_mutex_destroy(&c->mu);
        sqlite3_close_v2(c->db);
        free(c);
        return;
    }
    st->ckpt = c;
    wal_long(DB(st), 1);
}

/* Without the thread (an ingest with one job), the writer still lets the
 * log grow to CKPT_WRITER_PAGES before it copies it back: a checkpoint
 * about every 64 MB of log instead of every 4 MB, so a page that the
 * next groups change again (an index's, FTS5's) is copied once, and
 * each checkpoint's two fsyncs come far less often (4,999 notes at load
 * 16: fdatasync 64-76 -> 10, pread 37,000 -> 24,000; more groups on a
 * busy machine made more checkpoints). What a kill leaves is the same;
 * the log file takes up to 64 MB for the length of the run, as with the
 * thread. */
void ward_store_long_writes(ward_store *st, int on)
{
    if (st->eng != &lite_engine || st->ckpt || sqlite3_db_readonly(DB(st), "main") != 0) return;
    wal_long(DB(st), on);
    if (on || !sqlite3_get_autocommit(DB(st))) return;
    /* The run's log (up to 64 MB, with the thread or without) is copied
     * back and the file cut to nothing now: closing the last connection
     * would do as much, but while another process has the store open
     * (ward serve) the log kept its largest size (75 MB after 4,999
     * notes). Without waiting: a reader still in the log, or another
     * writer, leaves it to journal_size_limit (store_lite_open), which
     * cuts the log at the first commit after it restarts. */
    int old = ward_store_set_busy_timeout(st, 0);
    sqlite3_wal_checkpoint_v2(DB(st), "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    ward_store_set_busy_timeout(st, old);
}

void ward_store_checkpointer_stop(ward_store *st)
{
    struct lite_ckpt *c = st->ckpt;
    if (!c) return;
    pthread_mutex_lock(&c->mu);
    c->stop = 1;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->thread, NULL);
    pthread_cond_destroy(&c->wake);
    pthread_mutex_destroy(&c->mu);
    sqlite3_close_v2(c->db);
    free(c);
    st->ckpt = NULL;
    wal_long(DB(st), 0);
}

static int cmp_id(const void *a, const void *b)
{
    sqlite3_int64 x, y;
    memcpy(&x, a, sizeof x);
    memcpy(&y, b, sizeof y);
    return (x > y) - (x < y);
}

/* ward_in_ids(id, ids): 1 when id is among ids, a blob of ascending int64:
 * the chunk ids a search's filter passes (search_q.c), tested for each
 * full-text match without a temporary index. */
static void fn_in_ids(sqlite3_context *cx, int argc, sqlite3_value **v)
{
    (void)argc;
    sqlite3_int64 id = sqlite3_value_int64(v[0]);
    const void *ids = sqlite3_value_blob(v[1]);
    size_t n = (size_t)sqlite3_value_bytes(v[1]) / sizeof id;
    sqlite3_result_int(cx, ids && bsearch(&id, ids, n, sizeof id, cmp_id) != NULL);
}

/* Applies every "-- version: N" block of schema.sql with N > current,
 * each in a transaction of its own (lite_schema_apply). The version is
 * read again under the write lock: two processes opening a new store at
 * once both see version 0, and the one that waited for the lock must not
 * apply what the other just did ("table ... already exists"). */
static int migrate(ward_store *st, ward_err *err)
{
    int v;
    size_t n;
    for (const char *b = WARD_SCHEMA_SQL; (b = store_schema_block(b, &v, &n)); b += n) {
        if (v <= st->version) continue;
        char *msg = NULL;
        int rc = lite_schema_apply(DB(st), b, n, v, &msg);
        if (rc != SQLITE_OK) {
            int code = (rc & 0xff) == SQLITE_BUSY ? WARD_EBUSY : WARD_EIO;
            ward_err_set(err, code, "schema migration to version %d failed: database: %s", v,
                         msg ? msg : sqlite3_errstr(rc));
            sqlite3_free(msg);
            return code;
        }
        st->version = v;
    }
    return WARD_OK;
}

/* Whether the store's files can be written: the database file, and the
 * directory (WAL mode creates ward.db-wal and ward.db-shm beside it). When
 * they cannot, *why gets the operating system's reason. */
static int store_writable(const char *dir, const char *path, const char **why)
{
    if (access(path, F_OK) == 0 && access(path, W_OK) != 0) {
        *why = strerror(errno);
        return 0;
    }
    if (access(dir, W_OK) != 0) {
        *why = strerror(errno);
        return 0;
    }
    return 1;
}

/* Store files are owner-only whatever the umask: ward.db is created (or
 * tightened) to 0600 before SQLite opens it, and SQLite gives -wal and
 * -shm the database file's mode. A directory others can enter is the
 * operator's choice, so it only gets a warning. */
static void make_private(const char *dir, const char *path)
{
    struct stat sb;
    if (stat(dir, &sb) == 0 && (sb.st_mode & 077))
        ward_log(WARD_LOG_WARN, "data directory %s is open to other users (mode %03o): chmod 700 it", dir,
                 (unsigned)(sb.st_mode & 0777));
    /* Only a file that does not exist yet is created here (from the
     * schema's image, lite_image.c, or empty, to be migrated): closing any
     * descriptor of a database file drops every POSIX lock this process
     * holds on it, so opening and closing an existing ward.db while other
     * connections of the process use it (ward serve's workers) corrupts it. */
    if (stat(path, &sb) != 0 && !lite_image_create(path)) {
        int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) close(fd); /* else sqlite3_open_v2 reports the reason */
    }
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char f[4096];
        snprintf(f, sizeof f, "%s%s", path, suffix[i]);
        if (stat(f, &sb) == 0 && (sb.st_mode & 077) && sb.st_uid == geteuid()) chmod(f, 0600);
    }
}

/* The pages of SQLite's page caches, all connections' together, come
 * first from one region the kernel may back with 2 MiB pages. A
 * connection's cache fills as it reads and writes (64 MB, cache_size in
 * store_lite_open): in 4 KiB pages that is 16,384 page faults, each about
 * 13 us of CPU on this project's virtual machines; in 2 MiB pages, 32 (an
 * ingest of 4,999 notes: 22,500 page faults -> 3,300, CPU 0.86x). Pages
 * beyond the region, or of another size, are SQLite's usual malloc'd
 * ones; where the kernel gives no large pages (or refuses the advice) the
 * region's pages are 4 KiB ones, as before.
 *
 * SQLite writes a free-list pointer into every slot when it starts
 * (sqlite3PCacheBufferSetup), so the whole region (78 MB) is resident
 * from the first open on: worth it for the process that fills a 64 MB
 * cache (the ingest writer), a loss for every other (ward search: maxrss
 * 17 -> 95 MB; without large pages, 18,000 more page faults). So only a
 * process that asks for it, before its first store opens, gets it
 * (ward_store_large_cache). */
#define POOL_PAGE 4096
#define POOL_PAGES (16384 + 2048)   /* one writer's full cache, and the small ones beside it */
#define HUGE_PAGE (2u << 20)

static int pool_wanted;

void ward_store_large_cache(void) { pool_wanted = 1; }

/* The kernel zeroes each large page on its first write: SQLite's setup
 * writes into every slot of the region, about 0.1 s for its 75 MB on this
 * project's virtual machines, before anything else of the run can start.
 * Two threads fault it in, each half, when the process has a second core
 * (ingest, the one caller, then has its workers on it, not yet started). */
typedef struct { char *at; size_t len; } pool_half;

static void *fault_half(void *arg)
{
    pool_half *h = arg;
#ifdef MADV_POPULATE_WRITE
    madvise(h->at, h->len, MADV_POPULATE_WRITE);
#endif
    return NULL;
}

static void pool_fault_in(char *pool, size_t size)
{
#ifdef MADV_POPULATE_WRITE   /* else there is nothing for a thread to do */
    size_t half = (size / 2) & ~(size_t)(HUGE_PAGE - 1);
    pool_half hi = {pool + half, size - half}, lo = {pool, half};
    pthread_t t;
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2 || pthread_create(&t, NULL, fault_half, &hi) != 0) return;
    fault_half(&lo);
    pthread_join(t, NULL);
#else
    (void)pool, (void)size;
#endif
}

static void page_pool(void)
{
    if (!pool_wanted) return;
    int hdr = 0;
    if (sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr) != SQLITE_OK) return;
    size_t slot = ((size_t)POOL_PAGE + (size_t)hdr + 7) & ~(size_t)7;
    size_t size = slot * POOL_PAGES;
    /* Mapped a large page longer, then started on a large page's
     * boundary: the kernel only backs whole aligned 2 MiB with one. */
    char *map = mmap(NULL, size + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) return;
    char *pool = (char *)(((uintptr_t)map + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    madvise(pool, size, MADV_HUGEPAGE);
    pool_fault_in(pool, size);
    if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, pool, (int)slot, POOL_PAGES) != SQLITE_OK)
        munmap(map, size + HUGE_PAGE);   /* SQLite was started already: its usual pages */
}

/* SQLite keeps memory statistics, which Ward never reads, under a global
 * mutex taken on every allocation (a notes ingest's writer makes millions).
 * The setting only takes before SQLite initializes, so it is made once,
 * before the first connection opens (it fails harmlessly when something
 * opened one already). So are the page caches' region (page_pool) and
 * the VFS that writes each WAL frame in one call (lite_vfs.c). */
static pthread_once_t lite_config_once = PTHREAD_ONCE_INIT;

static void lite_config(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    page_pool();
    lite_vfs_register();
}

/* Switch a store to WAL, waiting up to busy_ms when others hold it. Two
 * processes opening a new store at once can both hold a read lock on it
 * while each wants the exclusive lock the switch needs: SQLite then
 * answers "locked" at once rather than call the busy handler (waiting
 * would deadlock), so the wait is here: a short sleep, then again. */
static int wal_on(ward_store *st, int busy_ms, ward_err *err)
{
    struct timespec pause = {0, 5 * 1000 * 1000};
    for (int waited = 0;; waited += 5) {
        int rc = ward_store_exec(st, "PRAGMA journal_mode = WAL;", err);
        if (rc != WARD_EBUSY || waited >= busy_ms) return rc;
        nanosleep(&pause, NULL);
    }
}

int store_lite_open(ward_store *st, const ward_store_params *pp, ward_err *err)
{
    pthread_once(&lite_config_once, lite_config);
    ward_store_params params = *pp;
    const char *dir = st->dir;
    ward_buf path;
    ward_buf_init(&path);
    ward_buf_printf(&path, "%s/ward.db", dir);
    if ((params.must_exist || params.read_only) && access(path.data, F_OK) != 0) {
        int e = errno;
        ward_buf_free(&path);
        if (e == ENOENT)
            return ward_err_set(err, WARD_ENOTFOUND, "no Ward store in %s (run `ward init`, or check --data)", dir);
        return ward_err_set(err, WARD_EIO, "cannot open the store in %s: %s", dir, strerror(e));
    }
    if (!params.read_only && mkdir(dir, 0700) != 0 && errno != EEXIST) {
        int e = errno;
        ward_buf_free(&path);
        return ward_err_set(err, WARD_EIO, "cannot create data directory %s: %s", dir, strerror(e));
    }
    /* A store on read-only media or with read-only permissions still
     * serves reads (stats, search): open it as read_only. */
    const char *why = NULL;
    if (!params.read_only && access(path.data, F_OK) == 0 && !store_writable(dir, path.data, &why))
        params.read_only = 1;
    if (!params.read_only) make_private(dir, path.data);
    int flags = params.read_only ? SQLITE_OPEN_READONLY
                                 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    /* WAL readers share ward.db-shm; when it is absent and cannot be made
     * (a read-only directory), nobody can be writing: open as immutable. */
    ward_buf uri;
    ward_buf_init(&uri);
    ward_buf_printf(&uri, "%s-shm", path.data);
    int immutable = why && access(uri.data, F_OK) != 0 && access(dir, W_OK) != 0;
    ward_buf_reset(&uri);
    if (immutable) {
        ward_buf_puts(&uri, "file:");
        for (const char *c = path.data; *c; c++)
            if (*c == '?' || *c == '#' || *c == '%') ward_buf_printf(&uri, "%%%02X", (unsigned char)*c);
            else ward_buf_putc(&uri, *c);
        ward_buf_puts(&uri, "?immutable=1");
        flags |= SQLITE_OPEN_URI;
    }
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(immutable ? uri.data : path.data, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    ward_buf_free(&uri);
    ward_buf_free(&path);
    st->eng = &lite_engine;
    st->conn = db;
    if (rc != SQLITE_OK)
        return ward_err_set(err, WARD_EIO, "cannot open the store in %s: %s", dir,
                            db ? sqlite3_errmsg(db) : "out of memory");
    ward_store_set_busy_timeout(st, params.busy_timeout_ms);
    sqlite3_extended_result_codes(db, 1);
    sqlite3_create_function_v2(db, "ward_in_ids", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
                               fn_in_ids, NULL, NULL, NULL);
    if (lite_rank_register(db) != SQLITE_OK || lite_tok_register(st, db) != SQLITE_OK)
        return ward_err_set(err, WARD_EIO, "cannot open the store in %s: SQLite has no FTS5", dir);
    /* temp_store stays at its default: savepoint journals then live in
     * memory up to 64 KiB (a record's) and spill to a file beyond. Forced
     * into memory (temp_store = MEMORY), a large record's journal is a
     * chunk list that SQLite walks from its start at the end of every
     * statement: an HL7 message of 20,000 OBX took minutes, more as the
     * store grew. */
    /* journal_size_limit: a log that grew large (a long ingest lets it
     * reach 64 MB) is cut back to 4 MB, SQLite's usual size, at the first
     * commit after a checkpoint started it over, instead of keeping its
     * largest size for good. */
    rc = ward_store_exec(st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;"
                             " PRAGMA journal_size_limit = " WAL_LIMIT_BYTES ";", err);
    if (!rc && !params.read_only) rc = wal_on(st, params.busy_timeout_ms, err);
    if (rc) {
        ward_err_prefix(err, "store in %s is not a usable Ward database", dir);
        return WARD_EIO;
    }
    st->version = lite_schema_version(DB(st));
    if (why && st->version < store_schema_latest(WARD_SCHEMA_SQL))
        return ward_err_set(err, WARD_EIO, "the store in %s needs a schema upgrade but cannot be written: %s",
                            dir, why);
    if (params.read_only) return WARD_OK;
    if ((rc = migrate(st, err))) return rc;
    /* Chunks another tool added (a sqlite3 shell, a process that was not
     * Ward) wait for an index: the first writer to open gets it. Busy (a
     * writer is at work, and indexes them when it commits) is no error. */
    ward_err e = {0};
    int old = ward_store_set_busy_timeout(st, 0);
    lite_flush(st, &e);
    ward_store_set_busy_timeout(st, old);
    return WARD_OK;
}

