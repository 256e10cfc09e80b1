/* db.c — opening a store (whichever engine), transactions, and the basic
 * writes.
 *
 * Ideas a reader needs:
 *  - The engine is chosen when the store opens; everything after goes
 *    through st->eng (store_int.h), so these writes are written once.
 *  - Idempotency is by content hash: documents have a UNIQUE hash; resources
 *    carry the hash of their JSON and are rewritten only when it changes.
 *    A fresh resource (a note's fact: no row can be there to compare) is
 *    given none (''), so whatever is put over it later is written.
 */
#include "store_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

ward_store_params ward_store_default_params(void)
{
    ward_store_params p = {0};
    p.busy_timeout_ms = 10000;
    return p;
}

const char *ward_store_dir(ward_store *st) { return st->dir; }
int ward_store_schema_version(ward_store *st) { return st->version; }

int ward_store_exec(ward_store *st, const char *sql, ward_err *err) { return st->eng->exec(st, sql, err); }

/* The database a store opens (store.h): malloc'd, or NULL for SQLite. */
static char *store_location(const char *dir, const ward_store_params *p)
{
    const char *env = getenv("WARD_STORE");
    char *v = NULL;
    if (p->location && *p->location) v = ward_xstrdup(p->location);
    else if (env && *env) v = ward_xstrdup(env);
    else if (ward_config_get(dir, "store", &v) == WARD_OK && !*v) {
        free(v);
        v = NULL;
    }
    if (v && (!strcmp(v, "sqlite") || !strcmp(v, "sqlite:"))) {
        free(v);
        v = NULL;
    }
    return v;
}

/* Whether a location names PostgreSQL: a URI, or libpq's key=value words. */
static int is_postgresql(const char *loc)
{
    return ward_str_startswith(loc, "postgresql://") || ward_str_startswith(loc, "postgres://") || strchr(loc, '=');
}

int ward_store_open(const char *dir, const ward_store_params *pp, ward_store **out, ward_err *err)
{
    ward_store_params params = pp ? *pp : ward_store_default_params();
    *out = NULL;
    ward_store *st = ward_xcalloc(1, sizeof *st);
    st->dir = ward_xstrdup(dir);
    char *loc = store_location(dir, &params);
    int rc;
    if (!loc) rc = store_lite_open(st, &params, err);
    else if (is_postgresql(loc)) rc = store_pg_open(st, loc, &params, err);
    else rc = ward_err_set(err, WARD_EUSAGE, "the store location is neither a PostgreSQL URI"
                           " (postgresql://...) nor 'sqlite'");
    free(loc);
    if (!rc && !params.read_only) {
        /* Facts stored before schema version 14 (facts_q.c). Not waiting
         * for a lock, and not an error: a store open for reading, or busy
         * writing, leaves it to the next writer. */
        long compacted;
        ward_err e = {0};
        int old = ward_store_set_busy_timeout(st, 1);
        store_facts_compact(st, &compacted, &e);
        ward_store_set_busy_timeout(st, old);
    }
    if (rc) {
        ward_store_free(st);
        return rc;
    }
    *out = st;
    return WARD_OK;
}

void ward_store_free(ward_store *st)
{
    if (!st) return;
    ward_store_checkpointer_stop(st);
    for (int i = 0; i < STORE_CACHE && st->cache[i].sql; i++) store_finalize(st->cache[i].stmt);
    if (st->conn) st->eng->close(st);
    free(st->dir);
    free(st);
}

int ward_store_set_busy_timeout(ward_store *st, int ms)
{
    int old = st->busy_ms;
    st->busy_ms = ms;
    st->eng->set_busy_timeout(st, ms);
    return old;
}

int ward_store_begin(ward_store *st, ward_err *err) { return ward_store_exec(st, "BEGIN IMMEDIATE", err); }
int ward_store_commit(ward_store *st, ward_err *err)
{
    int rc = st->eng->flush ? st->eng->flush(st, err) : WARD_OK;
    return rc ? rc : ward_store_exec(st, "COMMIT", err);
}
void ward_store_rollback(ward_store *st) { st->eng->exec(st, "ROLLBACK", NULL); }

int ward_store_read_begin(ward_store *st)
{
    /* PostgreSQL would pay two round trips for nothing it needs. */
    if (strcmp(st->eng->name, "sqlite") || st->eng->in_transaction(st)) return 0;
    store_stmt *s = store_cached(st, "BEGIN", NULL);
    int ok = s && store_step(s) == STORE_DONE;
    if (s) store_reset(s);
    return ok;
}

void ward_store_read_end(ward_store *st, int began)
{
    if (!began) return;
    store_stmt *s = store_cached(st, "COMMIT", NULL);
    int ok = s && store_step(s) == STORE_DONE;
    if (s) store_reset(s);
    if (!ok) ward_store_rollback(st);
}
int ward_store_savepoint(ward_store *st, ward_err *err) { return ward_store_exec(st, "SAVEPOINT rec", err); }
int ward_store_release(ward_store *st, ward_err *err) { return ward_store_exec(st, "RELEASE rec", err); }

void ward_store_rollback_to(ward_store *st)
{
    st->eng->exec(st, "ROLLBACK TO rec; RELEASE rec;", NULL);
}

int ward_store_put_patient(ward_store *st, const ward_patient *p, ward_err *err)
{
    store_stmt *s = store_cached(st,
        "INSERT INTO patients(id,name,mrn,birth_date,birth_year,sex,race,ethnicity,deceased_date,source)"
        " VALUES(?1,?2,?3,?4,CAST(substr(?4,1,4) AS INTEGER),?5,?6,?7,?8,?9)"
        " ON CONFLICT(id) DO UPDATE SET name=coalesce(?2,patients.name), mrn=coalesce(?3,patients.mrn),"
        " birth_date=coalesce(?4,patients.birth_date),"
        " birth_year=coalesce(CAST(substr(?4,1,4) AS INTEGER),patients.birth_year),"
        " sex=coalesce(?5,patients.sex), race=coalesce(?6,patients.race), ethnicity=coalesce(?7,patients.ethnicity),"
        " deceased_date=coalesce(?8,patients.deceased_date), source=coalesce(?9,patients.source),"
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
    store_stmt *s = store_cached(st, "SELECT 1 FROM patients WHERE id=?", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, id);
    int step = store_step(s);
    *yes = step == STORE_ROW;
    int rc = step == STORE_ROW || step == STORE_DONE ? WARD_OK : store_fail(st, err);
    store_reset(s);
    return rc;
}

int ward_store_put_resource(ward_store *st, const ward_resource *r, int64_t *id, int *changed,
                            ward_err *err)
{
    char hash[65] = "";
    size_t json_len = strlen(r->json);
    if (!r->fresh) ward_hash_hex(r->json, json_len, hash);
    *changed = 0;
    int64_t found = 0;
    if (!r->fresh) {
        store_stmt *s = store_cached(st, "SELECT id, hash FROM resources WHERE type=? AND fhir_id=?", err);
        if (!s) return WARD_EIO;
        store_bind_text(s, 1, r->type);
        store_bind_text(s, 2, r->fhir_id);
        int step = store_step(s), same = 0;
        if (step == STORE_ROW) {
            same = strcmp(store_text(s, 1), hash) == 0;
            found = store_int64(s, 0);
            if (id) *id = found;
        }
        store_reset(s);
        if (step != STORE_ROW && step != STORE_DONE) return store_fail(st, err);
        if (same) return WARD_OK;
    }
    /* No RETURNING: SQLite keeps returned rows in a temporary table per
     * statement. The id is the row found above, else the one inserted (on
     * PostgreSQL, whose upsert may meet a row another node added since,
     * the engine's last id is the row the statement wrote). */
    store_stmt *s = store_cached(st,
        "INSERT INTO resources(type,fhir_id,patient_id,encounter_id,code_system,code,display,status,"
        "effective,value_num,value_text,unit,derived,source_doc,span_start,span_end,json,hash)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)"
        " ON CONFLICT(type,fhir_id) DO UPDATE SET patient_id=?3,encounter_id=?4,code_system=?5,"
        "code=?6,display=?7,status=?8,effective=?9,value_num=?10,value_text=?11,unit=?12,"
        "derived=?13,source_doc=?14,span_start=?15,span_end=?16,json=?17,hash=?18", err);
    if (!s) return WARD_EIO;
    store_bind_kept(s, 1, r->type, -1);
    store_bind_kept(s, 2, r->fhir_id, -1);
    store_bind_kept(s, 3, r->patient_id, -1);
    store_bind_kept(s, 4, r->encounter_id, -1);
    store_bind_kept(s, 5, r->code_system, -1);
    store_bind_kept(s, 6, r->code, -1);
    store_bind_kept(s, 7, r->display, -1);
    store_bind_kept(s, 8, r->status, -1);
    store_bind_kept(s, 9, r->effective, -1);
    if (r->has_value) store_bind_double(s, 10, r->value_num);
    store_bind_kept(s, 11, r->value_text, -1);
    store_bind_kept(s, 12, r->unit, -1);
    store_bind_int64(s, 13, r->derived);
    if (r->source_doc) {
        store_bind_int64(s, 14, r->source_doc);
        store_bind_int64(s, 15, r->span_start);
        store_bind_int64(s, 16, r->span_end);
    }
    store_bind_kept(s, 17, r->json, (int)json_len);
    store_bind_kept(s, 18, hash, -1);
    /* A note's facts (no id wanted) need not wait for each answer. */
    int rc = id ? store_step_done(st, s, err) : store_step_later(st, s, err);
    if (rc) return rc;
    if (id) *id = found ? found : store_last_id(st);
    *changed = 1;
    return WARD_OK;
}

/* A document's content hash. It covers where the text belongs as well as
 * the text itself, so the same sentence in two patients' charts stays two
 * documents. */
void ward_store_document_hash(const ward_document *d, char hash[65])
{
    size_t tlen = d->text_len ? d->text_len : strlen(d->text);
    ward_buf key;
    ward_buf_init(&key);
    ward_buf_printf(&key, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f", d->patient_id ? d->patient_id : "",
                    d->kind, d->source_id ? d->source_id : "", d->date ? d->date : "",
                    d->title ? d->title : "");
    ward_buf_append(&key, d->text, tlen);
    ward_hash_hex(key.data, key.len, hash);
    ward_buf_free(&key);
}

/* *id: the document with this hash, or 0. The hash covers the patient;
 * naming the patient too lets PostgreSQL read one partition (its
 * documents are partitioned by patient_id). */
static int find_document(ward_store *st, const char *hash, const char *patient_id, int64_t *id, ward_err *err)
{
    *id = 0;
    store_stmt *s = patient_id ? store_cached(st, "SELECT id FROM documents WHERE hash=?1 AND patient_id=?2", err)
                               : store_cached(st, "SELECT id FROM documents WHERE hash=?1 AND patient_id IS NULL", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, hash);
    if (patient_id) store_bind_text(s, 2, patient_id);
    int step = store_step(s);
    if (step == STORE_ROW) *id = store_int64(s, 0);
    store_reset(s);
    return step == STORE_ROW || step == STORE_DONE ? WARD_OK : store_fail(st, err);
}

int ward_store_document_stored(ward_store *st, const ward_document *d, int64_t *id, ward_err *err)
{
    char own[65];
    if (!d->hash) ward_store_document_hash(d, own);
    return find_document(st, d->hash ? d->hash : own, d->patient_id, id, err);
}

int ward_store_add_document(ward_store *st, const ward_document *d, int64_t *id, int *is_new,
                            ward_err *err)
{
    size_t tlen = d->text_len ? d->text_len : strlen(d->text);
    char own[65];
    if (!d->hash) ward_store_document_hash(d, own);
    const char *hash = d->hash ? d->hash : own;
    *is_new = 0;
    int64_t found = 0;
    int rc = d->unstored ? WARD_OK : find_document(st, hash, d->patient_id, &found, err);
    if (rc || found) {
        if (id) *id = found;
        return rc;
    }
    store_stmt *s = store_cached(st,
        "INSERT INTO documents(patient_id,kind,title,date,author,author_role,source_format,source_id,"
        "resource_id,text,hash,source_key,version) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,"
        " coalesce((SELECT max(version) FROM documents WHERE source_key = ?12), 0) + 1)", err);
    if (!s) return WARD_EIO;
    store_bind_kept(s, 1, d->patient_id, -1);
    store_bind_kept(s, 2, d->kind, -1);
    store_bind_kept(s, 3, d->title, -1);
    store_bind_kept(s, 4, d->date, -1);
    store_bind_kept(s, 5, d->author, -1);
    store_bind_kept(s, 6, d->author_role, -1);
    store_bind_kept(s, 7, d->source_format, -1);
    store_bind_kept(s, 8, d->source_id, -1);
    if (d->resource_id) store_bind_int64(s, 9, d->resource_id);
    store_bind_kept(s, 10, d->text, (int)tlen);
    store_bind_kept(s, 11, hash, -1);
    store_bind_kept(s, 12, d->source_key, -1);
    if ((rc = store_step_done(st, s, err))) return rc;
    if (id) *id = store_last_id(st);
    *is_new = 1;
    return WARD_OK;
}

int ward_store_delete_documents_for_source(ward_store *st, const char *source_format,
                                           const char *source_id, ward_err *err)
{
    store_stmt *s = store_cached(st,
        "DELETE FROM documents WHERE source_format=? AND source_id=?", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, source_format);
    store_bind_text(s, 2, source_id);
    return store_step_done(st, s, err);
}

/* INSERTs of 1, 2, 4, 8 and 16 rows (sql[k]: 2^k rows), made once from
 * head and a row whose values are '#' (each becomes the next ?N): n rows
 * take at most one statement per bit of n, then 16 at a time
 * (rows_split). On PostgreSQL each INSERT into a partitioned table sets
 * up its partition (routing, indexes, triggers) once per statement, which
 * cost more than a concept row itself. */
enum { ROW_LOGS = 5 };

static void rows_sql_make(char *sql[ROW_LOGS], const char *head, const char *row)
{
    for (int k = 0; k < ROW_LOGS; k++) {
        ward_buf b;
        ward_buf_init(&b);
        ward_buf_puts(&b, head);
        for (int r = 0, p = 0; r < 1 << k; r++) {
            if (r) ward_buf_putc(&b, ',');
            for (const char *c = row; *c; c++) {
                if (*c == '#') ward_buf_printf(&b, "?%d", ++p);
                else ward_buf_putc(&b, *c);
            }
        }
        sql[k] = ward_buf_steal(&b);
    }
}

/* The size (log 2) of the next statement for n > 0 rows left: the
 * largest that fits. */
static int rows_split(size_t n)
{
    int k = ROW_LOGS - 1;
    while (k > 0 && ((size_t)1 << k) > n) k--;
    return k;
}

/* What chunks.deid_text holds for a chunk (schema.sql, version 13): NULL
 * when the de-identified text is the text itself (about 90% of note
 * chunks: no identifier in them), '' when the chunk was not de-identified
 * (records, ingest without de-identification), else the de-identified
 * text. So coalesce(deid_text, text) is the text a researcher may see, and
 * a chunk never de-identified yields nothing rather than its text. */
static const char *deid_column(const ward_chunk *c)
{
    if (!c->deid_text) return "";
    return c->text && !strcmp(c->deid_text, c->text) ? NULL : c->deid_text;
}

/* One chunk's values as parameters base+1 .. base+7, and with_doc its
 * document's patient, kind and date as base+8 .. base+10. Kept, not
 * copied: the caller's strings outlive the statement's step. */
static void bind_chunk(store_stmt *s, int base, const ward_chunk *c, int with_doc)
{
    store_bind_int64(s, base + 1, c->document_id);
    store_bind_int64(s, base + 2, c->seq);
    store_bind_kept(s, base + 3, c->section, -1);
    store_bind_int64(s, base + 4, c->start);
    store_bind_int64(s, base + 5, c->end);
    store_bind_kept(s, base + 6, c->text, -1);
    store_bind_kept(s, base + 7, deid_column(c), -1);
    if (!with_doc) return;
    store_bind_kept(s, base + 8, c->doc->patient_id, -1);
    store_bind_kept(s, base + 9, c->doc->kind, -1);
    store_bind_kept(s, base + 10, c->doc->date, -1);
}

/* later: *id may wait for ward_store_sync (the direct form only: its
 * VALUES always make one row, so there is no count to check). */
static int add_chunk(ward_store *st, const ward_chunk *c, int64_t *id, int later, ward_err *err)
{
    /* With the document and the text at hand, its row is not read again. */
    int direct = c->doc && c->text;
    store_stmt *s = direct
        ? store_cached(st, "INSERT INTO chunks(document_id,seq,section,start,end,text,deid_text,patient_id,kind,date)"
                           " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)", err)
        : store_cached(st, "INSERT INTO chunks(document_id,seq,section,start,end,text,deid_text,patient_id,kind,date)"
                           " SELECT ?1,?2,?3,?4,?5,coalesce(?6,substr(CAST(d.text AS BLOB),?4+1,?5-?4)),?7,"
                           " d.patient_id,d.kind,d.date FROM documents d WHERE d.id=?1", err);
    if (!s) return WARD_EIO;
    bind_chunk(s, 0, c, direct);
    int rc;
    if (later && direct && st->eng->in_transaction(st)) {
        rc = store_step_later_id(st, s, id, err);
        if (!rc && c->fts_terms) lite_tok_queue(st, c->text, strlen(c->text), c->fts_terms, c->fts_terms_len);
        return rc;
    }
    rc = store_step_done(st, s, err);
    if (rc) return rc;
    if (store_changes(st) != 1)
        return ward_err_set(err, WARD_ENOTFOUND, "chunk refers to unknown document %lld",
                            (long long)c->document_id);
    if (id) *id = store_last_id(st);
    /* Outside a transaction the chunk committed on its own: index it now
     * (inside one, ward_store_commit does). */
    if (!st->eng->in_transaction(st) && st->eng->flush) rc = st->eng->flush(st, err);
    return rc;
}

int ward_store_add_chunk(ward_store *st, const ward_chunk *c, int64_t *id, ward_err *err)
{
    return add_chunk(st, c, id, 0, err);
}

int ward_store_add_chunk_later(ward_store *st, const ward_chunk *c, int64_t *id, ward_err *err)
{
    return add_chunk(st, c, id, 1, err);
}

static char *chunks_sql[ROW_LOGS];
static pthread_once_t chunks_once = PTHREAD_ONCE_INIT;

static void chunks_sql_make(void)
{
    rows_sql_make(chunks_sql, "INSERT INTO chunks(document_id,seq,section,start,end,text,deid_text,patient_id,kind,date)"
                              " VALUES", "(#,#,#,#,#,#,#,#,#,#)");
}

/* 2^k chunks (each with its document and text at hand) in one INSERT;
 * their terms, when a worker made them, queued in the same order. */
static int add_chunks_log(ward_store *st, const ward_chunk *c, int k, int64_t *ids, ward_err *err)
{
    pthread_once(&chunks_once, chunks_sql_make);
    store_stmt *s = store_cached(st, chunks_sql[k], err);
    if (!s) return WARD_EIO;
    for (int r = 0; r < 1 << k; r++) bind_chunk(s, r * 10, &c[r], 1);
    int rc = store_step_later_ids(st, s, ids, 1 << k, err);
    for (int r = 0; r < 1 << k && !rc; r++)
        if (c[r].fts_terms) lite_tok_queue(st, c[r].text, strlen(c[r].text), c[r].fts_terms, c[r].fts_terms_len);
    return rc;
}

int ward_store_add_chunks_later(ward_store *st, const ward_chunk *c, size_t n, int64_t *ids, ward_err *err)
{
    int rc = WARD_OK;
    /* Several to a statement inside a transaction: on PostgreSQL each
     * statement sets up its partition; on SQLite a statement's step costs
     * about 5,000 instructions beyond its rows (a note's 9 chunks: 2
     * statements instead of 9). A statement's rows take consecutive ids
     * there (a new rowid is the largest + 1). */
    int batch = st->eng->in_transaction(st);
    for (size_t i = 0; i < n && batch; i++) batch = c[i].doc && c[i].text;
    while (n && !rc) {
        int k = batch ? rows_split(n) : 0;
        rc = batch ? add_chunks_log(st, c, k, ids, err) : add_chunk(st, c, ids, 1, err);
        c += (size_t)1 << k, ids += (size_t)1 << k, n -= (size_t)1 << k;
    }
    return rc;
}

int ward_store_fts_terms(ward_store *st, const char *text, size_t len, ward_buf *out)
{
    return store_lite_handle(st) ? lite_tok_document(st, text, len, out) : WARD_EUSAGE;
}

int ward_store_sync(ward_store *st, ward_err *err)
{
    return store_sync(st, err);
}

/* One concept's eleven values, as parameters base+1 .. base+11. Kept, not
 * copied: the caller's strings outlive the statement's step. */
static void bind_concept(store_stmt *s, int base, const ward_concept *c)
{
    if (c->chunk_id) store_bind_int64(s, base + 1, c->chunk_id);
    store_bind_int64(s, base + 2, c->document_id);
    store_bind_int64(s, base + 3, c->start);
    store_bind_int64(s, base + 4, c->end);
    store_bind_kept(s, base + 5, c->type, -1);
    store_bind_kept(s, base + 6, c->text, -1);
    store_bind_kept(s, base + 7, c->norm_json, -1);
    store_bind_kept(s, base + 8, c->code_system, -1);
    store_bind_kept(s, base + 9, c->code, -1);
    store_bind_kept(s, base + 10, c->assertion, -1);
    store_bind_kept(s, base + 11, c->patient_id, -1);
}

static char *concepts_sql[ROW_LOGS];
static pthread_once_t concepts_once = PTHREAD_ONCE_INIT;

static void concepts_sql_make(void)
{
    rows_sql_make(concepts_sql, "INSERT INTO concepts(chunk_id,document_id,start,end,type,text,norm,code_system,code,"
                                "assertion,patient_id) VALUES", "(#,#,#,#,#,#,#,#,#,coalesce(#,'present'),#)");
}

/* 2^k concepts in one INSERT. */
static int add_concepts_log(ward_store *st, const ward_concept *c, int k, int64_t *id, ward_err *err)
{
    pthread_once(&concepts_once, concepts_sql_make);
    store_stmt *s = store_cached(st, concepts_sql[k], err);
    if (!s) return WARD_EIO;
    for (int r = 0; r < 1 << k; r++) bind_concept(s, r * 11, &c[r]);
    int rc = id ? store_step_done(st, s, err) : store_step_later(st, s, err);
    if (!rc && id) *id = store_last_id(st);
    return rc;
}

int ward_store_add_concept(ward_store *st, const ward_concept *c, int64_t *id, ward_err *err)
{
    /* A note's dozens of concepts need not wait for each answer. */
    return add_concepts_log(st, c, 0, id, err);
}

int ward_store_add_concepts(ward_store *st, const ward_concept *c, size_t n, ward_err *err)
{
    int rc = WARD_OK;
    while (n && !rc) {
        int k = rows_split(n);
        rc = add_concepts_log(st, c, k, NULL, err);
        c += (size_t)1 << k, n -= (size_t)1 << k;
    }
    return rc;
}

int ward_store_meta_get(ward_store *st, const char *key, char **value, ward_err *err)
{
    *value = NULL;
    /* Cached: a server reads the vectors stamp on every search. */
    store_stmt *s = store_cached(st, "SELECT value FROM meta WHERE key=?", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, key);
    int step = store_step(s);
    if (step == STORE_ROW) *value = store_col_dup(s, 0);
    int rc = step == STORE_ROW || step == STORE_DONE ? WARD_OK : store_fail(st, err);
    store_reset(s);
    return rc;
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
    store_stmt *s = store_prepare(st, "INSERT INTO meta(key,value) VALUES(?1,?2)"
                                      " ON CONFLICT(key) DO UPDATE SET value = excluded.value", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, key);
    if (value) store_bind_text(s, 2, value);
    int rc = store_step(s) == STORE_DONE ? WARD_OK
                                           : ward_err_set(err, WARD_EIO, "database: %s", store_errmsg(st));
    store_finalize(s);
    return rc;
}
