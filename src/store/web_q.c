/* web_q.c — what the web workspace reads beyond the chart: a patient's
 * numeric observations as series (the trend plots), one document whole
 * (the source a citation or chart item opens, with its span highlighted
 * by the browser) and where a record can be read (its note and span, or
 * its readable rendering).
 *
 * Callers decide who may see the data (govern's scope) and audit the read.
 */
#include "store_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define TREND_SERIES 40
#define TREND_POINTS 200

/* Series in the order the query gives (by code, oldest first), then the
 * longest first; a series keeps its latest TREND_POINTS points. */
static int by_length(const void *a, const void *b)
{
    size_t na = json_array_size(json_object_get(*(json_t *const *)a, "points"));
    size_t nb = json_array_size(json_object_get(*(json_t *const *)b, "points"));
    return na < nb ? 1 : na > nb ? -1 : 0;
}

int ward_trends_json(ward_store *st, const char *patient_id, json_t **out, ward_err *err)
{
    *out = NULL;
    store_stmt *s = store_cached(st,
        "SELECT coalesce(code, display), display, unit, effective, value_num, type || '/' || fhir_id"
        " FROM resources WHERE patient_id=?1 AND type='Observation' AND value_num IS NOT NULL"
        " AND effective IS NOT NULL ORDER BY coalesce(code, display), coalesce(unit, ''), effective", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, patient_id);
    json_t *all = json_array(), *cur = NULL;
    int rc;
    while ((rc = store_step(s)) == STORE_ROW) {
        /* One series per code and unit: a temperature in Cel and in [degF]
         * are two lines, not one zigzag. */
        const char *code = store_text(s, 0), *unit = store_text(s, 2);
        const char *cur_unit = cur ? json_string_value(json_object_get(cur, "unit")) : NULL;
        if (!cur || strcmp(json_string_value(json_object_get(cur, "code")), code) ||
            strcmp(cur_unit ? cur_unit : "", unit ? unit : "")) {
            cur = json_pack("{s:s, s:s?, s:s?, s:[]}", "code", code, "name", store_text(s, 1), "unit",
                            store_text(s, 2), "points");
            json_array_append_new(all, cur);
        }
        char d[11] = "";
        ward_date_norm(store_text(s, 3), d);
        json_t *pts = json_object_get(cur, "points");
        json_array_append_new(pts, json_pack("{s:s, s:f, s:s}", "date", d, "value", store_double(s, 4),
                                             "ref", store_text(s, 5)));
        if (json_array_size(pts) > TREND_POINTS) json_array_remove(pts, 0);
    }
    if (rc != STORE_DONE) {
        json_decref(all);
        return store_fail(st, err);
    }
    store_reset(s);
    size_t n = json_array_size(all), kept = 0;
    json_t **v = ward_xcalloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(all, i);
        if (json_array_size(json_object_get(x, "points")) >= 2) v[kept++] = json_incref(x);
    }
    qsort(v, kept, sizeof *v, by_length);
    json_t *list = json_array();
    for (size_t i = 0; i < kept; i++) {
        if (i < TREND_SERIES) json_array_append(list, v[i]);
        json_decref(v[i]);
    }
    free(v);
    json_decref(all);
    *out = list;
    return WARD_OK;
}

/* Steps sql (a constant; ?1 = id) to its one row: the statement on that
 * row (the caller resets it), or NULL with *rc WARD_ENOTFOUND ("no WHAT
 * ID") or the database's error. */
static store_stmt *row_by_id(ward_store *st, const char *sql, int64_t id, const char *what, int *rc,
                               ward_err *err)
{
    store_stmt *s = store_cached(st, sql, err);
    if (!s) {
        *rc = WARD_EIO;
        return NULL;
    }
    store_bind_int64(s, 1, id);
    int step = store_step(s);
    if (step == STORE_ROW) return s;
    *rc = store_row_code(st, step, err, "no %s %lld", what, (long long)id);
    store_reset(s);
    return NULL;
}

int ward_document_json(ward_store *st, int64_t id, json_t **out, ward_err *err)
{
    *out = NULL;
    int rc;
    store_stmt *s = row_by_id(st,
        "SELECT patient_id, kind, title, date, author, source_format, source_id, text FROM documents WHERE id=?1",
        id, "document", &rc, err);
    if (!s) return rc;
    *out = json_pack("{s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "id", (json_int_t)id, "patient_id",
                     store_text(s, 0), "kind", store_text(s, 1), "title", store_text(s, 2), "date", store_text(s, 3),
                     "author", store_text(s, 4), "source_format", store_text(s, 5), "source_id", store_text(s, 6),
                     "text", store_text(s, 7));
    store_reset(s);
    return WARD_OK;
}

int ward_resource_source_json(ward_store *st, int64_t rid, json_t **out, ward_err *err)
{
    *out = NULL;
    int rc;
    store_stmt *s = row_by_id(st,
        "SELECT r.type || '/' || r.fhir_id, r.patient_id, r.source_doc, r.span_start, r.span_end,"
        " (SELECT d.id FROM documents d WHERE d.source_format='record' AND d.source_id=r.type || '/' || r.fhir_id"
        "  LIMIT 1) FROM resources r WHERE r.id=?1", rid, "resource", &rc, err);
    if (!s) return rc;
    json_t *v = json_pack("{s:I, s:s, s:s?}", "resource", (json_int_t)rid, "ref", store_text(s, 0), "patient_id",
                          store_text(s, 1));
    int derived = !store_is_null(s, 2);
    if (derived || !store_is_null(s, 5))
        json_object_set_new(v, "doc", json_integer(store_int64(s, derived ? 2 : 5)));
    if (derived && !store_is_null(s, 3) && !store_is_null(s, 4)) {
        json_object_set_new(v, "start", json_integer(store_int64(s, 3)));
        json_object_set_new(v, "end", json_integer(store_int64(s, 4)));
    }
    store_reset(s);
    *out = v;
    return WARD_OK;
}
