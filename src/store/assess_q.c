/* assess_q.c — the store queries evaluation needs (src/assess): what a
 * cited chunk is (whose, and which record it renders), a patient's
 * demographics for fairness breakdowns, and resolving judged items (a
 * document, a chunk, a source id, a record) to stored ids.
 *
 * Every function returns a WARD_E* code; "absent" is never confused with
 * "the query failed" (an absent row is WARD_ENOTFOUND or an empty result).
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

int ward_store_chunk_source(ward_store *st, int64_t chunk_id, char **patient, char **resource, ward_err *err)
{
    *patient = *resource = NULL;
    store_stmt *s = store_cached(st,
        "SELECT c.patient_id, (SELECT r.type || '/' || r.fhir_id FROM documents d JOIN resources r"
        " ON r.id = d.resource_id WHERE d.id = c.document_id) FROM chunks c WHERE c.id = ?1", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, chunk_id);
    int rc = store_step(s);
    if (rc == STORE_ROW) {
        *patient = store_col_dup(s, 0);
        *resource = store_col_dup(s, 1);
    }
    int out = store_row_code(st, rc, err, "chunk %lld is not in the store", (long long)chunk_id);
    store_reset(s);
    return out;
}

int ward_store_patient_demographics(ward_store *st, const char *id, ward_demographics *out, ward_err *err)
{
    memset(out, 0, sizeof *out);
    store_stmt *s = store_cached(st, "SELECT sex, race, ethnicity, birth_date FROM patients WHERE id = ?1", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, id);
    int rc = store_step(s);
    if (rc == STORE_ROW) {
        out->sex = store_col_dup(s, 0);
        out->race = store_col_dup(s, 1);
        out->ethnicity = store_col_dup(s, 2);
        const char *b = store_text(s, 3);
        out->birth_year = b && strlen(b) >= 4 ? atoi(b) : 0;
    }
    int res = store_row_code(st, rc, err, "no patient with that id");
    store_reset(s);
    return res;
}

void ward_demographics_free(ward_demographics *d)
{
    free(d->sex), free(d->race), free(d->ethnicity);
    memset(d, 0, sizeof *d);
}

/* Appends the ids of a one-column statement's rows (the statement is reset). */
static int collect(ward_store *st, store_stmt *s, int64_t **ids, size_t *n, ward_err *err)
{
    int rc;
    while ((rc = store_step(s)) == STORE_ROW) {
        *ids = ward_xrealloc(*ids, sizeof **ids * (*n + 1));
        (*ids)[(*n)++] = store_int64(s, 0);
    }
    store_reset(s);
    return rc == STORE_DONE ? WARD_OK : store_fail(st, err);
}

int ward_store_unit_exists(ward_store *st, int chunk, int64_t id, int *yes, ward_err *err)
{
    store_stmt *s = chunk ? store_cached(st, "SELECT 1 FROM chunks WHERE id = ?1", err)
                            : store_cached(st, "SELECT 1 FROM documents WHERE id = ?1", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, id);
    int rc = store_step(s);
    *yes = rc == STORE_ROW;
    store_reset(s);
    return rc == STORE_ROW || rc == STORE_DONE ? WARD_OK : store_fail(st, err);
}

int ward_store_documents_of_source(ward_store *st, const char *source_id, int records_only, int64_t **ids,
                                   size_t *n, ward_err *err)
{
    store_stmt *s = records_only
        ? store_cached(st, "SELECT id FROM documents WHERE kind = 'record' AND source_id = ?1", err)
        : store_cached(st, "SELECT id FROM documents WHERE source_id = ?1 AND superseded_at IS NULL", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, source_id);
    return collect(st, s, ids, n, err);
}

int ward_store_documents_of_resource(ward_store *st, const char *type, const char *fhir_id, int64_t **ids,
                                     size_t *n, ward_err *err)
{
    store_stmt *s = store_cached(st,
        "SELECT d.id FROM documents d JOIN resources r ON r.id = d.resource_id WHERE r.type = ?1 AND r.fhir_id = ?2", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, type);
    store_bind_text(s, 2, fhir_id);
    return collect(st, s, ids, n, err);
}
