/* chart_q.c — the patient list and a patient's chart as JSON: the shapes
 * `ward patients --json` / `ward show --json` print and GET
 * /api/v1/patients[/{id}] answers (one code for both).
 *
 * Problems, notes' mentions, medications, allergies and observations are
 * the reconciled lists (reconcile.c: one fact per real-world fact, each
 * with its "sources"), the same lists summaries and answers use; encounters
 * and documents come straight from their tables.
 * Callers decide who may see it (govern's scope) and audit the read.
 */
#include "store_int.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

/* The reconciled lists (reconcile.c), in the order `ward show` prints them. */
static const struct { const char *key; ward_fact_kind kind; } fact_sections[] = {
    {"problems", WARD_FACT_PROBLEMS_ALL}, {"mentioned_in_notes", WARD_FACT_NOTED},
    {"medications", WARD_FACT_MEDS_ALL}, {"allergies", WARD_FACT_ALLERGIES}, {"observations", WARD_FACT_OBS},
};

/* Each query takes ?1 = patient id and returns (date, text, status,
 * resource id, document id): an encounter's source is its record (as the
 * reconciled facts' "sources"), a document is its own. */
static const struct { const char *key, *sql; } sql_sections[] = {
    {"encounters",
     "SELECT effective, display, status, id, NULL FROM resources WHERE patient_id=?1 AND type='Encounter'"
     " ORDER BY effective DESC LIMIT 10"},
    {"documents",
     "SELECT date, coalesce(title, kind) || ' [' || kind || ', doc ' || id || ']', NULL, NULL, id FROM documents"
     " WHERE patient_id=?1 AND kind <> 'record' AND superseded_at IS NULL ORDER BY date DESC LIMIT 20"},
};

const char *const ward_chart_sections[] = {"problems", "mentioned_in_notes", "medications", "allergies",
                                           "observations", "encounters", "documents", NULL};

static int db_fail(ward_store *st, store_stmt *s, ward_err *err)
{
    int rc = store_fail_at(st, err, "cannot read the chart");
    store_reset(s);
    return rc;
}

static int chart_items(ward_store *st, const char *sql, const char *id, json_t **out, ward_err *err)
{
    store_stmt *s = store_cached(st, sql, err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, id);
    json_t *items = json_array();
    int rc;
    while ((rc = store_step(s)) == STORE_ROW) {
        const char *date = store_text(s, 0);
        char d[11] = "";
        if (date) ward_date_norm(date, d);
        json_t *it = json_pack("{s:s?, s:s?, s:s?}", "date", *d ? d : NULL, "text", store_text(s, 1), "status",
                               store_text(s, 2));
        if (!store_is_null(s, 3))
            json_object_set_new(it, "sources", json_pack("[{s:I, s:s}]", "resource",
                                                         (json_int_t)store_int64(s, 3), "origin", "record"));
        if (!store_is_null(s, 4))
            json_object_set_new(it, "document", json_integer(store_int64(s, 4)));
        json_array_append_new(items, it);
    }
    if (rc != STORE_DONE) {
        json_decref(items);
        return db_fail(st, s, err);
    }
    store_reset(s);
    *out = items;
    return WARD_OK;
}

static void day_of(const char *date, char d[11])
{
    d[0] = 0;
    if (date) ward_date_norm(date, d);
}

/* "6.5", "0.012": values as the chart prints them. */
static void number(double v, char *out, size_t cap)
{
    snprintf(out, cap, "%g", fabs(v) >= 1 ? round(v * 100) / 100 : v);
}

typedef struct fact_list {
    json_t *items;
    ward_fact_kind kind;
} fact_list;

static int add_fact_item(void *ud, const ward_fact_row *f)
{
    fact_list *l = ud;
    ward_buf t;
    ward_buf_init(&t);
    char d[11], v[48];
    day_of(f->date, d);
    if (l->kind == WARD_FACT_OBS) {
        if (f->has_value) number(f->value, v, sizeof v);
        ward_buf_printf(&t, "%s %s%s%s", f->display, f->has_value ? v : f->value_text ? f->value_text : "",
                        f->unit ? " " : "", f->unit ? f->unit : "");
    } else if (f->noted) {
        ward_buf_puts(&t, f->mention ? f->mention : f->display);
    } else {
        /* an allergy a note names otherwise: the note's words beside the record's */
        ward_buf_printf(&t, "%s%s%s%s", f->display, f->mention ? " (notes: " : "", f->mention ? f->mention : "",
                        f->mention ? ")" : "");
        ward_buf_printf(&t, "%s%s%s", f->value_text ? (l->kind == WARD_FACT_ALLERGIES ? " (" : ", ") : "",
                        f->value_text ? f->value_text : "", f->value_text && l->kind == WARD_FACT_ALLERGIES ? ")" : "");
    }
    json_t *src = json_array();
    for (size_t i = 0; i < f->nsources; i++) {
        char sd[11];
        day_of(f->sources[i].date, sd);
        json_array_append_new(src, json_pack("{s:I, s:s, s:s?}", "resource", (json_int_t)f->sources[i].rid,
                                             "origin", f->sources[i].origin, "date", *sd ? sd : NULL));
    }
    json_t *it = json_pack("{s:s?, s:s, s:s?, s:s, s:o}", "date", *d ? d : NULL, "text", t.data ? t.data : "",
                           "status", f->noted ? "mentioned in notes" : f->status, "concept", f->concept,
                           "sources", src);
    if (f->has_prev) {
        char pd[11];
        day_of(f->prev_date, pd);
        number(f->prev_value, v, sizeof v);
        json_object_set_new(it, "previous", json_pack("{s:s, s:s?, s:I}", "value", v, "date", *pd ? pd : NULL,
                                                      "resource", (json_int_t)f->prev_rid));
    }
    json_array_append_new(l->items, it);
    ward_buf_free(&t);
    return 0;
}

/* Lists of "active"-first kinds: the active facts, then the others. */
static int fact_items(ward_store *st, const char *id, ward_fact_kind kind, json_t **out, ward_err *err)
{
    fact_list l = {json_array(), kind};
    int rc = ward_store_facts(st, id, kind, add_fact_item, &l, err);
    if (rc) {
        json_decref(l.items);
        return rc;
    }
    if (kind == WARD_FACT_PROBLEMS_ALL || kind == WARD_FACT_MEDS_ALL) {
        json_t *active = json_array(), *rest = json_array(), *it;
        size_t i;
        static const char *OFF[] = {"resolved", "inactive", "remission", "stopped", "completed", "cancelled",
                                    "ended", "entered-in-error", "refuted", NULL};
        json_array_foreach(l.items, i, it) {
            const char *s = json_string_value(json_object_get(it, "status"));
            int off = 0;
            for (int k = 0; OFF[k] && s; k++) off |= !strcasecmp(s, OFF[k]);
            json_array_append(off ? rest : active, it);
        }
        json_array_extend(active, rest);
        json_decref(rest);
        json_decref(l.items);
        l.items = active;
    }
    *out = l.items;
    return WARD_OK;
}

int ward_chart_json(ward_store *st, const char *id, json_t **out, ward_err *err)
{
    *out = NULL;
    store_stmt *s = store_cached(st,
        "SELECT name, birth_date, sex, race, ethnicity, deceased_date, mrn FROM patients WHERE id=?1", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, id);
    int rc = store_step(s);
    if (rc == STORE_DONE) {
        store_reset(s);
        return ward_err_set(err, WARD_ENOTFOUND, "no patient with that id");
    }
    if (rc != STORE_ROW) return db_fail(st, s, err);
    json_t *chart = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "id", id, "name", store_text(s, 0),
                              "birth_date", store_text(s, 1), "sex", store_text(s, 2), "race", store_text(s, 3), "ethnicity",
                              store_text(s, 4), "deceased_date", store_text(s, 5), "mrn", store_text(s, 6));
    store_reset(s);
    for (size_t i = 0; i < sizeof fact_sections / sizeof *fact_sections; i++) {
        json_t *items = NULL;
        if ((rc = fact_items(st, id, fact_sections[i].kind, &items, err))) {
            json_decref(chart);
            return rc;
        }
        json_object_set_new(chart, fact_sections[i].key, items);
    }
    for (size_t i = 0; i < sizeof sql_sections / sizeof *sql_sections; i++) {
        json_t *items = NULL;
        if ((rc = chart_items(st, sql_sections[i].sql, id, &items, err))) {
            json_decref(chart);
            return rc;
        }
        json_object_set_new(chart, sql_sections[i].key, items);
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
    json_array_append_new(l->list, json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:I}", "id", p->id, "name",
                                             p->name, "mrn", p->mrn, "birth_date", p->birth_date, "sex", p->sex,
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
    store_stmt *s = store_cached(st,
        "SELECT " STORE_RESOURCE_JSON_COLS " FROM resources WHERE patient_id=?1 AND type=?2"
        " ORDER BY effective DESC, id LIMIT 1000", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, patient_id);
    store_bind_text(s, 2, type);
    json_t *list = json_array();
    ward_buf b;
    ward_buf_init(&b);
    int rc;
    while ((rc = store_step(s)) == STORE_ROW) {
        const char *j = store_resource_json(s, 0, &b);
        json_t *r = j ? json_loads(j, 0, NULL) : NULL;
        if (r) json_array_append_new(list, r);
    }
    ward_buf_free(&b);
    if (rc != STORE_DONE) {
        json_decref(list);
        return db_fail(st, s, err);
    }
    store_reset(s);
    *out = list;
    return WARD_OK;
}
