/* eval_items.c — the per-item results every evaluator fills.
 *
 * An item is one scored thing (a chart question, a summary's evidence
 * item, a retrieval query) with its patient's demographics attached when
 * it is added, so a fairness breakdown can group any evaluator's items by
 * sex, race, ethnicity or birth year without going back to the store.
 * Items own their strings.
 */
#include "ward/assess.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s)
{
    return s ? ward_xstrdup(s) : NULL;
}

int ward_eval_items_add(ward_eval_items *items, ward_store *st, const ward_eval_item *it, ward_err *err)
{
    ward_eval_item c = *it;
    c.id = dup_or_null(it->id);
    c.patient = dup_or_null(it->patient);
    c.group = dup_or_null(it->group);
    memset(&c.demo, 0, sizeof c.demo);
    if (it->demo.sex || it->demo.race || it->demo.ethnicity || it->demo.birth_year) {
        c.demo.sex = dup_or_null(it->demo.sex);
        c.demo.race = dup_or_null(it->demo.race);
        c.demo.ethnicity = dup_or_null(it->demo.ethnicity);
        c.demo.birth_year = it->demo.birth_year;
    } else if (it->patient && st) {
        int rc = ward_store_patient_demographics(st, it->patient, &c.demo, err);
        if (rc == WARD_ENOTFOUND) ward_err_clear(err);
        else if (rc) {
            free(c.id), free(c.patient), free(c.group);
            ward_err_prefix(err, "cannot read a patient's demographics");
            return rc;
        }
    }
    items->v = ward_xrealloc(items->v, sizeof *items->v * (items->n + 1));
    items->v[items->n++] = c;
    return WARD_OK;
}

json_t *ward_eval_items_json(const ward_eval_items *items)
{
    json_t *a = json_array();
    for (size_t i = 0; i < items->n; i++) {
        const ward_eval_item *it = &items->v[i];
        json_t *o = json_pack("{s:s?, s:s?, s:s, s:s, s:s?, s:f, s:b}", "id", it->id, "patient", it->patient,
                              "evaluator", it->evaluator, "metric", it->metric, "group", it->group, "value",
                              it->value, "failed", it->failed);
        if (it->correct >= 0) json_object_set_new(o, "correct", json_boolean(it->correct));
        json_object_set_new(o, "sex", it->demo.sex ? json_string(it->demo.sex) : json_null());
        json_object_set_new(o, "race", it->demo.race ? json_string(it->demo.race) : json_null());
        json_object_set_new(o, "ethnicity", it->demo.ethnicity ? json_string(it->demo.ethnicity) : json_null());
        json_object_set_new(o, "birth_year", it->demo.birth_year ? json_integer(it->demo.birth_year) : json_null());
        json_array_append_new(a, o);
    }
    return a;
}

void ward_eval_items_free(ward_eval_items *items)
{
    for (size_t i = 0; i < items->n; i++) {
        free(items->v[i].id), free(items->v[i].patient), free(items->v[i].group);
        ward_demographics_free(&items->v[i].demo);
    }
    free(items->v);
    memset(items, 0, sizeof *items);
}
