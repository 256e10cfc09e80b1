/* chart_q.c — the patient list and a patient's chart as JSON: the shapes
 * `ward patients --json` / `ward show --json` print and GET
 * /api/v1/patients[/{id}] answers (one code for both).
 *
 * Everything comes from the lifted columns of the resources table, so the
 * chart reads the same whether the data came from FHIR, HL7 v2 or text.
 * Callers decide who may see it (govern's scope) and audit the read.
 */
#include "store_int.h"

#include <jansson.h>
#include <string.h>

typedef struct chart_section {
    const char *key, *sql;
} chart_section;

/* Each query takes ?1 = patient id and returns (date, text, status). */
static const chart_section sections[] = {
    {"problems",
     "SELECT effective, display, status FROM resources WHERE patient_id=?1 AND type='Condition'"
     " GROUP BY coalesce(code, display) HAVING max(coalesce(effective,''))"
     " ORDER BY (status IN ('resolved','inactive','remission')), effective DESC LIMIT 40"},
    {"medications",
     "SELECT effective, display || coalesce(', ' || value_text, ''), status FROM resources WHERE patient_id=?1"
     " AND type IN ('MedicationRequest','MedicationStatement')"
     " GROUP BY coalesce(code, display) HAVING max(coalesce(effective,''))"
     " ORDER BY (status NOT IN ('active','intended','on-hold')), effective DESC LIMIT 40"},
    {"allergies",
     "SELECT effective, display || coalesce(' (' || value_text || ')', ''), status FROM resources WHERE patient_id=?1"
     " AND type='AllergyIntolerance' ORDER BY effective DESC LIMIT 40"},
    {"observations",
     "SELECT o.effective, o.display || ' ' || coalesce(iif(o.value_num IS NULL, NULL, printf('%g', iif(abs(o.value_num) >= 1, round(o.value_num, 2), o.value_num))),"
     " o.value_text, '') || coalesce(' ' || o.unit, '') || coalesce('  (previous ' || ("
     "   SELECT coalesce(iif(p.value_num IS NULL, NULL, printf('%g', iif(abs(p.value_num) >= 1, round(p.value_num, 2), p.value_num))), p.value_text)"
     "   FROM resources p WHERE p.patient_id=o.patient_id AND p.type='Observation'"
     "   AND p.code=o.code AND p.effective < o.effective ORDER BY p.effective DESC LIMIT 1) || ')', ''),"
     " o.status FROM resources o WHERE o.patient_id=?1 AND o.type='Observation'"
     " AND (o.value_num IS NOT NULL OR o.value_text IS NOT NULL)"
     " GROUP BY coalesce(o.code, o.display) HAVING max(coalesce(o.effective,''))"
     " ORDER BY o.effective DESC LIMIT 25"},
    {"encounters",
     "SELECT effective, display, status FROM resources WHERE patient_id=?1 AND type='Encounter'"
     " ORDER BY effective DESC LIMIT 10"},
    {"documents",
     "SELECT date, coalesce(title, kind) || ' [' || kind || ', doc ' || id || ']', NULL FROM documents"
     " WHERE patient_id=?1 AND kind <> 'record' ORDER BY date DESC LIMIT 20"},
};

const char *const ward_chart_sections[] = {"problems", "medications", "allergies", "observations",
                                           "encounters", "documents", NULL};

static int db_fail(ward_store *st, sqlite3_stmt *s, ward_err *err)
{
    int rc = store_fail_at(st, err, "cannot read the chart");
    sqlite3_reset(s);
    return rc;
}

static int chart_items(ward_store *st, const char *sql, const char *id, json_t **out, ward_err *err)
{
    sqlite3_stmt *s = store_cached(st, sql, err);
    if (!s) return WARD_EIO;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    json_t *items = json_array();
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *date = store_text(s, 0);
        char d[11] = "";
        if (date) ward_date_norm(date, d);
        json_array_append_new(items, json_pack("{s:s?, s:s?, s:s?}", "date", *d ? d : NULL, "text",
                                               store_text(s, 1), "status", store_text(s, 2)));
    }
    if (rc != SQLITE_DONE) {
        json_decref(items);
        return db_fail(st, s, err);
    }
    sqlite3_reset(s);
    *out = items;
    return WARD_OK;
}

int ward_chart_json(ward_store *st, const char *id, json_t **out, ward_err *err)
{
    *out = NULL;
    sqlite3_stmt *s = store_cached(st,
        "SELECT name, birth_date, sex, race, ethnicity, deceased_date, mrn FROM patients WHERE id=?1", err);
    if (!s) return WARD_EIO;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(s);
        return ward_err_set(err, WARD_ENOTFOUND, "no patient with that id");
    }
    if (rc != SQLITE_ROW) return db_fail(st, s, err);
    json_t *chart = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "id", id, "name", store_text(s, 0),
                              "birth_date", store_text(s, 1), "sex", store_text(s, 2), "race", store_text(s, 3), "ethnicity",
                              store_text(s, 4), "deceased_date", store_text(s, 5), "mrn", store_text(s, 6));
    sqlite3_reset(s);
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
        json_t *items;
        if ((rc = chart_items(st, sections[i].sql, id, &items, err))) {
            json_decref(chart);
            return rc;
        }
        json_object_set_new(chart, sections[i].key, items);
    }
    *out = chart;
    return WARD_OK;
}

static int in_list(const char *id, char *const *ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ids[i], id)) return 1;
    return 0;
}

typedef struct patient_list {
    char *const *ids;
    size_t n;
    int all;
    json_t *list;
} patient_list;

static int list_patient(void *ud, const ward_patient *p, int64_t documents, int64_t resources)
{
    patient_list *l = ud;
    if (!l->all && !in_list(p->id, l->ids, l->n)) return 0;
    json_array_append_new(l->list, json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:I, s:I}", "id", p->id, "name",
                                             p->name, "birth_date", p->birth_date, "sex", p->sex,
                                             "deceased_date", p->deceased_date, "documents",
                                             (json_int_t)documents, "resources", (json_int_t)resources));
    return 0;
}

int ward_patients_json(ward_store *st, char *const *ids, size_t n, int all, json_t **out, ward_err *err)
{
    *out = NULL;
    patient_list l = {ids, n, all, json_array()};
    int rc = ward_store_patients_each(st, NULL, list_patient, &l, err);
    if (rc) {
        json_decref(l.list);
        return rc;
    }
    *out = l.list;
    return WARD_OK;
}

int ward_resources_json(ward_store *st, const char *patient_id, const char *type, json_t **out, ward_err *err)
{
    *out = NULL;
    sqlite3_stmt *s = store_cached(st,
        "SELECT json FROM resources WHERE patient_id=?1 AND type=?2 ORDER BY effective DESC, id LIMIT 1000", err);
    if (!s) return WARD_EIO;
    sqlite3_bind_text(s, 1, patient_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, type, -1, SQLITE_TRANSIENT);
    json_t *list = json_array();
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        json_t *r = json_loads(store_text(s, 0), 0, NULL);
        if (r) json_array_append_new(list, r);
    }
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return db_fail(st, s, err);
    }
    sqlite3_reset(s);
    *out = list;
    return WARD_OK;
}
