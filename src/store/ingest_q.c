/* ingest_q.c — the lookups ingest makes while it reads: a patient known
 * by MRN, and the display name of a resource already stored (a document's
 * author named only by reference). */
#include "store_int.h"

#include <string.h>

int ward_store_patient_by_mrn(ward_store *st, const char *id, const char *mrn, char *out, size_t cap,
                              ward_err *err)
{
    /* A FHIR Patient wins over one an HL7 message created under its MRN. */
    store_stmt *s = store_cached(st,
        "SELECT id FROM patients WHERE mrn = ?1 OR mrn = ?2 ORDER BY source = 'fhir' DESC LIMIT 1", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, mrn ? mrn : id);
    store_bind_text(s, 2, id);
    int rc = store_step(s);
    if (rc == STORE_ROW) {
        snprintf(out, cap, "%s", store_text(s, 0));
        rc = WARD_OK;
    } else if (rc == STORE_DONE) {
        rc = ward_err_set(err, WARD_ENOTFOUND, "no patient has this MRN");
    } else {
        rc = store_fail_at(st, err, "looking a patient up by MRN");
    }
    store_reset(s);
    return rc;
}

int ward_store_resource_display(ward_store *st, const char *type, size_t type_len, const char *fhir_id,
                                ward_buf *out, ward_err *err)
{
    store_stmt *s = store_cached(st, "SELECT display FROM resources WHERE type=?1 AND fhir_id=?2", err);
    if (!s) return WARD_EIO;
    store_bind_textn(s, 1, type, (int)type_len);
    store_bind_text(s, 2, fhir_id);
    int rc = store_step(s);
    if (rc == STORE_ROW && store_text(s, 0)) ward_buf_puts(out, store_text(s, 0));
    rc = rc == STORE_ROW || rc == STORE_DONE ? WARD_OK : store_fail_at(st, err, "reading a stored resource");
    store_reset(s);
    return rc;
}
