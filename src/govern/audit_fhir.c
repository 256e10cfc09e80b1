/* audit_fhir.c — the audit log as FHIR R4 AuditEvent resources (NDJSON),
 * in the style of IHE Basic Audit Log Patterns (BALP).
 *
 * One event becomes: type (DICOM 110110 Patient Record for patient access,
 * 110114 User Authentication for logins, 110100 Application Activity
 * otherwise), subtype (Ward's action), action (C/R/U/E), period, recorded,
 * outcome (0 success, 4 minor failure: denied or not found, 8 serious
 * failure), agent (the user, their role, the client address; requestor),
 * source (Ward) and entity (the patient, with the touched resources).
 * Break-the-glass carries purposeOfEvent / agent.purposeOfUse BTG (v3
 * ActReason) with the stated reason as text.
 */
#include "govern_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define DCM "http://dicom.nema.org/resources/ontology/DCM"
#define ACT_REASON "http://terminology.hl7.org/CodeSystem/v3-ActReason"

static json_t *coding(const char *system, const char *code, const char *display)
{
    return json_pack("{s:s, s:s, s:s?}", "system", system, "code", code, "display", display);
}

static int is_login(const char *a) { return !strcmp(a, "login") || !strcmp(a, "logout"); }

/* C create, R read, U update, E execute (the DICOM/FHIR action codes). */
static const char *action_code(const char *a)
{
    static const char *const creates[] = {"ingest", "btg_start", "users_add", "tokens_create", "care_team_add", NULL};
    static const char *const updates[] = {"review", "users_disable", "users_limits", "tokens_revoke",
                                          "care_team_remove", "btg_end", NULL};
    static const char *const reads[] = {"show", "patients", "search", "drafts", "draft_show", "export", NULL};
    for (int i = 0; creates[i]; i++)
        if (!strcmp(a, creates[i])) return "C";
    for (int i = 0; updates[i]; i++)
        if (!strcmp(a, updates[i])) return "U";
    for (int i = 0; reads[i]; i++)
        if (!strcmp(a, reads[i])) return "R";
    return "E";
}

static const char *outcome_code(const char *o)
{
    if (!strcmp(o, "ok") || !strcmp(o, "approved") || !strcmp(o, "rejected") || !strcmp(o, "edited") ||
        !strcmp(o, "partial"))
        return "0";
    if (!strcmp(o, "denied") || !strcmp(o, "not_found") || !strcmp(o, "timeout")) return "4";
    return "8";
}

static json_t *audit_event(const ward_audit_row *r)
{
    int btg = !strncmp(r->action, "btg_", 4);
    json_t *type = r->patient_id ? coding(DCM, "110110", "Patient Record")
                 : is_login(r->action) ? coding(DCM, "110114", "User Authentication")
                                       : coding(DCM, "110100", "Application Activity");
    json_t *ev = json_pack("{s:s, s:s, s:o, s:[o], s:s, s:{s:s, s:s}, s:s, s:s, s:s}", "resourceType", "AuditEvent",
        "id", "", "type", type,
        "subtype", coding("urn:ward:audit-action", r->action, NULL),
        "action", action_code(r->action),
        "period", "start", r->period_start ? r->period_start : r->ts, "end", r->period_end ? r->period_end : r->ts,
        "recorded", r->ts, "outcome", outcome_code(r->outcome), "outcomeDesc", r->outcome);
    char id[32];
    snprintf(id, sizeof id, "ward-audit-%lld", (long long)r->id);
    json_object_set_new(ev, "id", json_string(id));
    json_t *agent = json_pack("{s:{s:[o]}, s:{s:{s:s, s:s}}, s:b, s:[{s:s}]}",
        "type", "coding", coding("http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser",
                                 "human user"),
        "who", "identifier", "system", "urn:ward:user", "value", r->actor,
        "requestor", 1, "role", "text", r->role);
    if (r->client) json_object_set_new(agent, "network", json_pack("{s:s, s:s}", "address", r->client, "type", "2"));
    if (btg) {
        json_t *pou = json_pack("[{s:[o], s:s?}]", "coding", coding(ACT_REASON, "BTG", "break the glass"), "text", r->reason);
        json_object_set(agent, "purposeOfUse", pou);
        json_object_set_new(ev, "purposeOfEvent", pou);
    }
    json_object_set_new(ev, "agent", json_pack("[o]", agent));
    json_object_set_new(ev, "source", json_pack("{s:s, s:{s:s}, s:[o]}", "site", "ward", "observer", "display",
        "Ward", "type", coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server")));
    json_t *entities = json_array();
    if (r->patient_id) {
        char ref[200];
        snprintf(ref, sizeof ref, "Patient/%s", r->patient_id);
        json_array_append_new(entities, json_pack("{s:{s:s}, s:o, s:o}", "what", "reference", ref,
            "type", coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"),
            "role", coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient")));
    }
    json_t *res = r->resources ? json_loads(r->resources, 0, NULL) : NULL;
    size_t i;
    json_t *v;
    json_array_foreach(res, i, v)
        if (json_is_string(v))
            json_array_append_new(entities, json_pack("{s:{s:s}, s:o}", "what", "reference", json_string_value(v),
                "type", coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object")));
    json_decref(res);
    if (json_array_size(entities)) json_object_set_new(ev, "entity", entities);
    else json_decref(entities);
    return ev;
}

typedef struct exporter {
    ward_line_fn fn;
    void *ud;
    int stop;
} exporter;

static int export_row(void *ud, const ward_audit_row *r)
{
    exporter *x = ud;
    json_t *ev = audit_event(r);
    char *line = json_dumps(ev, JSON_COMPACT);
    json_decref(ev);
    if (!line) return x->stop = WARD_ENOMEM;
    x->stop = x->fn(x->ud, line, strlen(line));
    free(line);
    return x->stop;
}

int ward_audit_export_fhir(ward_store *st, int64_t from, ward_line_fn fn, void *ud, ward_err *err)
{
    exporter x = {fn, ud, 0};
    int rc = ward_store_audit_each(st, from, export_row, &x, err);
    if (!rc && x.stop) rc = ward_err_set(err, x.stop, "audit export stopped");
    return rc;
}
