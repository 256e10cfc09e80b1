/* facts_q.c — the evidence chunks the chart's facts cite, and the notes'
 * chunks the tasks quote.
 *
 * The facts themselves, reconciled, are reconcile.c's. A record derived
 * from a note has no readable record document of its own: it is cited
 * through the chunk of the note that holds its span.
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

int ward_store_chunk_read(ward_store *st, int64_t chunk_id, ward_chunk_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_cached(st,
        "SELECT c.document_id, coalesce(d.title, d.kind), c.text, c.start, d.date FROM chunks c"
        " JOIN documents d ON d.id = c.document_id WHERE c.id = ?", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, chunk_id);
    int step = store_step(s), rc = WARD_OK;
    if (step == STORE_ROW) {
        ward_chunk_row c = {.id = chunk_id, .document_id = store_int64(s, 0), .title = store_text(s, 1),
                            .text = store_text(s, 2), .len = (size_t)store_bytes(s, 2),
                            .start = (size_t)store_int64(s, 3), .date = store_text(s, 4)};
        if (!c.text) c.text = "";
        fn(ud, &c);
    } else {
        rc = step == STORE_DONE ? ward_err_set(err, WARD_ENOTFOUND, "no chunk %lld", (long long)chunk_id)
                                 : store_fail(st, err);
    }
    store_reset(s);
    return rc;
}

/* One integer from a one-row query of one text or integer parameter. */
static int one_id(ward_store *st, store_stmt *s, int64_t *id, const char *what, ward_err *err)
{
    int step = store_step(s), rc = WARD_OK;
    *id = step == STORE_ROW ? store_int64(s, 0) : 0;
    if (step == STORE_DONE) rc = ward_err_set(err, WARD_ENOTFOUND, "no %s", what);
    else if (step != STORE_ROW) rc = store_fail(st, err);
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
    int step = store_step(s), rc = WARD_OK;
    *chunk_id = 0, *qs = *qe = 0;
    if (step == STORE_ROW) {
        *chunk_id = store_int64(s, 0);
        *qs = (size_t)store_int64(s, 1), *qe = (size_t)store_int64(s, 2);
    } else {
        rc = step == STORE_DONE ? ward_err_set(err, WARD_ENOTFOUND, "no readable record") : store_fail(st, err);
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
