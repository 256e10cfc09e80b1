/* facts_q.c — a note's facts as FHIR JSON, the evidence chunks the
 * chart's facts cite, and the notes' chunks the tasks quote.
 *
 * The facts themselves, reconciled, are reconcile.c's. A record derived
 * from a note has no readable record document of its own: it is cited
 * through the chunk of the note that holds its span. Its FHIR JSON is not
 * stored: the row keeps the fact's few fields (ward_found_to_fact) and it
 * is rendered here when read, byte for byte what it was at ingest (schema
 * version 14; rows stored before keep their JSON).
 */
#include "store_int.h"

#include "ward/funnel.h"

#include <stdlib.h>
#include <string.h>

int ward_store_chunk_read(ward_store *st, int64_t chunk_id, ward_chunk_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_cached(st,
        "SELECT c.document_id, coalesce(d.title, d.kind), c.text, c.start, d.date FROM chunks c"
        " JOIN documents d ON d.id = c.document_id WHERE c.id = ?", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, chunk_id);
    int step = store_step(s), rc = store_row_code(st, step, err, "no chunk %lld", (long long)chunk_id);
    if (step == STORE_ROW) {
        ward_chunk_row c = {.id = chunk_id, .document_id = store_int64(s, 0), .title = store_text(s, 1),
                            .text = store_text(s, 2), .len = (size_t)store_bytes(s, 2),
                            .start = (size_t)store_int64(s, 3), .date = store_text(s, 4)};
        if (!c.text) c.text = "";
        fn(ud, &c);
    }
    store_reset(s);
    return rc;
}

/* One integer from a one-row query of one text or integer parameter. */
static int one_id(ward_store *st, store_stmt *s, int64_t *id, const char *what, ward_err *err)
{
    int step = store_step(s), rc = store_row_code(st, step, err, "no %s", what);
    *id = step == STORE_ROW ? store_int64(s, 0) : 0;
    store_reset(s);
    return rc;
}

int ward_store_resource_chunk(ward_store *st, int64_t rid, int64_t *chunk_id, size_t *qs, size_t *qe, ward_err *err)
{
    store_stmt *s = store_cached(st,
        "SELECT id, qs, qe FROM (SELECT c.id, 0 AS qs, 0 AS qe, 0 AS pref, d.id AS doc, c.seq FROM documents d"
        " JOIN chunks c ON c.document_id = d.id WHERE d.resource_id = ?1"
        " UNION ALL SELECT c.id, r.span_start - c.start, r.span_end - c.start, 1, 0, c.seq FROM resources r"
        " JOIN chunks c ON c.document_id = r.source_doc AND c.start <= r.span_start AND c.end >= r.span_end"
        " WHERE r.id = ?1 AND r.derived = 1) AS hit"
        " ORDER BY pref, doc DESC, seq LIMIT 1", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, rid);
    int step = store_step(s), rc = store_row_code(st, step, err, "no readable record");
    *chunk_id = 0, *qs = *qe = 0;
    if (step == STORE_ROW) {
        *chunk_id = store_int64(s, 0);
        *qs = (size_t)store_int64(s, 1), *qe = (size_t)store_int64(s, 2);
    }
    store_reset(s);
    return rc;
}

int ward_store_latest_plan_chunk(ward_store *st, const char *patient, int64_t *chunk_id, ward_err *err)
{
    store_stmt *s = store_cached(st,
        "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id"
        " WHERE d.patient_id = ?1 AND d.kind NOT IN ('record','transcript')"
        " AND (upper(coalesce(c.section,'')) LIKE '%PLAN%' OR upper(coalesce(c.section,'')) LIKE '%INSTRUCTION%')"
        " ORDER BY d.date DESC, d.id DESC, c.seq LIMIT 1", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, patient);
    return one_id(st, s, chunk_id, "plan in the notes", err);
}

int ward_store_latest_note_chunks(ward_store *st, const char *patient, const char *prefer, int max,
                                  int64_t *chunk_ids, int *n, ward_err *err)
{
    *n = 0;
    store_stmt *s = store_cached(st,
        "SELECT d.id, (SELECT c.id FROM chunks c WHERE c.document_id = d.id ORDER BY"
        "   (upper(coalesce(c.section,'')) LIKE '%' || ?3 || '%') DESC,"
        "   (upper(coalesce(c.section,'')) LIKE '%ASSESSMENT%' OR upper(coalesce(c.section,'')) LIKE '%PLAN%'"
        "    OR upper(coalesce(c.section,'')) LIKE '%IMPRESSION%') DESC, c.seq LIMIT 1)"
        " FROM documents d WHERE d.patient_id = ?1 AND d.kind NOT IN ('record','transcript')"
        " AND d.superseded_at IS NULL"
        " ORDER BY d.date DESC, d.id DESC LIMIT ?2", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, patient);
    store_bind_int64(s, 2, max);
    store_bind_text(s, 3, prefer ? prefer : "ASSESSMENT");
    int step;
    while ((step = store_step(s)) == STORE_ROW && *n < max) chunk_ids[(*n)++] = store_int64(s, 1);
    int rc = step == STORE_DONE || step == STORE_ROW ? WARD_OK : store_fail(st, err);
    store_reset(s);
    return rc;
}

int ward_store_note_texts(ward_store *st, const char *patient, ward_text_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "SELECT text FROM chunks WHERE patient_id = ?1 AND kind NOT IN ('record','transcript')", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, patient);
    int step = STORE_DONE, stop = 0;
    while (!stop && (step = store_step(s)) == STORE_ROW) stop = fn(ud, store_text(s, 0) ? store_text(s, 0) : "");
    return store_finish(st, s, step, stop, err);
}

const char *store_resource_json(store_stmt *s, int col, ward_buf *b)
{
    const char *json = store_text(s, col);
    if (!json || json[0] != '[' || !store_int64(s, col + 1)) return json;
    ward_fhir_ctx ctx = {store_text(s, col + 5), store_int64(s, col + 2), store_text(s, col + 6)};
    size_t start = (size_t)store_int64(s, col + 3), end = (size_t)store_int64(s, col + 4);
    return ward_fact_to_fhir(json, start, end, &ctx, b) ? b->data : NULL;
}

/* ---- facts stored before schema version 14, put in the compact form ---- */

static int add_vocab(void *ud, const char *system, const char *code, const char *description)
{
    ward_extractor_add_vocab(ud, system, code, description);
    return 0;
}

/* An extractor as ingest builds one: the site's rule files in the data
 * directory and the store's vocabularies. */
static int compact_extractor(ward_store *st, ward_extractor **ex, ward_err *err)
{
    char ctx[4096], lex[4096];
    ward_extractor_params p = ward_extractor_default_params();
    ward_extractor_site_files(st->dir, &p, ctx, lex);
    int rc = ward_extractor_new(&p, ex, err);
    if (!rc && (rc = ward_store_vocab_each(st, add_vocab, *ex, err))) {
        ward_extractor_free(*ex);
        *ex = NULL;
    }
    return rc;
}

/* A fact of one note as stored before version 14. */
typedef struct old_fact {
    int64_t id;
    char *json, *type, *patient, *date;
    size_t start, end;
} old_fact;

static void old_facts_free(old_fact *v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i].json), free(v[i].type), free(v[i].patient), free(v[i].date);
    free(v);
}

static char *dup_or_null(const char *s) { return s ? ward_xstrdup(s) : NULL; }

/* The facts of document doc still whole, and its text (*text malloc'd). */
static int old_facts_of(ward_store *st, int64_t doc, old_fact **out, size_t *n, char **text, size_t *len,
                        ward_err *err)
{
    *out = NULL, *n = 0, *text = NULL, *len = 0;
    store_stmt *s = store_cached(st, "SELECT text FROM documents WHERE id = ?1", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, doc);
    int step = store_step(s);
    if (step == STORE_ROW && store_text(s, 0)) {
        *len = (size_t)store_bytes(s, 0);
        *text = ward_xstrndup(store_text(s, 0), *len);
    }
    store_reset(s);
    if (step != STORE_ROW && step != STORE_DONE) return store_fail(st, err);
    s = store_cached(st, "SELECT id, json, type, patient_id, effective, span_start, span_end FROM resources"
                         " WHERE source_doc = ?1 AND derived = 1 AND json LIKE '{%' ORDER BY id", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, doc);
    size_t cap = 0;
    while ((step = store_step(s)) == STORE_ROW) {
        if (*n == cap) *out = ward_xrealloc(*out, sizeof **out * (cap = cap ? cap * 2 : 16));
        (*out)[(*n)++] = (old_fact){store_int64(s, 0), ward_xstrdup(store_text(s, 1)), ward_xstrdup(store_text(s, 2)),
                                    dup_or_null(store_text(s, 3)), dup_or_null(store_text(s, 4)),
                                    (size_t)store_int64(s, 5), (size_t)store_int64(s, 6)};
    }
    store_reset(s);
    return step == STORE_DONE ? WARD_OK : store_fail(st, err);
}

/* The compact form of f into fact when one concept of x renders its very
 * JSON; 0 when none does (the rules changed since, or a hand-made row). */
static int compact_form(const ward_extraction *x, const char *text, int64_t doc, const old_fact *f, ward_buf *fact,
                        ward_buf *json)
{
    ward_fhir_ctx ctx = {f->patient, doc, f->date};
    for (size_t i = 0; i < x->nconcepts; i++) {
        const ward_found *c = &x->concepts[i];
        if (c->start != f->start || c->end != f->end || !ward_found_is_fact(c)) continue;
        ward_fhir_row row;
        ward_found_to_fact(c, text, &ctx, fact, &row);
        if (strcmp(row.type, f->type)) continue;
        if (ward_fact_to_fhir(fact->data, f->start, f->end, &ctx, json) && !strcmp(json->data, f->json)) return 1;
    }
    return 0;
}

/* Puts the facts of document doc in the compact form where it renders the
 * JSON stored; *done counts them. */
static int compact_document(ward_store *st, ward_extractor *ex, ward_extraction *x, int64_t doc, long *done,
                            ward_err *err)
{
    old_fact *v;
    size_t n, len;
    char *text;
    int rc = old_facts_of(st, doc, &v, &n, &text, &len, err);
    if (!rc && n && text) {
        ward_extract(ex, text, len, x);
        store_stmt *s = store_cached(st, "UPDATE resources SET json = ?1, hash = '' WHERE id = ?2", err);
        if (!s) rc = WARD_EIO;
        ward_buf fact, json;
        ward_buf_init(&fact);
        ward_buf_init(&json);
        for (size_t i = 0; i < n && !rc; i++) {
            if (!compact_form(x, text, doc, &v[i], &fact, &json)) continue;
            store_bind_text(s, 1, fact.data);
            store_bind_int64(s, 2, v[i].id);
            if (!(rc = store_step_done(st, s, err))) ++*done;
        }
        ward_buf_free(&fact);
        ward_buf_free(&json);
    }
    old_facts_free(v, n);
    free(text);
    return rc;
}

/* The notes that have facts stored whole, into *docs. */
static int old_fact_documents(ward_store *st, int64_t **docs, size_t *n, ward_err *err)
{
    store_stmt *s = store_cached(st, "SELECT DISTINCT source_doc FROM resources"
                                     " WHERE source_doc IS NOT NULL AND derived = 1 AND json LIKE '{%'", err);
    return s ? store_read_ids(st, s, "cannot list the notes' facts", docs, n, err) : WARD_EIO;
}

/* Whether schema version 14's request is still there (one read, no lock). */
static int compact_pending(ward_store *st, int *yes, ward_err *err)
{
    store_stmt *s = store_cached(st, "SELECT 1 FROM meta WHERE key = 'facts.compact'", err);
    if (!s) return WARD_EIO;
    int step = store_step(s);
    *yes = step == STORE_ROW;
    store_reset(s);
    return step == STORE_ROW || step == STORE_DONE ? WARD_OK : store_fail(st, err);
}

/* Notes a transaction of the conversion goes over: the log stays small. */
enum { COMPACT_BATCH = 500 };

int store_facts_compact(ward_store *st, long *done, ward_err *err)
{
    *done = 0;
    int pending, rc = compact_pending(st, &pending, err);
    if (rc || !pending) return rc;
    int64_t *docs = NULL;
    size_t n = 0, i = 0;
    ward_extractor *ex = NULL;
    ward_extraction x = {0};
    if (!(rc = old_fact_documents(st, &docs, &n, err)) && n) rc = compact_extractor(st, &ex, err);
    /* The request goes with the last transaction: a process stopped
     * before (or another writer taking the lock between two) leaves it to
     * the next, which goes over the notes left. */
    while (!rc) {
        size_t end = n - i > COMPACT_BATCH ? i + COMPACT_BATCH : n;
        if ((rc = ward_store_begin(st, err))) break;
        for (; !rc && i < end; i++) rc = compact_document(st, ex, &x, docs[i], done, err);
        if (!rc && i == n) {
            store_stmt *s = store_cached(st, "DELETE FROM meta WHERE key = 'facts.compact'", err);
            rc = s ? store_step_done(st, s, err) : WARD_EIO;
        }
        if (!rc) rc = ward_store_commit(st, err);
        if (rc) ward_store_rollback(st);
        if (i == n) break;
    }
    ward_extraction_free(&x);
    ward_extractor_free(ex);
    free(docs);
    if (rc) ward_err_prefix(err, "cannot put the notes' facts in their compact form (schema version 14)");
    return rc;
}
