/* routes_fhir.c — FHIR R4 reads: /fhir/Patient/{id} and
 * /fhir/{Condition|Observation|MedicationRequest|AllergyIntolerance|
 * Encounter|DocumentReference}?patient=ID as searchset Bundles.
 *
 * Resources are returned as ingested. Drafts appear as DocumentReference:
 * docStatus `preliminary` until a clinician approves (`final`), `amended`
 * after an edit; each comes with a Provenance (search mode "include")
 * naming the backend and model, the reviewer and the time, labelled with
 * the HL7 AI-transparency codes: AIAST (AI asserted) before review,
 * CLINAST (clinician asserted) after. A patient outside the caller's
 * scope is 404 as a missing one; SMART scopes on the token narrow the
 * resource types.
 */
#include "server_int.h"
#include "ward/orchestrate.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char *const types[] = {"Condition", "Observation", "MedicationRequest", "AllergyIntolerance",
                                    "Encounter", "DocumentReference", NULL};

static void fhir_json(srv_req *r, json_t *v)
{
    srv_json_as(r, 200, v, "application/fhir+json");
}

static int may_read(srv_req *r, const char *type, const char *patient)
{
    if (!srv_may(r, "read_phi")) return 0;
    if (!ward_scope_may_read_type(&r->who, type)) {
        srv_problem(r, 403, "forbidden", "The token's scopes do not cover %s.", type);
        return 0;
    }
    return srv_patient_ok(r, "fhir_read", patient);
}

void srv_fhir_patient(srv_req *r)
{
    const char *id = r->caps[0];
    if (!may_read(r, "Patient", id)) return;
    json_t *c;
    ward_err err = {0};
    if (ward_chart_json(srv_store(r), id, &c, &err)) {
        srv_problem_err(r, &err);
        return;
    }
    json_t *p = json_pack("{s:s, s:s}", "resourceType", "Patient", "id", id);
    const char *v;
    if ((v = json_string_value(json_object_get(c, "name"))))
        json_object_set_new(p, "name", json_pack("[{s:s}]", "text", v));
    if ((v = json_string_value(json_object_get(c, "mrn"))))
        json_object_set_new(p, "identifier", json_pack("[{s:{s:s}, s:s}]", "type", "text", "MRN", "value", v));
    if ((v = json_string_value(json_object_get(c, "sex")))) json_object_set_new(p, "gender", json_string(v));
    if ((v = json_string_value(json_object_get(c, "birth_date")))) json_object_set_new(p, "birthDate", json_string(v));
    if ((v = json_string_value(json_object_get(c, "deceased_date"))))
        json_object_set_new(p, "deceasedDateTime", json_string(v));
    json_decref(c);
    char res[160];
    snprintf(res, sizeof res, "[\"Patient/%.120s\"]", id);
    if (srv_audit(r, "fhir_read", id, res, "ok")) json_decref(p);
    else fhir_json(r, p);
}

static void add_entry(json_t *entries, json_t *res, const char *mode)
{
    char url[256];
    snprintf(url, sizeof url, "%s/%s", json_string_value(json_object_get(res, "resourceType")) ?: "?",
             json_string_value(json_object_get(res, "id")) ?: "?");
    json_array_append_new(entries, json_pack("{s:s, s:o, s:{s:s}}", "fullUrl", url, "resource", res, "search",
                                             "mode", mode));
}

static json_t *base64(const char *s)
{
    size_t n = strlen(s), cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *b = ward_xmalloc(cap);
    sodium_bin2base64(b, cap, (const unsigned char *)s, n, sodium_base64_VARIANT_ORIGINAL);
    json_t *j = json_string(b);
    free(b);
    return j;
}

/* One draft as DocumentReference + Provenance. */
static void draft_entries(json_t *entries, json_t *d)
{
    long long id = (long long)json_integer_value(json_object_get(d, "id"));
    const char *status = json_string_value(json_object_get(d, "status")) ?: "draft";
    const char *docstatus = !strcmp(status, "approved") ? "final" : !strcmp(status, "edited") ? "amended"
                            : !strcmp(status, "rejected") ? "entered-in-error" : "preliminary";
    int reviewed = strcmp(docstatus, "preliminary") != 0;
    const char *text = json_string_value(json_object_get(d, reviewed ? "final_text" : "output"));
    if (!text) text = json_string_value(json_object_get(d, "output")) ?: "";
    const char *pid = json_string_value(json_object_get(d, "patient_id"));
    const char *created = json_string_value(json_object_get(d, "created_at"));
    const char *updated = json_string_value(json_object_get(d, "updated_at"));
    const char *reviewer = json_string_value(json_object_get(d, "reviewer"));
    char rid[64], subject[192];
    snprintf(rid, sizeof rid, "draft-%lld", id);
    snprintf(subject, sizeof subject, "Patient/%.150s", pid ? pid : "");
    const char *label = reviewed ? "CLINAST" : "AIAST";
    const char *label_display = reviewed ? "clinician asserted" : "AI asserted";
    json_t *security = json_pack("[{s:s, s:s, s:s}]", "system", "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
                                 "code", label, "display", label_display);
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:{s:O}, s:{s:s}, s:{s:s}, s:s?, s:[{s:{s:s, s:o}}]}",
        "resourceType", "DocumentReference", "id", rid, "status", !strcmp(status, "rejected") ? "entered-in-error" : "current",
        "docStatus", docstatus, "meta", "security", security, "type", "text",
        json_string_value(json_object_get(d, "task")) ?: "draft", "subject", "reference", subject, "date", created,
        "content", "attachment", "contentType", "text/plain; charset=utf-8", "data", base64(text));
    char target[96];
    snprintf(target, sizeof target, "DocumentReference/%s", rid);
    json_t *agents = json_pack("[{s:{s:s}, s:{s:s}}]", "type", "text", "assembler", "who", "display",
                               json_string_value(json_object_get(d, "model")) ?: json_string_value(json_object_get(d, "backend")) ?: "ward");
    if (reviewer)
        json_array_append_new(agents, json_pack("{s:{s:s}, s:{s:s}}", "type", "text", "verifier", "who", "display", reviewer));
    char pidbuf[64];
    snprintf(pidbuf, sizeof pidbuf, "prov-%lld", id);
    json_t *prov = json_pack("{s:s, s:s, s:[{s:s}], s:s?, s:{s:O}, s:o, s:{s:s}}", "resourceType", "Provenance", "id", pidbuf,
        "target", "reference", target, "recorded", reviewed && updated ? updated : created, "meta", "security", security,
        "agent", agents, "activity", "text", reviewed ? "reviewed" : "generated");
    json_decref(security);
    add_entry(entries, doc, "match");
    add_entry(entries, prov, "include");
}

static int drafts_of(srv_req *r, const char *patient, json_t *entries, ward_buf *ids, ward_err *err)
{
    ward_store *st = srv_store(r);
    ward_draft_list_params p = {0};
    p.patient_id = patient;
    p.limit = 200;
    if (!strcmp(r->who.role, "patient")) p.task = "instructions";
    json_t *list, *d;
    int rc = ward_drafts_list(st, &p, &list, err);
    if (rc) return rc;
    size_t i;
    json_array_foreach(list, i, d) {
        const char *status = json_string_value(json_object_get(d, "status"));
        if (!strcmp(r->who.role, "patient") && status && strcmp(status, "approved") && strcmp(status, "edited"))
            continue;
        json_t *full;
        if ((rc = ward_draft_get(st, json_integer_value(json_object_get(d, "id")), &full, err))) break;
        draft_entries(entries, full);
        json_decref(full);
        ward_buf_printf(ids, "%s\"draft:%lld\"", ids->len > 1 ? "," : "",
                        (long long)json_integer_value(json_object_get(d, "id")));
    }
    json_decref(list);
    return rc;
}

void srv_fhir_search(srv_req *r)
{
    const char *type = r->caps[0], *patient = srv_query(r, "patient");
    int known = 0;
    for (int i = 0; types[i]; i++) known |= !strcmp(types[i], type);
    if (!known) {
        srv_problem(r, 404, "not-found", "Ward serves Patient, Condition, Observation, MedicationRequest,"
                                         " AllergyIntolerance, Encounter and DocumentReference.");
        return;
    }
    if (!patient || !*patient) {
        if (srv_may(r, "read_phi")) srv_problem(r, 400, "bad-request", "Give ?patient=ID.");
        return;
    }
    if (!may_read(r, type, patient)) return;
    json_t *entries = json_array();
    ward_err err = {0};
    ward_buf ids;
    ward_buf_init(&ids);
    ward_buf_putc(&ids, '[');
    int rc;
    if (!strcmp(type, "DocumentReference")) {
        rc = drafts_of(r, patient, entries, &ids, &err);
    } else {
        json_t *list, *res;
        rc = ward_resources_json(srv_store(r), patient, type, &list, &err);
        size_t i;
        if (!rc) json_array_foreach(list, i, res) {
            json_incref(res);
            add_entry(entries, res, "match");
            const char *rid = json_string_value(json_object_get(res, "id"));
            ward_buf_puts(&ids, ids.len > 1 ? "," : "");
            char one[200];
            snprintf(one, sizeof one, "%s/%.150s", type, rid ? rid : "?");
            ward_buf_json_str(&ids, one, strlen(one));
        }
        if (!rc) json_decref(list);
    }
    ward_buf_putc(&ids, ']');
    if (rc) {
        json_decref(entries);
        srv_problem_err(r, &err);
    } else if (srv_audit(r, "fhir_search", patient, ids.data, "ok")) {
        json_decref(entries);
    } else {
        size_t n = 0, i;
        json_t *e;
        json_array_foreach(entries, i, e) n += !strcmp(json_string_value(json_object_get(json_object_get(e, "search"), "mode")), "match");
        fhir_json(r, json_pack("{s:s, s:s, s:i, s:o}", "resourceType", "Bundle", "type", "searchset", "total", (int)n,
                               "entry", entries));
    }
    ward_buf_free(&ids);
}
