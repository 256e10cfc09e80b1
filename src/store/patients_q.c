/* patients_q.c — the store's answers about patients and about itself:
 * patient lists and demographics, counts, settings by prefix.
 *
 * Rows go to callbacks with strings owned by SQLite for the call's length
 * (no copies for a list nobody keeps). A statement that fails mid-way is a
 * failure, never a shorter list (store_finish checks the last step).
 */
#include "store_int.h"

#include <string.h>

int ward_store_patients_each(ward_store *st, const char *id, ward_patient_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "SELECT p.id, p.name, p.mrn, p.birth_date, p.sex, p.race, p.ethnicity, p.deceased_date, p.source,"
        " (SELECT count(*) FROM documents d WHERE d.patient_id = p.id AND d.kind <> 'record'"
        " AND d.superseded_at IS NULL),"
        " (SELECT count(*) FROM resources r WHERE r.patient_id = p.id)"
        " FROM patients p WHERE ?1 IS NULL OR p.id = ?1 ORDER BY p.name, p.id", err);
    if (!s) return WARD_EIO;
    if (id) store_bind_text(s, 1, id);
    int step = STORE_DONE, stop = 0, rows = 0;
    while (!stop && (step = store_step(s)) == STORE_ROW) {
        ward_patient p = {.id = store_text(s, 0), .name = store_text(s, 1), .mrn = store_text(s, 2),
                          .birth_date = store_text(s, 3), .sex = store_text(s, 4), .race = store_text(s, 5),
                          .ethnicity = store_text(s, 6), .deceased_date = store_text(s, 7),
                          .source = store_text(s, 8)};
        rows++;
        stop = fn(ud, &p, store_int64(s, 9), store_int64(s, 10));
    }
    int rc = store_finish(st, s, step, stop, err);
    if (!rc && id && !rows) rc = ward_err_set(err, WARD_ENOTFOUND, "no patient with that id (see ward patients)");
    return rc;
}

int ward_store_count(ward_store *st, ward_store_counts *out, ward_err *err)
{
    memset(out, 0, sizeof *out);
    store_stmt *s = store_prepare(st,
        "SELECT (SELECT count(*) FROM patients), (SELECT count(*) FROM documents WHERE superseded_at IS NULL),"
        " (SELECT count(*) FROM chunks),"
        " (SELECT count(*) FROM concepts), (SELECT count(*) FROM embeddings), (SELECT count(*) FROM drafts)", err);
    if (!s) return WARD_EIO;
    int step = store_step(s);
    if (step == STORE_ROW) {
        int64_t *v[] = {&out->patients, &out->documents, &out->chunks, &out->concepts, &out->embeddings,
                        &out->drafts};
        for (int i = 0; i < 6; i++) *v[i] = store_int64(s, i);
        step = STORE_DONE;
    }
    return store_finish(st, s, step, 0, err);
}

int ward_store_resource_types(ward_store *st, ward_count_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "SELECT type, count(*) FROM resources WHERE derived=0 GROUP BY type ORDER BY type", err);
    if (!s) return WARD_EIO;
    int step = STORE_DONE, stop = 0;
    while (!stop && (step = store_step(s)) == STORE_ROW)
        stop = fn(ud, store_text(s, 0), store_int64(s, 1));
    return store_finish(st, s, step, stop, err);
}

int ward_store_meta_each(ward_store *st, const char *prefix, ward_meta_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "SELECT key, value FROM meta WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, prefix ? prefix : "");
    int step = STORE_DONE, stop = 0;
    while (!stop && (step = store_step(s)) == STORE_ROW) stop = fn(ud, store_text(s, 0), store_text(s, 1));
    return store_finish(st, s, step, stop, err);
}
