/* facts_q.c — what the tasks read from a chart: structured facts, the
 * evidence chunks they cite, and the notes' chunks they quote.
 *
 * Facts come from the lifted columns of `resources` (so they read the same
 * whatever the source format). Lists are deduplicated by code (or display):
 * the latest row of each wins, so a medication stopped after it was started
 * is not "current". Only structured records count (derived=0): facts
 * extracted from notes are reached by quoting the notes, where their context
 * (negation, "stopped") stays visible.
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* The reason of a medication: the Condition its reasonReference names
 * (by id or urn), else the text or display of its reasonCode. */
#define REASON \
    "coalesce((SELECT c.display FROM resources c WHERE c.type='Condition' AND c.patient_id=r.patient_id" \
    " AND json_extract(r.json,'$.reasonReference[0].reference') IN ('Condition/'||c.fhir_id, 'urn:uuid:'||c.fhir_id))," \
    " json_extract(r.json,'$.reasonCode[0].text'), json_extract(r.json,'$.reasonCode[0].coding[0].display'))"
#define COLS "r.id, r.type, r.code, r.display, r.status, r.effective, r.unit, r.value_text, r.value_num, " REASON
#define LATEST_BY_CODE(where) \
    "SELECT " COLS ", max(coalesce(r.effective,'')) FROM resources r WHERE r.patient_id=?1 AND r.derived=0 AND " where \
    " GROUP BY lower(coalesce(r.code, r.display))"
#define ACTIVE(q) "SELECT * FROM (" q ") WHERE coalesce(lower(status),'active') NOT IN " INACTIVE " ORDER BY 6 DESC"
#define INACTIVE "('resolved','inactive','remission','entered-in-error','refuted','stopped','completed','cancelled','ended')"
#define MEDS "r.type IN ('MedicationRequest','MedicationStatement')"

static const char *const FACT_SQL[] = {
    [WARD_FACT_PROBLEMS] = ACTIVE(LATEST_BY_CODE("r.type='Condition'")),
    [WARD_FACT_PROBLEMS_ALL] = LATEST_BY_CODE("r.type='Condition'") " ORDER BY 6 DESC",
    [WARD_FACT_MEDS] = ACTIVE(LATEST_BY_CODE(MEDS)),
    [WARD_FACT_MEDS_ALL] = LATEST_BY_CODE(MEDS) " ORDER BY 6 DESC",
    [WARD_FACT_ALLERGIES] = ACTIVE(LATEST_BY_CODE("r.type='AllergyIntolerance'")),
    [WARD_FACT_OBS] = LATEST_BY_CODE("r.type='Observation' AND (r.value_num IS NOT NULL OR r.value_text IS NOT NULL)")
                      " ORDER BY 6 DESC",
    [WARD_FACT_ENCOUNTERS] = "SELECT " COLS ", 0 FROM resources r WHERE r.patient_id=?1 AND r.derived=0"
                             " AND r.type='Encounter' ORDER BY r.effective DESC LIMIT 10",
    [WARD_FACT_PROCEDURES] = LATEST_BY_CODE("r.type='Procedure'") " ORDER BY 6 DESC",
    [WARD_FACT_IMMUNIZATIONS] = LATEST_BY_CODE("r.type='Immunization'") " ORDER BY 6 DESC",
};

int ward_store_facts(ward_store *st, const char *patient, ward_fact_kind kind, ward_fact_fn fn, void *ud,
                     ward_err *err)
{
    if ((unsigned)kind >= sizeof FACT_SQL / sizeof *FACT_SQL)
        return ward_err_set(err, WARD_EUSAGE, "unknown kind of fact %d", (int)kind);
    sqlite3_stmt *s = store_prepare(st, FACT_SQL[kind], err);
    if (!s) return WARD_EIO;
    sqlite3_bind_text(s, 1, patient, -1, SQLITE_STATIC);
    int step = SQLITE_DONE, stop = 0;
    while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
        ward_fact_row f = {
            .rid = sqlite3_column_int64(s, 0), .type = store_text(s, 1), .code = store_text(s, 2),
            .display = store_text(s, 3), .status = store_text(s, 4), .date = store_text(s, 5),
            .unit = store_text(s, 6), .value_text = store_text(s, 7),
            .value = sqlite3_column_double(s, 8), .has_value = sqlite3_column_type(s, 8) != SQLITE_NULL,
            .reason = store_text(s, 9)};
        stop = fn(ud, &f);
    }
    return store_finish(st, s, step, stop, err);
}

int ward_store_fact_previous(ward_store *st, const char *patient, const char *code, const char *date,
                             int64_t *rid, double *value, char **prev_date, ward_err *err)
{
    *prev_date = NULL;
    sqlite3_stmt *s = store_cached(st,
        "SELECT id, value_num, effective FROM resources WHERE patient_id=?1 AND type='Observation'"
        " AND derived=0 AND lower(coalesce(code, display)) = lower(?2) AND value_num IS NOT NULL"
        " AND coalesce(effective,'') < ?3 ORDER BY effective DESC LIMIT 1", err);
    if (!s) return WARD_EIO;
    sqlite3_bind_text(s, 1, patient, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, date ? date : "", -1, SQLITE_STATIC);
    int step = sqlite3_step(s), rc = WARD_OK;
    if (step == SQLITE_ROW) {
        *rid = sqlite3_column_int64(s, 0);
        *value = sqlite3_column_double(s, 1);
        if (store_text(s, 2)) *prev_date = ward_xstrdup(store_text(s, 2));
    } else {
        rc = step == SQLITE_DONE ? ward_err_set(err, WARD_ENOTFOUND, "no earlier value") : store_fail(st, err);
    }
    sqlite3_reset(s);
    return rc;
}

int ward_store_chunk_read(ward_store *st, int64_t chunk_id, ward_chunk_fn fn, void *ud, ward_err *err)
{
    sqlite3_stmt *s = store_cached(st,
        "SELECT c.document_id, coalesce(d.title, d.kind), c.text, c.start FROM chunks c"
        " JOIN documents d ON d.id = c.document_id WHERE c.id = ?", err);
    if (!s) return WARD_EIO;
    sqlite3_bind_int64(s, 1, chunk_id);
    int step = sqlite3_step(s), rc = WARD_OK;
    if (step == SQLITE_ROW) {
        ward_chunk_row c = {.id = chunk_id, .document_id = sqlite3_column_int64(s, 0), .title = store_text(s, 1),
                            .text = store_text(s, 2), .len = (size_t)sqlite3_column_bytes(s, 2),
                            .start = (size_t)sqlite3_column_int64(s, 3)};
        if (!c.text) c.text = "";
        fn(ud, &c);
    } else {
        rc = step == SQLITE_DONE ? ward_err_set(err, WARD_ENOTFOUND, "no chunk %lld", (long long)chunk_id)
                                 : store_fail(st, err);
    }
    sqlite3_reset(s);
    return rc;
}

/* One integer from a one-row query of one text or integer parameter. */
static int one_id(ward_store *st, sqlite3_stmt *s, int64_t *id, const char *what, ward_err *err)
{
    int step = sqlite3_step(s), rc = WARD_OK;
    *id = step == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    if (step == SQLITE_DONE) rc = ward_err_set(err, WARD_ENOTFOUND, "no %s", what);
    else if (step != SQLITE_ROW) rc = store_fail(st, err);
    sqlite3_reset(s);
    return rc;
}

int ward_store_resource_chunk(ward_store *st, int64_t rid, int64_t *chunk_id, ward_err *err)
{
    sqlite3_stmt *s = store_cached(st,
        "SELECT c.id FROM documents d JOIN chunks c ON c.document_id = d.id"
        " WHERE d.resource_id = ? ORDER BY d.id DESC, c.seq LIMIT 1", err);
    if (!s) return WARD_EIO;
    sqlite3_bind_int64(s, 1, rid);
    return one_id(st, s, chunk_id, "readable record", err);
}

int ward_store_latest_plan_chunk(ward_store *st, const char *patient, int64_t *chunk_id, ward_err *err)
{
    sqlite3_stmt *s = store_cached(st,
        "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id"
        " WHERE d.patient_id = ?1 AND d.kind NOT IN ('record','transcript')"
        " AND (upper(coalesce(c.section,'')) LIKE '%PLAN%' OR upper(coalesce(c.section,'')) LIKE '%INSTRUCTION%')"
        " ORDER BY d.date DESC, d.id DESC, c.seq LIMIT 1", err);
    if (!s) return WARD_EIO;
    sqlite3_bind_text(s, 1, patient, -1, SQLITE_STATIC);
    return one_id(st, s, chunk_id, "plan in the notes", err);
}

int ward_store_latest_note_chunks(ward_store *st, const char *patient, const char *prefer, int max,
                                  int64_t *chunk_ids, int *n, ward_err *err)
{
    *n = 0;
    sqlite3_stmt *s = store_cached(st,
        "SELECT d.id, (SELECT c.id FROM chunks c WHERE c.document_id = d.id ORDER BY"
        "   (upper(coalesce(c.section,'')) LIKE '%' || ?3 || '%') DESC,"
        "   (upper(coalesce(c.section,'')) LIKE '%ASSESSMENT%' OR upper(coalesce(c.section,'')) LIKE '%PLAN%'"
        "    OR upper(coalesce(c.section,'')) LIKE '%IMPRESSION%') DESC, c.seq LIMIT 1)"
        " FROM documents d WHERE d.patient_id = ?1 AND d.kind NOT IN ('record','transcript')"
        " ORDER BY d.date DESC, d.id DESC LIMIT ?2", err);
    if (!s) return WARD_EIO;
    sqlite3_bind_text(s, 1, patient, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, max);
    sqlite3_bind_text(s, 3, prefer ? prefer : "ASSESSMENT", -1, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW && *n < max) chunk_ids[(*n)++] = sqlite3_column_int64(s, 1);
    int rc = step == SQLITE_DONE || step == SQLITE_ROW ? WARD_OK : store_fail(st, err);
    sqlite3_reset(s);
    return rc;
}

int ward_store_note_texts(ward_store *st, const char *patient, ward_text_fn fn, void *ud, ward_err *err)
{
    sqlite3_stmt *s = store_prepare(st,
        "SELECT text FROM chunks WHERE patient_id = ?1 AND kind NOT IN ('record','transcript')", err);
    if (!s) return WARD_EIO;
    sqlite3_bind_text(s, 1, patient, -1, SQLITE_STATIC);
    int step = SQLITE_DONE, stop = 0;
    while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) stop = fn(ud, store_text(s, 0) ? store_text(s, 0) : "");
    return store_finish(st, s, step, stop, err);
}
