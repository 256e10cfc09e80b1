/* db.c — opening the SQLite store, migrations, and the basic writes.
 *
 * Ideas a reader needs:
 *  - WAL mode with synchronous=NORMAL: a process killed at any moment loses
 *    at most the uncommitted transaction, never consistency.
 *  - The schema lives in schema.sql as numbered blocks; PRAGMA user_version
 *    records how many were applied. Each block is applied in a transaction.
 *  - Idempotency is by content hash: documents have a UNIQUE hash; resources
 *    carry the hash of their JSON and are rewritten only when it changes.
 */
#include "store_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema_sql.h" /* generated from schema.sql: WARD_SCHEMA_SQL */

/* Statements the ingest path runs per record are prepared once per store:
 * keyed by the address of their (static) SQL text. */
#define STMT_CACHE 128

struct ward_store {
    sqlite3 *db;
    char *dir;
    int version;
    int busy_ms;          /* the busy timeout now in force */
    struct { const char *sql; sqlite3_stmt *stmt; } cache[STMT_CACHE];
};

ward_store_params ward_store_default_params(void)
{
    ward_store_params p = {0};
    p.busy_timeout_ms = 10000;
    return p;
}

sqlite3 *store_db(ward_store *st) { return st->db; }
const char *ward_store_dir(ward_store *st) { return st->dir; }
int ward_store_schema_version(ward_store *st) { return st->version; }

int ward_store_exec(ward_store *st, const char *sql, ward_err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        /* Busy (another process holds the write lock) is its own code:
         * callers wait, retry or go on without the write. */
        int code = (rc & 0xff) == SQLITE_BUSY ? WARD_EBUSY : WARD_EIO;
        ward_err_set(err, code, "database: %s", msg ? msg : "error");
        sqlite3_free(msg);
        return code;
    }
    return WARD_OK;
}

int store_fail_at(ward_store *st, ward_err *err, const char *what)
{
    int code = (sqlite3_errcode(st->db) & 0xff) == SQLITE_BUSY ? WARD_EBUSY : WARD_EIO;
    return ward_err_set(err, code, "%s: %s", what, sqlite3_errmsg(st->db));
}

char *store_col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? ward_xstrdup((const char *)t) : NULL;
}

sqlite3_stmt *store_prepare(ward_store *st, const char *sql, ward_err *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        ward_err_set(err, WARD_EIO, "database: %s", sqlite3_errmsg(st->db));
        return NULL;
    }
    return s;
}

sqlite3_stmt *store_cached(ward_store *st, const char *sql, ward_err *err)
{
    int i = 0;
    for (; i < STMT_CACHE && st->cache[i].sql; i++)
        if (st->cache[i].sql == sql) {
            sqlite3_reset(st->cache[i].stmt);
            sqlite3_clear_bindings(st->cache[i].stmt);
            return st->cache[i].stmt;
        }
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
        ward_err_set(err, WARD_EIO, "database: %s", sqlite3_errmsg(st->db));
        return NULL;
    }
    if (i < STMT_CACHE) {
        st->cache[i].sql = sql;
        st->cache[i].stmt = s;
    }
    /* A full cache is a programming error, caught by tests: the statement
     * would leak, so refuse it loudly instead. */
    else {
        sqlite3_finalize(s);
        ward_err_set(err, WARD_EIO, "statement cache full");
        return NULL;
    }
    return s;
}

/* Applies every "-- version: N" block of schema.sql with N > current. */
static int migrate(ward_store *st, ward_err *err)
{
    const char *marker = "-- version: ";
    const char *p = strstr(WARD_SCHEMA_SQL, marker);
    while (p) {
        int v = atoi(p + strlen(marker));
        const char *next = strstr(p + 1, marker);
        if (v > st->version) {
            size_t n = next ? (size_t)(next - p) : strlen(p);
            char *sql = ward_xstrndup(p, n);
            char pragma[64];
            snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", v);
            int rc = ward_store_exec(st, "BEGIN IMMEDIATE", err);
            if (!rc) rc = ward_store_exec(st, sql, err);
            if (!rc) rc = ward_store_exec(st, pragma, err);
            if (!rc) rc = ward_store_exec(st, "COMMIT", err);
            free(sql);
            if (rc) {
                sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
                ward_err_prefix(err, "schema migration to version %d failed", v);
                return rc;
            }
            st->version = v;
        }
        p = next;
    }
    return WARD_OK;
}

/* The highest "-- version: N" of schema.sql. */
static int store_schema_latest(void)
{
    const char *marker = "-- version: ";
    int v = 0;
    for (const char *p = strstr(WARD_SCHEMA_SQL, marker); p; p = strstr(p + 1, marker))
        if (atoi(p + strlen(marker)) > v) v = atoi(p + strlen(marker));
    return v;
}

static int read_version(ward_store *st)
{
    sqlite3_stmt *s = store_prepare(st, "PRAGMA user_version", NULL);
    int v = 0;
    if (s && sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
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
    /* Only a file that does not exist yet is created here: closing any
     * descriptor of a database file drops every POSIX lock this process
     * holds on it, so opening and closing an existing ward.db while other
     * connections of the process use it (ward serve's workers) corrupts it. */
    if (stat(path, &sb) != 0) {
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

int ward_store_open(const char *dir, const ward_store_params *pp, ward_store **out, ward_err *err)
{
    ward_store_params params = pp ? *pp : ward_store_default_params();
    *out = NULL;
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
    ward_store *st = ward_xcalloc(1, sizeof *st);
    st->dir = ward_xstrdup(dir);
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
    int rc = sqlite3_open_v2(immutable ? uri.data : path.data, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    ward_buf_free(&uri);
    ward_buf_free(&path);
    if (rc != SQLITE_OK) {
        ward_err_set(err, WARD_EIO, "cannot open the store in %s: %s", dir,
                     st->db ? sqlite3_errmsg(st->db) : "out of memory");
        ward_store_free(st);
        return WARD_EIO;
    }
    ward_store_set_busy_timeout(st, params.busy_timeout_ms);
    sqlite3_extended_result_codes(st->db, 1);
    /* temp_store stays at its default: savepoint journals then live in
     * memory up to 64 KiB (a record's) and spill to a file beyond. Forced
     * into memory (temp_store = MEMORY), a large record's journal is a
     * chunk list that SQLite walks from its start at the end of every
     * statement: an HL7 message of 20,000 OBX took minutes, more as the
     * store grew. */
    rc = ward_store_exec(st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;", err);
    if (!rc && !params.read_only) rc = ward_store_exec(st, "PRAGMA journal_mode = WAL;", err);
    if (rc) {
        ward_err_prefix(err, "store in %s is not a usable Ward database", dir);
        ward_store_free(st);
        return WARD_EIO;
    }
    st->version = read_version(st);
    if (why && st->version < store_schema_latest()) {
        ward_store_free(st);
        return ward_err_set(err, WARD_EIO, "the store in %s needs a schema upgrade but cannot be written: %s",
                            dir, why);
    }
    if (!params.read_only && (rc = migrate(st, err))) {
        ward_store_free(st);
        return rc;
    }
    *out = st;
    return WARD_OK;
}

void ward_store_free(ward_store *st)
{
    if (!st) return;
    for (int i = 0; i < STMT_CACHE && st->cache[i].sql; i++) sqlite3_finalize(st->cache[i].stmt);
    if (st->db) sqlite3_close_v2(st->db);
    free(st->dir);
    free(st);
}

int ward_store_set_busy_timeout(ward_store *st, int ms)
{
    int old = st->busy_ms;
    st->busy_ms = ms;
    sqlite3_busy_timeout(st->db, ms);
    return old;
}

int ward_store_begin(ward_store *st, ward_err *err) { return ward_store_exec(st, "BEGIN IMMEDIATE", err); }
int ward_store_commit(ward_store *st, ward_err *err) { return ward_store_exec(st, "COMMIT", err); }
void ward_store_rollback(ward_store *st) { sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL); }
int ward_store_savepoint(ward_store *st, ward_err *err) { return ward_store_exec(st, "SAVEPOINT rec", err); }
int ward_store_release(ward_store *st, ward_err *err) { return ward_store_exec(st, "RELEASE rec", err); }

void ward_store_rollback_to(ward_store *st)
{
    sqlite3_exec(st->db, "ROLLBACK TO rec; RELEASE rec;", NULL, NULL, NULL);
}

void store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(s, i);
}

int store_step_done(ward_store *st, sqlite3_stmt *s, ward_err *err)
{
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        rc = store_fail_at(st, err, "database");
        sqlite3_reset(s);
        return rc;
    }
    sqlite3_reset(s);
    return WARD_OK;
}

int ward_store_put_patient(ward_store *st, const ward_patient *p, ward_err *err)
{
    sqlite3_stmt *s = store_cached(st,
        "INSERT INTO patients(id,name,mrn,birth_date,birth_year,sex,race,ethnicity,deceased_date,source)"
        " VALUES(?1,?2,?3,?4,CAST(substr(?4,1,4) AS INTEGER),?5,?6,?7,?8,?9)"
        " ON CONFLICT(id) DO UPDATE SET name=coalesce(?2,name), mrn=coalesce(?3,mrn),"
        " birth_date=coalesce(?4,birth_date), birth_year=coalesce(CAST(substr(?4,1,4) AS INTEGER),birth_year),"
        " sex=coalesce(?5,sex), race=coalesce(?6,race), ethnicity=coalesce(?7,ethnicity),"
        " deceased_date=coalesce(?8,deceased_date), source=coalesce(?9,source),"
        " updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now')", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, p->id);
    store_bind_text(s, 2, p->name);
    store_bind_text(s, 3, p->mrn);
    store_bind_text(s, 4, p->birth_date);
    store_bind_text(s, 5, p->sex);
    store_bind_text(s, 6, p->race);
    store_bind_text(s, 7, p->ethnicity);
    store_bind_text(s, 8, p->deceased_date);
    store_bind_text(s, 9, p->source);
    return store_step_done(st, s, err);
}

int ward_store_patient_exists(ward_store *st, const char *id, int *yes, ward_err *err)
{
    *yes = 0;
    sqlite3_stmt *s = store_cached(st, "SELECT 1 FROM patients WHERE id=?", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, id);
    int step = sqlite3_step(s);
    *yes = step == SQLITE_ROW;
    int rc = step == SQLITE_ROW || step == SQLITE_DONE ? WARD_OK : store_fail(st, err);
    sqlite3_reset(s);
    return rc;
}

int ward_store_put_resource(ward_store *st, const ward_resource *r, int64_t *id, int *changed,
                            ward_err *err)
{
    char hash[65];
    ward_hash_hex(r->json, strlen(r->json), hash);
    *changed = 0;
    sqlite3_stmt *s = store_cached(st, "SELECT id, hash FROM resources WHERE type=? AND fhir_id=?", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, r->type);
    store_bind_text(s, 2, r->fhir_id);
    if (sqlite3_step(s) == SQLITE_ROW) {
        int same = strcmp((const char *)sqlite3_column_text(s, 1), hash) == 0;
        if (id) *id = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
        if (same) return WARD_OK;
    } else {
        sqlite3_reset(s);
    }
    s = store_cached(st,
        "INSERT INTO resources(type,fhir_id,patient_id,encounter_id,code_system,code,display,status,"
        "effective,value_num,value_text,unit,derived,source_doc,span_start,span_end,json,hash)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)"
        " ON CONFLICT(type,fhir_id) DO UPDATE SET patient_id=?3,encounter_id=?4,code_system=?5,"
        "code=?6,display=?7,status=?8,effective=?9,value_num=?10,value_text=?11,unit=?12,"
        "derived=?13,source_doc=?14,span_start=?15,span_end=?16,json=?17,hash=?18"
        " RETURNING id", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, r->type);
    store_bind_text(s, 2, r->fhir_id);
    store_bind_text(s, 3, r->patient_id);
    store_bind_text(s, 4, r->encounter_id);
    store_bind_text(s, 5, r->code_system);
    store_bind_text(s, 6, r->code);
    store_bind_text(s, 7, r->display);
    store_bind_text(s, 8, r->status);
    store_bind_text(s, 9, r->effective);
    if (r->has_value) sqlite3_bind_double(s, 10, r->value_num);
    store_bind_text(s, 11, r->value_text);
    store_bind_text(s, 12, r->unit);
    sqlite3_bind_int(s, 13, r->derived);
    if (r->source_doc) {
        sqlite3_bind_int64(s, 14, r->source_doc);
        sqlite3_bind_int(s, 15, r->span_start);
        sqlite3_bind_int(s, 16, r->span_end);
    }
    store_bind_text(s, 17, r->json);
    store_bind_text(s, 18, hash);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        ward_err_set(err, WARD_EIO, "database: %s", sqlite3_errmsg(st->db));
        sqlite3_reset(s);
        return WARD_EIO;
    }
    if (id) *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    *changed = 1;
    return WARD_OK;
}

int ward_store_add_document(ward_store *st, const ward_document *d, int64_t *id, int *is_new,
                            ward_err *err)
{
    size_t tlen = d->text_len ? d->text_len : strlen(d->text);
    ward_buf key;
    ward_buf_init(&key);
    /* The hash covers where the text belongs as well as the text itself, so
     * the same sentence in two patients' charts stays two documents. */
    ward_buf_printf(&key, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f", d->patient_id ? d->patient_id : "",
                    d->kind, d->source_id ? d->source_id : "", d->date ? d->date : "",
                    d->title ? d->title : "");
    ward_buf_append(&key, d->text, tlen);
    char hash[65];
    ward_hash_hex(key.data, key.len, hash);
    ward_buf_free(&key);
    *is_new = 0;
    sqlite3_stmt *s = store_cached(st, "SELECT id FROM documents WHERE hash=?", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, hash);
    if (sqlite3_step(s) == SQLITE_ROW) {
        if (id) *id = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
        return WARD_OK;
    }
    sqlite3_reset(s);
    s = store_cached(st,
        "INSERT INTO documents(patient_id,kind,title,date,author,author_role,source_format,source_id,"
        "resource_id,text,hash,source_key,version) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,"
        " coalesce((SELECT max(version) FROM documents WHERE source_key = ?12), 0) + 1)", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, d->patient_id);
    store_bind_text(s, 2, d->kind);
    store_bind_text(s, 3, d->title);
    store_bind_text(s, 4, d->date);
    store_bind_text(s, 5, d->author);
    store_bind_text(s, 6, d->author_role);
    store_bind_text(s, 7, d->source_format);
    store_bind_text(s, 8, d->source_id);
    if (d->resource_id) sqlite3_bind_int64(s, 9, d->resource_id);
    sqlite3_bind_text(s, 10, d->text, (int)tlen, SQLITE_TRANSIENT);
    store_bind_text(s, 11, hash);
    store_bind_text(s, 12, d->source_key);
    int rc = store_step_done(st, s, err);
    if (rc) return rc;
    if (id) *id = sqlite3_last_insert_rowid(st->db);
    *is_new = 1;
    return WARD_OK;
}

int ward_store_delete_documents_for_source(ward_store *st, const char *source_format,
                                           const char *source_id, ward_err *err)
{
    sqlite3_stmt *s = store_cached(st,
        "DELETE FROM documents WHERE source_format=? AND source_id=?", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, source_format);
    store_bind_text(s, 2, source_id);
    return store_step_done(st, s, err);
}

int ward_store_add_chunk(ward_store *st, const ward_chunk *c, int64_t *id, ward_err *err)
{
    sqlite3_stmt *s = store_cached(st,
        "INSERT INTO chunks(document_id,seq,section,start,end,text,deid_text,patient_id,kind,date)"
        " SELECT ?1,?2,?3,?4,?5,coalesce(?6,substr(CAST(d.text AS BLOB),?4+1,?5-?4)),?7,"
        " d.patient_id,d.kind,d.date FROM documents d WHERE d.id=?1", err);
    if (!s) return WARD_EIO;
    sqlite3_bind_int64(s, 1, c->document_id);
    sqlite3_bind_int(s, 2, c->seq);
    store_bind_text(s, 3, c->section);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)c->start);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)c->end);
    store_bind_text(s, 6, c->text);
    store_bind_text(s, 7, c->deid_text);
    int rc = store_step_done(st, s, err);
    if (rc) return rc;
    if (sqlite3_changes(st->db) != 1)
        return ward_err_set(err, WARD_ENOTFOUND, "chunk refers to unknown document %lld",
                            (long long)c->document_id);
    if (id) *id = sqlite3_last_insert_rowid(st->db);
    return WARD_OK;
}

int ward_store_add_concept(ward_store *st, const ward_concept *c, int64_t *id, ward_err *err)
{
    sqlite3_stmt *s = store_cached(st,
        "INSERT INTO concepts(chunk_id,document_id,start,end,type,text,norm,code_system,code,assertion)"
        " VALUES(?,?,?,?,?,?,?,?,?,coalesce(?,'present'))", err);
    if (!s) return WARD_EIO;
    if (c->chunk_id) sqlite3_bind_int64(s, 1, c->chunk_id);
    sqlite3_bind_int64(s, 2, c->document_id);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)c->start);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)c->end);
    store_bind_text(s, 5, c->type);
    store_bind_text(s, 6, c->text);
    store_bind_text(s, 7, c->norm_json);
    store_bind_text(s, 8, c->code_system);
    store_bind_text(s, 9, c->code);
    store_bind_text(s, 10, c->assertion);
    int rc = store_step_done(st, s, err);
    if (!rc && id) *id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

int ward_store_meta_get(ward_store *st, const char *key, char **value, ward_err *err)
{
    *value = NULL;
    sqlite3_stmt *s = store_prepare(st, "SELECT value FROM meta WHERE key=?", err);
    if (!s) return WARD_EIO;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) *value = store_col_dup(s, 0);
    return store_finish(st, s, step == SQLITE_ROW ? SQLITE_DONE : step, 0, err);
}

int ward_store_meta_getv(ward_store *st, size_t n, const char *const *keys, char **values, ward_err *err)
{
    int rc = WARD_OK;
    for (size_t i = 0; i < n; i++) values[i] = NULL;
    for (size_t i = 0; i < n && !rc; i++) rc = ward_store_meta_get(st, keys[i], &values[i], err);
    for (size_t i = 0; i < n && rc; i++) {
        free(values[i]);
        values[i] = NULL;
    }
    return rc;
}

int ward_store_meta_set(ward_store *st, const char *key, const char *value, ward_err *err)
{
    sqlite3_stmt *s = store_prepare(st, "INSERT OR REPLACE INTO meta(key,value) VALUES(?,?)", err);
    if (!s) return WARD_EIO;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    if (value) sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s) == SQLITE_DONE ? WARD_OK
                                           : ward_err_set(err, WARD_EIO, "database: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(s);
    return rc;
}
